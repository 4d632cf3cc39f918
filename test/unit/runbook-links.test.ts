import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../server/src/engine/engine';
import { loadSource, type SourceFile } from '../../server/src/engine/source';
import { resolveConfig } from '../../server/src/engine/config';
import { resolveLink, mappingFor } from '../../server/src/engine/runbooks/links';

/** Runbook link resolution against a workspace, and re-checking alerts when the runbooks they point at change. */

const ROOT = '/ws';

function workspace(files: Record<string, string>, mappings: Record<string, string> = {}) {
  const engine = new Engine(resolveConfig(ROOT, { runbooks: { urlMappings: mappings } }), [ROOT]);
  const versions = new Map<string, number>();
  const put = (rel: string, text: string): SourceFile => {
    const path = `${ROOT}/${rel}`;
    const v = (versions.get(path) ?? 0) + 1;
    versions.set(path, v);
    const f = loadSource('file://' + path, path, text, v);
    return f;
  };
  for (const [rel, text] of Object.entries(files)) engine.update(put(rel, text));
  const resolve = (link: string, from = 'rules/a.yaml', alertName?: string) =>
    resolveLink(link, { from: `${ROOT}/${from}`, alertName, config: engine.config, view: engine.workspace.view().view });
  return { engine, put, resolve };
}

const RUNBOOK_MD = '# CheckoutDown\n\n## Meaning\nx\n\n## Mitigation\nRoll back.\n';

test('relative paths resolve against the linking file; anchors must name a heading', () => {
  const { resolve } = workspace({ 'runbooks/CheckoutDown.md': RUNBOOK_MD, 'runbooks/space name.md': RUNBOOK_MD });
  assert.equal(resolve('../runbooks/CheckoutDown.md').kind, 'resolved');
  assert.equal(resolve('../runbooks/CheckoutDown.md#mitigation').kind, 'resolved');
  assert.equal(resolve('../runbooks/CheckoutDown.md#Mitigation').kind, 'resolved');
  assert.equal(resolve('../runbooks/CheckoutDown.md#user-content-meaning').kind, 'resolved');
  assert.equal(resolve('../runbooks/space%20name.md').kind, 'resolved');
  assert.equal(resolve('../runbooks/CheckoutDown.md#L7').kind, 'resolved');
  const r = resolve('../runbooks/CheckoutDown.md#rollback');
  assert.equal(r.kind, 'missing-anchor');
  assert.deepEqual(r.kind === 'missing-anchor' && r.known.slice(0, 1), ['checkoutdown']);
  assert.equal(resolve('../runbooks/CheckoutDown.md#L80').kind, 'missing-anchor');
  const missing = resolve('runbooks/CheckoutDown.md');
  assert.deepEqual(missing, { kind: 'missing-file', path: `${ROOT}/rules/runbooks/CheckoutDown.md`, mapping: undefined });
  assert.equal(resolve('/runbooks/CheckoutDown.md').kind, 'resolved');
});

test('what cannot be checked offline is trusted, never fetched', () => {
  const { resolve } = workspace({});
  assert.deepEqual(resolve('https://runbooks.example.com/x'), { kind: 'trusted', reason: 'url' });
  assert.deepEqual(resolve('confluence:OPS/Checkout'), { kind: 'trusted', reason: 'scheme' });
  assert.deepEqual(resolve('{{ $externalURL }}/runbooks/x'), { kind: 'trusted', reason: 'template' });
  assert.deepEqual(resolve('../runbooks/page.html'), { kind: 'trusted', reason: 'unindexed-type' });
  assert.deepEqual(resolve('../../../elsewhere/x.md'), { kind: 'trusted', reason: 'outside-workspace' });
  assert.deepEqual(resolve('   '), { kind: 'empty' });
});

test('mapped URLs: longest prefix, Hugo lower-case pages, folder URLs, query strings, alertname templates', () => {
  const { resolve } = workspace({
    'docs/runbooks/kubernetes/KubePodCrashLooping.md': RUNBOOK_MD,
    'docs/runbooks/node/README.md': RUNBOOK_MD,
    'special/x.md': RUNBOOK_MD,
  }, { 'https://runbooks.example.com/': 'docs/runbooks/', 'https://runbooks.example.com/special': 'special' });
  assert.equal(resolve('https://runbooks.example.com/kubernetes/kubepodcrashlooping').kind, 'resolved');
  assert.equal(resolve('https://runbooks.example.com/kubernetes/KubePodCrashLooping.md#meaning').kind, 'resolved');
  assert.equal(resolve('https://runbooks.example.com/kubernetes/{{ $labels.alertname }}?cluster=eu', 'rules/a.yaml', 'KubePodCrashLooping').kind, 'resolved');
  assert.equal(resolve('https://runbooks.example.com/node/').kind, 'resolved');
  assert.equal(resolve('https://runbooks.example.com/special/x.md').kind, 'resolved');
  const missing = resolve('https://runbooks.example.com/kubernetes/kubepodnotready');
  assert.equal(missing.kind, 'missing-file');
  assert.equal(missing.kind === 'missing-file' && missing.path, `${ROOT}/docs/runbooks/kubernetes/kubepodnotready.md`);
  // A prefix without a trailing slash only matches at a path boundary.
  assert.equal(mappingFor('https://runbooks.example.com/specialist/x', { 'https://runbooks.example.com/special': 's' }), undefined);
});

test('YAML targets must hold a Runbook; `#name` picks one by metadata.name', () => {
  const rb = (name: string) => `apiVersion: slo-lens.dev/v1\nkind: Runbook\nmetadata:\n  name: ${name}\nspec:\n  alerts: [A]\n  mitigation:\n    - title: t\n`;
  const { resolve } = workspace({ 'runbooks/db.yaml': `${rb('primary')}---\n${rb('replica')}`, 'notes.yaml': 'owner: x\n' });
  assert.equal(resolve('../runbooks/db.yaml').kind, 'resolved');
  assert.equal(resolve('../runbooks/db.yaml#replica').kind, 'resolved');
  assert.equal(resolve('../runbooks/db.yaml#standby').kind, 'no-runbook');
  assert.equal(resolve('../notes.yaml').kind, 'no-runbook');
});

const ALERTS = `groups:
  - name: g
    rules:
      - alert: CheckoutDown
        expr: up == 0
        labels:
          severity: critical
        annotations:
          runbook_url: ../runbooks/checkout.md#rolling-back
      - alert: CheckoutSlow
        expr: up == 0
`;

test('editing a runbook re-checks the alerts that point at it (through Engine.update)', () => {
  const { engine, put } = workspace({ 'rules/a.yaml': ALERTS, 'runbooks/checkout.md': RUNBOOK_MD });
  const alertUri = 'file:///ws/rules/a.yaml';
  const rules = () => engine.findings(alertUri).map(f => `${f.rule}:${f.data?.alert ?? (f.data?.alerts as string[] | undefined)?.join(',')}`).sort();
  assert.deepEqual(rules(), ['alert/missing-runbook:CheckoutSlow', 'alert/runbook-not-found:CheckoutDown']);

  // The runbook gains the heading the link names: the alert file is among the affected files, and its finding goes.
  const affected = engine.update(put('runbooks/checkout.md', RUNBOOK_MD.replace('## Mitigation', '## Rolling back')));
  assert.ok(affected.includes(alertUri), `affected: ${affected.join(', ')}`);
  assert.deepEqual(rules(), ['alert/missing-runbook:CheckoutSlow']);

  // A YAML Runbook that lists CheckoutSlow appears: that alert has a runbook now.
  const listing = 'apiVersion: slo-lens.dev/v1\nkind: Runbook\nmetadata:\n  name: slow\nspec:\n  alerts: [CheckoutSlow]\n  mitigation:\n    - title: Scale out\n';
  assert.ok(engine.update(put('runbooks/slow.yaml', listing)).includes(alertUri));
  assert.deepEqual(rules(), []);

  // It is edited to list another alert, and the runbook file is deleted: both findings come back.
  engine.update(put('runbooks/slow.yaml', listing.replace('[CheckoutSlow]', '[CheckoutSlower]')));
  assert.ok(engine.remove('file:///ws/runbooks/checkout.md').includes(alertUri));
  const after = engine.findings(alertUri);
  assert.deepEqual(after.map(f => f.rule).sort(), ['alert/missing-runbook', 'alert/runbook-not-found']);
  assert.equal(after.find(f => f.rule === 'alert/runbook-not-found')?.data?.problem, 'missing-file');
});

test('a runbook file created at a Hugo-style lower-case URL path is found case-insensitively, and re-checks', () => {
  const { engine, put } = workspace({
    'rules/a.yaml': 'groups:\n  - name: g\n    rules:\n      - alert: KubeDown\n        expr: up == 0\n        annotations:\n          runbook_url: https://rb.example.com/kubedown\n',
  }, { 'https://rb.example.com/': 'runbooks/' });
  const uri = 'file:///ws/rules/a.yaml';
  assert.deepEqual(engine.findings(uri).map(f => f.rule), ['alert/runbook-not-found']);
  assert.ok(engine.update(put('runbooks/KubeDown.md', RUNBOOK_MD)).includes(uri));
  assert.deepEqual(engine.findings(uri).map(f => f.rule), []);
});

test('an alert defined or removed re-checks the runbooks that list it (runbook/orphan)', () => {
  const listing = 'apiVersion: slo-lens.dev/v1\nkind: Runbook\nmetadata:\n  name: r\nspec:\n  alerts: [CheckoutSlow]\n  mitigation:\n    - title: Scale out\n';
  const { engine, put } = workspace({ 'runbooks/r.yaml': listing });
  const uri = 'file:///ws/runbooks/r.yaml';
  assert.deepEqual(engine.findings(uri).map(f => f.rule), ['runbook/orphan']);
  assert.ok(engine.update(put('rules/a.yaml', ALERTS)).includes(uri));
  assert.deepEqual(engine.findings(uri).map(f => f.rule), []);
});

test('the suggested place of a new runbook links exactly as relativeLink would, also for odd alert names', async () => {
  const { newRunbookPlace } = await import('../../server/src/engine/fixes/runbookFixes');
  const { relativeLink } = await import('../../server/src/engine/runbooks/links');
  const names = ['HighErrorRate', 'Kafka#Lag?', 'Ünïcødé Alert', '..hidden', 'a/b\\c', '日本語', '%41', 'x y+z'];
  for (const dir of ['/ws/rules', '/ws', 'rel/dir']) {
    const text = `groups:\n  - name: g\n    rules:\n${names.map(n => `      - alert: ${JSON.stringify(n)}\n        expr: up == 0\n`).join('')}`;
    const file = loadSource(`file://${dir}/r.yaml`, `${dir}/r.yaml`, text, 1);
    assert.equal(file.model.alerts.length, names.length);
    for (const alert of file.model.alerts) {
      const place = newRunbookPlace(file, alert, resolveConfig(ROOT));
      assert.equal(place.link, relativeLink(file.path, place.path), `${dir} ${alert.name}`);
    }
  }
});
