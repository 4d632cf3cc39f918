import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hoverAt } from '../../server/src/engine/intel/hover';
import { loadWorkspace, offsetOf } from './intelSetup';

const ws = loadWorkspace();

test('hover on a Sloth objective shows the 30-day budget as time (99.9 % → 43m 12s)', () => {
  const f = ws.file('slos/sloth.yaml');
  const h = hoverAt(f, offsetOf(f, '99.9', 1), ws.env);
  assert.ok(h, 'a hover');
  assert.match(h.markdown, /43m 12s/);
  assert.match(h.markdown, /30d/);
  assert.equal(f.text.slice(h.span.start, h.span.end), '99.9');
});

test('target hover: day/week/month, Sloth tiers with thresholds, nines table', () => {
  const f = ws.file('slos/sloth.yaml');
  const md = hoverAt(f, offsetOf(f, '99.9', 1), ws.env)!.markdown;
  assert.match(md, /\| day \| 1m 26s \|/);
  assert.match(md, /\| week \| 10m 5s \|/);
  assert.match(md, /page quick \| 1h \/ 5m \| 14\.4× \| 1\.44% \| can fire/);
  assert.match(md, /ticket slow \| 3d \/ 6h \| 1× \| 0\.1% \| can fire/);
  assert.match(md, /\*\*99\.9%\*\* ←/);
  assert.match(md, /\| 99\.99% \| 4m 19s \|/);
});

test('a low objective shows the tiers that can never fire', () => {
  const f = ws.file('slos/sloth.yaml');
  const md = hoverAt(f, offsetOf(f, 'objective: 90', 12), ws.env)!.markdown;
  assert.match(md, /page quick \| 1h \/ 5m \| 14\.4× \| 144% \| \*\*never fires\*\*/);
  assert.match(md, /ticket slow[^\n]*can fire/);
  assert.match(md, /1 tier can never fire/);
  assert.match(md, /page slow \| 6h \/ 30m \| 6× \| 60% \| can fire/);
});

test('OpenSLO objective: budget over its 28d window, workbook tiers scaled to 28d', () => {
  const f = ws.file('slos/openslo.yaml');
  const md = hoverAt(f, offsetOf(f, '0.999', 1), ws.env)!.markdown;
  assert.match(md, /checkout-availability · great/);
  assert.match(md, /\*\*40m 19s\*\* of bad time per 28d/);
  assert.match(md, /13\.44×/);
});

test('hover on the window shows the same budget', () => {
  const f = ws.file('slos/openslo.yaml');
  const h = hoverAt(f, offsetOf(f, '28d', 1), ws.env);
  assert.match(h!.markdown, /error budget/);
});

test('hover on an alert name: its runbooks with their summary and a link', () => {
  const f = ws.file('rules/checkout.yaml');
  const h = hoverAt(f, offsetOf(f, 'CheckoutHighErrorRate', 3), ws.env)!;
  assert.match(h.markdown, /\*\*CheckoutHighErrorRate\*\*: alert in group `checkout` · severity `critical` · for 10m/);
  assert.match(h.markdown, /More than 5 % of checkout requests fail/);
  assert.match(h.markdown, /runbooks\/checkout\.md#checkouthigherrorrate/);
  assert.match(h.markdown, /\(file:\/\/[^)]*checkout\.md#L5\)/);
  assert.match(h.markdown, /checkout-latency/, 'the YAML runbook that lists it too');
});

test('hover on an alert without a runbook says so', () => {
  const ws2 = loadWorkspace();
  const f = ws2.put('rules/extra.yaml', 'groups:\n  - name: x\n    rules:\n      - alert: Lonely\n        expr: up == 0\n');
  const h = hoverAt(f, offsetOf(f, 'Lonely', 1), ws2.env)!;
  assert.match(h.markdown, /No runbook/);
});

test('hover on a Runbook spec.alerts entry: the alert rule with its expression', () => {
  const f = ws.file('runbooks/latency.yaml');
  const h = hoverAt(f, offsetOf(f, 'CheckoutLatencyHigh', 2), ws.env)!;
  assert.match(h.markdown, /alert rule/);
  assert.match(h.markdown, /histogram_quantile/);
  assert.match(h.markdown, /rules\/checkout\.yaml/);
});

test('hover on an OpenSLO ref: the referenced object', () => {
  const f = ws.file('slos/openslo.yaml');
  const h = hoverAt(f, offsetOf(f, 'checkout-success-ratio', 2), ws.env)!;
  assert.match(h.markdown, /SLI/);
  assert.match(h.markdown, /Share of checkout requests that succeed/);
  assert.match(h.markdown, /ratio metric/);
  const c = hoverAt(f, offsetOf(f, 'conditionRef: checkout-fast-burn', 16), ws.env)!;
  assert.match(c.markdown, /`burnrate gt 14.4` over 1h/);
});

test('hover on a runbook_url: where it leads', () => {
  const f = ws.file('rules/checkout.yaml');
  const h = hoverAt(f, offsetOf(f, '../runbooks/checkout.md', 5), ws.env)!;
  assert.match(h.markdown, /checkout\.md#checkouthigherrorrate/);
  assert.match(h.markdown, /Customers cannot pay/);
  const mapped = hoverAt(f, offsetOf(f, 'https://runbooks.example.com', 10), ws.env)!;
  assert.match(mapped.markdown, /CheckoutDown\.md/);
});

test('no hover on plain text of an unknown YAML file', () => {
  const ws2 = loadWorkspace();
  const f = ws2.put('other.yaml', 'name: x\nobjective: 99.9\n');
  assert.equal(hoverAt(f, offsetOf(f, '99.9', 1), ws2.env), null);
});
