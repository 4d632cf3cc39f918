import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documentSymbols, type IntelSymbol } from '../../server/src/engine/intel/symbols';
import { fuzzyScore, workspaceSymbols } from '../../server/src/engine/intel/workspaceSymbols';
import { loadWorkspace } from './intelSetup';

const ws = loadWorkspace();
const tree = (syms: IntelSymbol[], depth = 0): string[] => syms.flatMap(s => [`${'  '.repeat(depth)}${s.kind} ${s.name} (${s.detail})`, ...tree(s.children, depth + 1)]);

test('outline of a rule file: groups with their alerts and recording rules in order', () => {
  const f = ws.file('rules/checkout.yaml');
  assert.deepEqual(tree(documentSymbols(f)), [
    'group checkout (rule group · 2 alerts · 1 recording rule)',
    '  alert CheckoutHighErrorRate (critical · for 10m)',
    '  alert CheckoutLatencyHigh (warning · for 15m)',
    '  record job:http_requests:rate5m (recording rule)',
    'group checkout-availability (rule group · 1 alert)',
    '  alert CheckoutDown (page · for 5m)',
  ]);
  const alert = documentSymbols(f)[0].children[0];
  assert.equal(f.text.slice(alert.selection.start, alert.selection.end), 'CheckoutHighErrorRate');
  assert.ok(f.text.slice(alert.span.start, alert.span.end).includes('runbook_url'), 'the alert span covers the whole rule');
});

test('outline of a Sloth file: the service holding its SLOs', () => {
  const t = tree(documentSymbols(ws.file('slos/sloth.yaml')));
  assert.equal(t[0], 'service checkout (Sloth service)');
  assert.ok(t.includes('  slo requests-availability (Sloth SLO · 99.9% · 30d)'), t.join('\n'));
  assert.ok(t.some(l => l.startsWith('  slo low-objective (Sloth SLO · 90%')));
});

test('outline of OpenSLO documents: the SLO with its objectives, and the other kinds', () => {
  assert.deepEqual(tree(documentSymbols(ws.file('slos/openslo.yaml'))), [
    'slo checkout-availability (OpenSLO SLO · 28d)',
    '  objective good (objective · 99.5% · 28d)',
    '  objective great (objective · 99.9% · 28d)',
    'object checkout-success-ratio (OpenSLO SLI)',
    'object checkout-burn (OpenSLO AlertPolicy)',
    'object checkout-fast-burn (OpenSLO AlertCondition)',
    'object checkout (OpenSLO Service)',
  ]);
});

test('outline of a YAML Runbook: the alerts it serves', () => {
  assert.deepEqual(tree(documentSymbols(ws.file('runbooks/latency.yaml'))), [
    'runbook checkout-latency (Runbook · 2 alerts)',
    '  alert-ref CheckoutLatencyHigh (alert)',
    '  alert-ref CheckoutHighErrorRate (alert)',
  ]);
});

test('fuzzy matching prefers word starts and prefixes', () => {
  assert.equal(fuzzyScore('xyz', 'CheckoutDown'), null);
  assert.ok(fuzzyScore('chkerr', 'CheckoutHighErrorRate')! > 0);
  assert.ok(fuzzyScore('HER', 'HighErrorRate')! > fuzzyScore('HER', 'otherrors')!);
  assert.ok(fuzzyScore('check', 'CheckoutDown')! > fuzzyScore('check', 'PaymentCheck')!);
});

test('workspace symbols: SLOs and alerts across files, fuzzy, best first', () => {
  const all = workspaceSymbols(ws.engine.workspace.allFiles(), 'chkerr');
  assert.equal(all[0].name, 'CheckoutHighErrorRate');
  assert.equal(all[0].kind, 'alert');
  assert.match(all[0].container ?? '', /checkout · checkout\.yaml/);
  const slos = workspaceSymbols(ws.engine.workspace.allFiles(), 'availability').filter(s => s.kind === 'slo').map(s => s.name).sort();
  assert.deepEqual(slos, ['checkout-availability', 'requests-availability']);
  assert.ok(workspaceSymbols(ws.engine.workspace.allFiles(), '').length >= 7, 'an empty query lists everything');
});
