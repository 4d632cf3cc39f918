import { test } from 'node:test';
import assert from 'node:assert/strict';
import { definitionAt, referencesAt } from '../../server/src/engine/intel/navigation';
import { documentLinks } from '../../server/src/engine/intel/links';
import { prepareRename, renameAlert } from '../../server/src/engine/intel/rename';
import type { SourceFile } from '../../server/src/engine/source';
import type { TextEdit } from '../../server/src/engine/findings';
import { loadWorkspace, offsetOf } from './intelSetup';

const ws = loadWorkspace();
const rel = (f: SourceFile) => f.path.slice(ws.root.length + 1);
const text = (f: SourceFile, s: { start: number; end: number }) => f.text.slice(s.start, s.end);

test('runbook_url → the Markdown heading it names', () => {
  const f = ws.file('rules/checkout.yaml');
  const locs = definitionAt(f, offsetOf(f, '../runbooks/checkout.md', 3), ws.env);
  assert.equal(locs.length, 1);
  assert.equal(rel(locs[0].file), 'runbooks/checkout.md');
  assert.equal(text(locs[0].file, locs[0].span), '## CheckoutHighErrorRate');
});

test('runbook_url → a YAML Runbook (its name)', () => {
  const f = ws.file('rules/checkout.yaml');
  const [loc] = definitionAt(f, offsetOf(f, '../runbooks/latency.yaml', 3), ws.env);
  assert.equal(rel(loc.file), 'runbooks/latency.yaml');
  assert.equal(text(loc.file, loc.span), 'checkout-latency');
});

test('an http runbook_url under a urlMapping → the workspace file', () => {
  const f = ws.file('rules/checkout.yaml');
  const [loc] = definitionAt(f, offsetOf(f, 'https://runbooks.example.com', 5), ws.env);
  assert.equal(rel(loc.file), 'runbooks/checkout/CheckoutDown.md');
});

test('Runbook spec.alerts entry → the alert rule', () => {
  const f = ws.file('runbooks/latency.yaml');
  const locs = definitionAt(f, offsetOf(f, 'CheckoutLatencyHigh', 3), ws.env);
  assert.equal(locs.length, 1);
  assert.equal(rel(locs[0].file), 'rules/checkout.yaml');
  assert.equal(text(locs[0].file, locs[0].span), 'CheckoutLatencyHigh');
});

test('OpenSLO refs → the object', () => {
  const f = ws.file('slos/openslo.yaml');
  for (const [ref, name] of [['indicatorRef: checkout-success-ratio', 'checkout-success-ratio'], ['alertPolicyRef: checkout-burn', 'checkout-burn'], ['conditionRef: checkout-fast-burn', 'checkout-fast-burn']]) {
    const locs = definitionAt(f, offsetOf(f, ref, ref.indexOf(':') + 4), ws.env);
    assert.equal(locs.length, 1, ref);
    const target = locs[0];
    assert.equal(text(target.file, target.span), name);
    assert.ok(target.span.start < offsetOf(f, ref) || target.span.start > offsetOf(f, ref) + ref.length, 'not the ref itself');
  }
});

test('Markdown runbook heading → the alert rule', () => {
  const f = ws.file('runbooks/checkout.md');
  const [loc] = definitionAt(f, offsetOf(f, '## CheckoutHighErrorRate', 5), ws.env);
  assert.equal(text(loc.file, loc.span), 'CheckoutHighErrorRate');
});

test('references of an alert: its rule, runbook entries and links', () => {
  const f = ws.file('rules/checkout.yaml');
  const refs = referencesAt(f, offsetOf(f, 'alert: CheckoutHighErrorRate', 9), ws.env, true);
  const got = refs.map(r => `${rel(r.file)}:${text(r.file, r.span)}`).sort();
  assert.deepEqual(got, [
    'rules/checkout.yaml:../runbooks/checkout.md#checkouthigherrorrate',
    'rules/checkout.yaml:CheckoutHighErrorRate',
    'runbooks/checkout.md:CheckoutHighErrorRate',
    'runbooks/latency.yaml:CheckoutHighErrorRate',
  ]);
  const noDecl = referencesAt(f, offsetOf(f, 'alert: CheckoutHighErrorRate', 9), ws.env, false);
  assert.equal(noDecl.length, 3);
});

test('references of an OpenSLO object: every ref to it', () => {
  const f = ws.file('slos/openslo.yaml');
  const refs = referencesAt(f, offsetOf(f, 'name: checkout-success-ratio', 8), ws.env, true);
  assert.equal(refs.length, 2);
});

test('document links: workspace runbooks at their heading, http URLs as-is, mapped URLs into the workspace', () => {
  const ws2 = loadWorkspace();
  const f = ws2.put('rules/links.yaml', [
    'groups:',
    '  - name: g',
    '    rules:',
    '      - alert: A',
    '        expr: up == 0',
    '        annotations:',
    '          runbook_url: ../runbooks/checkout.md#checkouthigherrorrate',
    '      - alert: B',
    '        expr: up == 0',
    '        annotations:',
    '          runbook_url: "https://wiki.example.org/B"',
    '      - alert: C',
    '        expr: up == 0',
    '        annotations:',
    '          runbook_url: ../runbooks/missing.md',
    '      - alert: D',
    '        expr: up == 0',
    '        annotations:',
    '          runbook: https://runbooks.example.com/checkout/CheckoutDown',
    '',
  ].join('\n'));
  const links = documentLinks(f, ws2.env);
  assert.equal(links.length, 3, 'the missing file gets no link');
  const [a, b, d] = links;
  assert.equal(text(f, a.span), '../runbooks/checkout.md#checkouthigherrorrate');
  assert.ok('file' in a.target && text(a.target.file, { start: a.target.offset, end: a.target.offset + 24 }) === '## CheckoutHighErrorRate');
  assert.equal(text(f, b.span), 'https://wiki.example.org/B', 'the range excludes the quotes');
  assert.deepEqual(b.target, { url: 'https://wiki.example.org/B' });
  assert.ok('file' in d.target && d.target.file.path.endsWith('runbooks/checkout/CheckoutDown.md'));
});

function applyEdits(f: SourceFile, edits: TextEdit[]): string {
  let out = f.text;
  for (const e of [...edits].sort((x, y) => y.span.start - x.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

test('rename an alert: the rule, Runbook entries, Markdown headings and the anchors that pointed at them', () => {
  const f = ws.file('rules/checkout.yaml');
  const at = offsetOf(f, 'alert: CheckoutHighErrorRate', 10);
  const prep = prepareRename(f, at);
  assert.ok('placeholder' in prep);
  assert.equal(prep.placeholder, 'CheckoutHighErrorRate');
  const edits = renameAlert(f, at, 'CheckoutErrorBudgetBurn', ws.env);
  assert.ok(edits instanceof Map);
  const byFile = new Map([...edits].map(([file, e]) => [rel(file), applyEdits(file, e)]));
  assert.deepEqual([...byFile.keys()].sort(), ['rules/checkout.yaml', 'runbooks/checkout.md', 'runbooks/latency.yaml']);
  assert.match(byFile.get('rules/checkout.yaml')!, /- alert: CheckoutErrorBudgetBurn\n/);
  assert.match(byFile.get('rules/checkout.yaml')!, /runbook_url: \.\.\/runbooks\/checkout\.md#checkouterrorbudgetburn\n/);
  assert.match(byFile.get('runbooks/checkout.md')!, /^## CheckoutErrorBudgetBurn$/m);
  assert.match(byFile.get('runbooks/latency.yaml')!, /alerts: \[CheckoutLatencyHigh, CheckoutErrorBudgetBurn\]/);
  // Nothing else changed: the edited texts differ from the originals only in the renamed places.
  assert.equal(byFile.get('runbooks/latency.yaml')!.replace('CheckoutErrorBudgetBurn', 'CheckoutHighErrorRate'), ws.file('runbooks/latency.yaml').text);
});

test('rename from a Runbook entry, and a name that needs quotes', () => {
  const f = ws.file('runbooks/latency.yaml');
  const edits = renameAlert(f, offsetOf(f, 'CheckoutLatencyHigh', 2), 'Checkout: slow', ws.env);
  assert.ok(edits instanceof Map);
  const rules = [...edits].find(([file]) => rel(file) === 'rules/checkout.yaml')!;
  assert.match(applyEdits(rules[0], rules[1]), /- alert: "Checkout: slow"\n/);
});

test('prepareRename refuses places that are not alert names', () => {
  const f = ws.file('rules/checkout.yaml');
  const r = prepareRename(f, offsetOf(f, 'severity: critical', 12));
  assert.ok('error' in r);
});

test('an alert generated by Sloth (sloth_* labels in the rendered rules) → the SLO it came from', () => {
  const ws2 = loadWorkspace();
  const f = ws2.put('rules/generated.yaml', [
    'groups:',
    '  - name: sloth-slo-alerts-checkout-requests-availability',
    '    rules:',
    '      - alert: CheckoutAvailabilityBurn',
    '        expr: (slo:sli_error:ratio_rate5m{sloth_id="checkout-requests-availability"} > (14.4 * 0.001))',
    '        labels:',
    '          sloth_id: checkout-requests-availability',
    '          sloth_service: checkout',
    '          sloth_slo: requests-availability',
    '          severity: critical',
    '',
  ].join('\n'));
  const locs = definitionAt(f, offsetOf(f, 'CheckoutAvailabilityBurn', 3), ws2.env);
  assert.equal(locs.length, 1);
  assert.equal(rel(locs[0].file), 'slos/sloth.yaml');
  assert.equal(text(locs[0].file, locs[0].span), '"requests-availability"');
});
