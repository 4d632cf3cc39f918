import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../server/src/engine/engine';
import { loadSource } from '../../server/src/engine/source';
import { resolveConfig } from '../../server/src/engine/config';
import type { Finding, Fix, TextEdit } from '../../server/src/engine/findings';

/**
 * The runbook quick fixes end to end on small workspaces: which fixes a finding offers (keyed by rule and data),
 * and that applying one makes the finding go away without adding another.
 */

const ROOT = '/ws';

function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

function setup(files: Record<string, string>, mappings: Record<string, string> = {}) {
  const engine = new Engine(resolveConfig(ROOT, { runbooks: { urlMappings: mappings } }), [ROOT]);
  let version = 1;
  const put = (path: string, text: string) => { const f = loadSource('file://' + path, path, text, ++version); engine.update(f); return f; };
  for (const [rel, text] of Object.entries(files)) put(`${ROOT}/${rel}`, text);
  /** Applies a fix (own edits and created files) and returns the findings of the edited file afterwards. */
  const apply = (uri: string, fix: Fix): Finding[] => {
    const file = engine.workspace.get(uri)!;
    for (const fe of fix.fileEdits ?? []) put(decodeURIComponent(fe.uri.replace('file://', '')), applyEdits(engine.workspace.get(fe.uri)?.text ?? '', fe.edits));
    put(file.path, applyEdits(file.text, fix.edits));
    return engine.findings(uri);
  };
  return { engine, apply, put };
}

const RULES = (annotations: string) => `groups:\n  - name: g\n    rules:\n      # The checkout alert.\n      - alert: CheckoutDown\n        expr: up == 0\n        labels:\n          severity: critical\n${annotations}`;
const RUNBOOK = '# Checkout down\n\n## Meaning\nx\n\n## Mitigation\nFail over.\n';

test('missing runbook: link a look-alike runbook (preferred), or create one from the template', () => {
  const { engine, apply } = setup({ 'rules/a.yaml': RULES(''), 'runbooks/checkout-down.md': RUNBOOK });
  const uri = 'file:///ws/rules/a.yaml';
  const [finding] = engine.findings(uri);
  assert.equal(finding.rule, 'alert/missing-runbook');
  assert.deepEqual(finding.data, { alerts: ['CheckoutDown'], source: 'prometheus', severity: 'critical', key: 'runbook_url' });
  assert.deepEqual(finding.fixes!.map(f => [f.title, !!f.isPreferred]), [
    ['Link runbook_url to ../runbooks/checkout-down.md', true],
    ['Create runbooks/CheckoutDown.md from the runbook template and link it', false],
  ]);
  assert.deepEqual(apply(uri, finding.fixes![0]), []);
  const text = engine.workspace.get(uri)!.text;
  assert.match(text, /          severity: critical\n        annotations:\n          runbook_url: \.\.\/runbooks\/checkout-down\.md\n$/);
  assert.match(text, /# The checkout alert\./);
});

test('missing runbook with urlMappings: the new runbook goes under the first mapped folder and is linked by URL', () => {
  const { engine, apply } = setup({ 'rules/a.yaml': RULES('') }, { 'https://runbooks.example.com/': 'docs/runbooks/' });
  const uri = 'file:///ws/rules/a.yaml';
  const create = engine.findings(uri)[0].fixes!.find(f => f.fileEdits)!;
  assert.equal(create.fileEdits![0].uri, 'file:///ws/docs/runbooks/CheckoutDown.md');
  assert.equal(create.fileEdits![0].create, true);
  assert.deepEqual(apply(uri, create), []);
  assert.match(engine.workspace.get(uri)!.text, /runbook_url: https:\/\/runbooks\.example\.com\/CheckoutDown\.md/);
  // The new runbook is a runbook for the alert, and says it still lacks its mitigation.
  assert.deepEqual(engine.findings('file:///ws/docs/runbooks/CheckoutDown.md').map(f => f.rule), ['runbook/incomplete']);
});

test('an existing non-runbook file at the template path is linked, never overwritten', () => {
  const { engine } = setup({ 'rules/a.yaml': RULES(''), 'rules/runbooks/CheckoutDown.md': 'Call Sam.\n' });
  const fixes = engine.findings('file:///ws/rules/a.yaml')[0].fixes!;
  assert.deepEqual(fixes.map(f => f.title), ['Link runbook_url to the existing runbooks/CheckoutDown.md']);
  assert.equal(fixes[0].fileEdits, undefined);
});

test('runbook not found: fix the anchor, point at the runbook that serves the alert, or create the file', () => {
  const { engine, apply } = setup({
    'rules/a.yaml': RULES('        annotations:\n          runbook_url: "../runbooks/platform.md#checkout-down"\n'),
    'runbooks/platform.md': '# Platform\n\n## CheckoutDown\n### Meaning\nx\n### Mitigation\ny\n\n## QueueStalled\n### Meaning\nx\n### Mitigation\ny\n',
  });
  const uri = 'file:///ws/rules/a.yaml';
  const [finding] = engine.findings(uri);
  assert.equal(finding.rule, 'alert/runbook-not-found');
  assert.equal(finding.data?.problem, 'missing-anchor');
  assert.deepEqual(finding.fixes!.map(f => f.title), ['Change the anchor to #checkoutdown']);
  assert.deepEqual(apply(uri, finding.fixes![0]), []);
  assert.match(engine.workspace.get(uri)!.text, /runbook_url: "\.\.\/runbooks\/platform\.md#checkoutdown"/);

  const missing = setup({ 'rules/a.yaml': RULES('        annotations:\n          runbook_url: ../runbooks/gone.md\n'), 'runbooks/list.yaml': 'apiVersion: slo-lens.dev/v1\nkind: Runbook\nmetadata:\n  name: checkout\nspec:\n  alerts: [CheckoutDown]\n  mitigation:\n    - title: Fail over\n' });
  const [notFound] = missing.engine.findings(uri);
  assert.deepEqual(notFound.fixes!.map(f => f.title), ['Point the link at ../runbooks/list.yaml', 'Create runbooks/gone.md from the runbook template']);
  assert.deepEqual(missing.apply(uri, notFound.fixes![0]), []);
  const create = setup({ 'rules/a.yaml': RULES('        annotations:\n          runbook_url: ../runbooks/gone.md\n') });
  assert.deepEqual(create.apply(uri, create.engine.findings(uri)[0].fixes![0]), []);
});

test('runbook key: the rename keeps the value and the comment', () => {
  const { engine, apply } = setup({ 'rules/a.yaml': RULES('        annotations:\n          runbook: https://runbooks.example.com/checkout  # owned by payments\n') });
  const uri = 'file:///ws/rules/a.yaml';
  const [finding] = engine.findings(uri);
  assert.deepEqual(finding.data, { key: 'runbook', renameTo: 'runbook_url', alert: 'CheckoutDown', source: 'prometheus' });
  assert.deepEqual(apply(uri, finding.fixes![0]), []);
  assert.match(engine.workspace.get(uri)!.text, /runbook_url: https:\/\/runbooks\.example\.com\/checkout {2}# owned by payments\n/);
});

test('Sloth, Pyrra and OpenSLO fixes write where the tool reads the link', () => {
  const sloth = 'version: "prometheus/v1"\nservice: s\nslos:\n  - name: a\n    objective: 99.9\n    sli:\n      raw:\n        error_ratio_query: x[{{.window}}]\n    alerting:\n      name: SAlert\n      page_alert:\n        labels:\n          severity: critical\n';
  const pyrra = 'apiVersion: pyrra.dev/v1alpha1\nkind: ServiceLevelObjective\nmetadata:\n  name: api\n  labels:\n    team: a\nspec:\n  target: "99"\n  window: 7d\n  indicator:\n    bool_gauge:\n      metric: up\n';
  const openslo = 'apiVersion: openslo/v1\nkind: AlertPolicy\nmetadata:\n  name: fast\nspec:\n  conditions:\n    - kind: AlertCondition\n      metadata:\n        name: c\n      spec:\n        severity: page\n';
  const { engine, apply } = setup({ 'slos/sloth.yaml': sloth, 'slos/pyrra.yaml': pyrra, 'slos/openslo.yaml': openslo });
  const expect: Record<string, RegExp> = {
    'slos/sloth.yaml': /      name: SAlert\n      page_alert:\n        labels:\n          severity: critical\n      annotations:\n        runbook_url: runbooks\/SAlert\.md\n$/,
    'slos/pyrra.yaml': /  labels:\n    team: a\n  annotations:\n    pyrra\.dev\/runbook_url: runbooks\/api\.md\nspec:/,
    'slos/openslo.yaml': /  name: fast\n  annotations:\n    runbook_url: runbooks\/fast\.md\nspec:/,
  };
  for (const [rel, re] of Object.entries(expect)) {
    const uri = `file:///ws/${rel}`;
    const mine = engine.findings(uri).filter(f => f.rule === 'alert/missing-runbook');
    assert.equal(mine.length, 1, rel);
    const create = mine[0].fixes!.find(f => f.fileEdits)!;
    assert.deepEqual(apply(uri, create).filter(f => f.rule.startsWith('alert/')), [], rel);
    assert.match(engine.workspace.get(uri)!.text, re, rel);
  }
});

test('the link a missing-runbook message shows is the link the fix writes', async () => {
  const { newRunbookLink, newRunbookPlace } = await import('../../server/src/engine/fixes/runbookFixes');
  const file = loadSource('file:///ws/rules/a.yaml', '/ws/rules/a.yaml', 'groups: []\n', 1);
  const all: Record<string, string>[] = [{}, { 'https://runbooks.example.com/': 'runbooks/' }, { 'https://wiki/x': '/abs/rb', 'https://b/': 'b/' }];
  for (const mappings of all) {
    for (const name of ['ApiDown', 'Api Down/5xx', 'Ünïcode%Alert', '.hidden']) {
      for (const alert of [{ name, source: 'prometheus' }, { name, source: 'pyrra', sloName: `${name}-slo` }] as const) {
        const config = resolveConfig(ROOT, { runbooks: { urlMappings: mappings } });
        assert.equal(newRunbookLink(alert as never, config), newRunbookPlace(file, alert as never, config).link, `${name} ${JSON.stringify(mappings)}`);
      }
    }
  }
});
