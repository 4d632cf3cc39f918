import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completionAt, withText } from '../../server/src/engine/intel/completion';
import { loadWorkspace, cursor } from './intelSetup';

const ws = loadWorkspace();

/** Completion labels at the `@@` cursor of a new file in the fixture workspace. */
function complete(rel: string, withCursor: string) {
  const { text, offset } = cursor(withCursor);
  const f = ws.put(rel, text);
  return completionAt(f, offset, ws.env);
}
const labels = (r: ReturnType<typeof complete>) => r.items.map(i => i.label);

test('empty OpenSLO spec: offers budgetingMethod, timeWindow, objectives (required first)', () => {
  const r = complete('slos/new.yaml', 'apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: x\nspec:\n  @@\n');
  for (const k of ['budgetingMethod', 'timeWindow', 'objectives', 'service', 'indicatorRef', 'indicator']) assert.ok(labels(r).includes(k), `${k} in ${labels(r)}`);
  const bm = r.items.find(i => i.label === 'budgetingMethod')!;
  assert.match(bm.detail ?? '', /required/);
  assert.ok(bm.documentation, 'a description');
  assert.equal(bm.insertText, 'budgetingMethod: ${1|Occurrences,Timeslices,RatioTimeslices|}');
  const tw = r.items.find(i => i.label === 'timeWindow')!;
  assert.equal(tw.insertText, 'timeWindow:\n    - $0', 'a list, indented from the key column');
});

test('the same while the document does not parse (mid-typing)', () => {
  const r = complete('slos/new.yaml', 'apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: [x\nspec:\n  service: a\n  bud@@\n');
  assert.ok(labels(r).includes('budgetingMethod'), labels(r).join());
  assert.ok(!labels(r).includes('service'), 'present keys are not offered again');
});

test('enum values after `key: `', () => {
  const r = complete('slos/new.yaml', 'apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: x\nspec:\n  budgetingMethod: @@\n');
  assert.deepEqual(labels(r).sort(), ['Occurrences', 'RatioTimeslices', 'Timeslices']);
});

test('keys of a Prometheus rule and its label values', () => {
  const r = complete('rules/new.yaml', 'groups:\n  - name: g\n    rules:\n      - alert: A\n        @@\n');
  for (const k of ['expr', 'for', 'labels', 'annotations']) assert.ok(labels(r).includes(k), `${k} in ${labels(r)}`);
  assert.ok(!labels(r).includes('alert'));
  assert.ok(!labels(r).includes('record'), 'an alerting rule is not offered `record`');
});

test('a recording rule is not offered alerting keys', () => {
  const r = complete('rules/new.yaml', 'groups:\n  - name: g\n    rules:\n      - record: a:b\n        @@\n');
  assert.ok(labels(r).includes('expr'));
  for (const k of ['for', 'annotations', 'alert', 'keep_firing_for']) assert.ok(!labels(r).includes(k), `${k} not in ${labels(r)}`);
});

test('annotation values are not offered true/false', () => {
  const r = complete('rules/new.yaml', 'groups:\n  - name: g\n    rules:\n      - alert: A\n        annotations:\n          summary: @@\n');
  assert.deepEqual(labels(r), []);
});

test('snippets: a Prometheus alert with for, labels and runbook_url as a new rules item', () => {
  const r = complete('rules/new.yaml', 'groups:\n  - name: g\n    rules:\n      - @@\n');
  const s = r.items.find(i => i.label === 'alert rule');
  assert.ok(s && s.snippet, labels(r).join());
  assert.match(s.insertText, /^alert: \$\{1:[^}]+\}\n {8}expr: /);
  assert.match(s.insertText, /\n {8}for: /);
  assert.match(s.insertText, /\n {10}severity: /);
  assert.match(s.insertText, /\n {10}runbook_url: \$\{6:\.\.\/runbooks\/\$1\.md\}/, 'the runbooks folder of the workspace, relative');
});

test('snippets for a new file: OpenSLO SLO, Sloth SLO file, rules file, Runbook', () => {
  const r = complete('new.yaml', '@@');
  assert.deepEqual(r.items.filter(i => i.kind === 'snippet').map(i => i.label).sort(), ['OpenSLO SLO', 'Prometheus rules file', 'Runbook', 'Sloth SLO file']);
  const slo = r.items.find(i => i.label === 'OpenSLO SLO')!;
  assert.match(slo.insertText, /^apiVersion: openslo\/v1\nkind: SLO\n/);
});

test('Sloth SLO snippet inside slos:', () => {
  const r = complete('slos/new.yaml', 'version: "prometheus/v1"\nservice: a\nslos:\n  - @@\n');
  assert.ok(labels(r).includes('Sloth SLO'));
  assert.ok(labels(r).includes('objective'), 'and the keys of an SLO item');
});

test('alert names inside a Runbook spec.alerts, uncovered first, listed ones left out', () => {
  const r = complete('runbooks/new.yaml', 'apiVersion: slo-lens.dev/v1\nkind: Runbook\nmetadata:\n  name: x\nspec:\n  alerts:\n    - CheckoutLatencyHigh\n    - Che@@\n');
  const alerts = r.items.filter(i => i.kind === 'alert');
  // Rule-file alerts and the alerts SLO tools generate (Sloth `alerting.name`, an OpenSLO AlertPolicy).
  assert.deepEqual(alerts.map(a => a.label).sort(), ['CheckoutAvailabilityBurn', 'CheckoutDown', 'CheckoutHighErrorRate', 'checkout-burn']);
  const down = alerts.find(a => a.label === 'CheckoutDown')!;
  const high = alerts.find(a => a.label === 'CheckoutHighErrorRate')!;
  assert.ok(down.sortText < high.sortText, 'CheckoutDown has no runbook listing it');
  assert.match(high.documentation ?? '', /histogram|http_requests_total/);
});

test('alert names in a flow list', () => {
  const r = complete('runbooks/new.yaml', 'apiVersion: slo-lens.dev/v1\nkind: Runbook\nmetadata:\n  name: x\nspec:\n  alerts: [CheckoutDown, @@]\n');
  assert.deepEqual(r.items.filter(i => i.kind === 'alert').map(a => a.label).sort(), ['CheckoutAvailabilityBurn', 'CheckoutHighErrorRate', 'CheckoutLatencyHigh', 'checkout-burn']);
});

test('runbook paths in runbook_url, relative to the rule file, the alert\'s own runbook first', () => {
  const r = complete('rules/new.yaml', 'groups:\n  - name: g\n    rules:\n      - alert: CheckoutDown\n        expr: up == 0\n        annotations:\n          runbook_url: ../r@@\n');
  const paths = labels(r);
  assert.ok(paths.includes('../runbooks/checkout.md'), paths.join());
  assert.ok(paths.includes('../runbooks/latency.yaml'));
  assert.ok(paths.includes('../runbooks/checkout/CheckoutDown.md'));
  assert.ok(paths.includes('../runbooks/checkout.md#checkouthigherrorrate'), 'per-heading runbooks as anchors');
  const first = [...r.items].sort((a, b) => a.sortText.localeCompare(b.sortText))[0];
  assert.equal(first.label, '../runbooks/checkout/CheckoutDown.md');
  const item = r.items.find(i => i.label === '../runbooks/checkout.md')!;
  assert.equal(item.filterText, '../runbooks/checkout.md');
});

test('anchors after # in runbook_url', () => {
  const r = complete('rules/new.yaml', 'groups:\n  - name: g\n    rules:\n      - alert: CheckoutHighErrorRate\n        expr: up == 0\n        annotations:\n          runbook_url: ../runbooks/checkout.md#@@\n');
  const anchors = r.items.filter(i => i.kind === 'anchor');
  assert.ok(anchors.some(a => a.label === '../runbooks/checkout.md#checkouthigherrorrate'), labels(r).join());
  const best = [...anchors].sort((a, b) => a.sortText.localeCompare(b.sortText))[0];
  assert.equal(best.label, '../runbooks/checkout.md#checkouthigherrorrate');
  assert.match(best.documentation ?? '', /More than 5 %/);
});

test('OpenSLO refs: SLI, AlertPolicy, AlertCondition and target names', () => {
  const base = 'apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: x\nspec:\n';
  assert.deepEqual(labels(complete('slos/new.yaml', base + '  indicatorRef: @@\n')), ['checkout-success-ratio']);
  assert.deepEqual(complete('slos/new.yaml', base + '  alertPolicies:\n    - alertPolicyRef: @@\n').items.filter(i => i.kind === 'reference').map(i => i.label), ['checkout-burn']);
  const pol = 'apiVersion: openslo/v1\nkind: AlertPolicy\nmetadata:\n  name: p\nspec:\n  conditions:\n    - conditionRef: @@\n';
  assert.deepEqual(complete('slos/new.yaml', pol).items.filter(i => i.kind === 'reference').map(i => i.label), ['checkout-fast-burn']);
});

test('nothing inside a block scalar or a comment', () => {
  assert.equal(complete('rules/new.yaml', 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: |\n          sum(x)\n          @@\n').items.length, 0);
  assert.equal(complete('rules/new.yaml', 'groups:\n  # a comm@@\n').items.length, 0);
});

test('a key typed before an existing colon is inserted without another colon', () => {
  const r = complete('slos/new.yaml', 'apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: x\nspec:\n  budg@@: Occurrences\n');
  assert.equal(r.items.find(i => i.label === 'budgetingMethod')?.insertText, 'budgetingMethod');
});

test('a big document being typed in: completion from the new text and the last parse (withText)', () => {
  const { text, offset } = cursor('apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: x\nspec:\n  service: a\n  @@\n');
  const parsed = ws.put('slos/lite.yaml', 'apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: x\nspec:\n  service: a\n');
  const lite = withText(parsed, text, parsed.version + 1);
  assert.equal(lite.docs.length, 0, 'the old tree is not read at new offsets');
  const r = completionAt(lite, offset, ws.env);
  assert.equal(r.format, 'openslo-v1', 'the format from the header lines');
  assert.ok(labels(r).includes('budgetingMethod'));
  assert.ok(!labels(r).includes('service'));
});
