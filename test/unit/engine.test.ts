import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../server/src/engine/engine';
import { loadSource } from '../../server/src/engine/source';
import { resolveConfig, parseConfigText, severityFor } from '../../server/src/engine/config';
import { globToRegExp, matchesAny } from '../../server/src/engine/globs';
import { formatDuration, parseOpenSloDuration, parsePromDuration } from '../../server/src/engine/durations';
import { detectFormat } from '../../server/src/engine/formats/detect';
import { parseYaml } from '../../server/src/engine/yaml/parse';
import type { Rule } from '../../server/src/engine/rules/types';

const src = (path: string, text: string, version = 1) => loadSource('file://' + path, path, text, version);

test('formats are detected from content, and unrelated YAML is left alone', () => {
  const fmt = (t: string) => detectFormat(parseYaml(t).docs[0])?.format ?? null;
  assert.equal(fmt('apiVersion: openslo/v1\nkind: SLO\n'), 'openslo-v1');
  assert.equal(fmt('version: "prometheus/v1"\nservice: x\nslos: []\n'), 'sloth-v1');
  assert.equal(fmt('apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\n'), 'prometheus-rule-crd');
  assert.equal(fmt('groups:\n  - name: a\n    rules: []\n'), 'prometheus-rules');
  assert.equal(fmt('apiVersion: apps/v1\nkind: Deployment\n'), null);
  assert.equal(fmt('openapi: 3.0.0\n'), null);
  assert.equal(fmt('apiVersion: openslo.com/v1\nkind: SLO\n'), 'openslo-unknown');
});

test('durations: Prometheus, OpenSLO (m is minutes, M months) and human form', () => {
  assert.equal(parsePromDuration('1h30m'), 5_400_000);
  assert.equal(parsePromDuration('1M'), undefined);
  assert.equal(parseOpenSloDuration('1M'), 30 * 86_400_000);
  assert.equal(parseOpenSloDuration('1m'), 60_000);
  assert.equal(formatDuration(0.001 * 30 * 86_400_000), '43m 12s');
  assert.equal(formatDuration(0.00001 * 30 * 86_400_000), '26s');
  assert.equal(formatDuration(86_400_000), '1d');
});

test('globs match like .gitignore', () => {
  assert.ok(matchesAny('vendor/a/b.yaml', [globToRegExp('vendor/**')]));
  assert.ok(matchesAny('x/generated.yaml', [globToRegExp('generated.yaml')]));
  assert.ok(matchesAny('a/b/c.yml', [globToRegExp('**/*.{yml,yaml}')]));
  assert.ok(!matchesAny('rules/api.yaml', [globToRegExp('vendor/**')]));
});

test('config: file layers win over settings, bad values become problems, families apply', () => {
  const { config, problems } = parseConfigText('rules:\n  alert/missing-runbook: error\n  schema: off\n  slo/duplicate: loud\n');
  assert.deepEqual(problems, []);
  const c = resolveConfig('/w', { rules: { 'alert/missing-runbook': 'info' } }, config);
  assert.equal(severityFor(c, 'alert/missing-runbook', 'warning'), 'error');
  assert.equal(severityFor(c, 'schema/required', 'error'), 'off');
  assert.equal(severityFor(c, 'slo/duplicate', 'warning'), 'warning');
  assert.equal(c.problems.length, 1);
  assert.match(parseConfigText('rules: [').problems[0], /slo-lens\.yaml/);
});

// A test rule that depends on another file through the workspace view, to check dependency tracking.
const needsRunbook: Rule = {
  id: 'test/needs-runbook', defaultSeverity: 'warning', description: 'test',
  check({ file, workspace, report }) {
    for (const a of file.model.alerts) if (!workspace.runbooksFor(a.name).length) report({ span: a.span, message: `no runbook for ${a.name}` });
  },
};

test('a change re-checks exactly the files that depended on what changed', () => {
  const engine = new Engine(resolveConfig('/w'), ['/w'], [needsRunbook]);
  const rules = src('/w/rules.yaml', 'groups:\n  - name: g\n    rules:\n      - alert: Down\n        expr: up == 0\n');
  const other = src('/w/other.yaml', 'groups:\n  - name: h\n    rules:\n      - alert: Other\n        expr: up == 0\n');
  engine.update(rules); engine.update(other);
  assert.equal(engine.findings(rules.uri).length, 1);
  assert.equal(engine.findings(other.uri).length, 1);
  const rb = src('/w/runbooks/Down.md', '# Down\n\n## Meaning\nx\n\n## Mitigation\nRestart.\n');
  const affected = engine.update(rb);
  assert.ok(affected.includes(rules.uri), 'the alert file depends on its runbook');
  assert.ok(!affected.includes(other.uri), 'an unrelated alert file is not re-checked');
  assert.equal(engine.findings(rules.uri).length, 0);
  const gone = engine.remove(rb.uri);
  assert.ok(gone.includes(rules.uri));
  assert.equal(engine.findings(rules.uri).length, 1);
});

test('suppression comments silence a line or a file; severities come from config; a throwing rule is contained', () => {
  const boom: Rule = { id: 'test/boom', defaultSeverity: 'error', description: 'test', check() { throw new Error('kaboom'); } };
  const engine = new Engine(resolveConfig('/w', { rules: { 'test/needs-runbook': 'error' } }), ['/w'], [needsRunbook, boom]);
  const text = 'groups:\n  - name: g\n    rules:\n      # slo-lens-disable-next-line test/needs-runbook\n      - alert: A\n        expr: up\n      - alert: B\n        expr: up\n';
  const f = src('/w/r.yaml', text);
  engine.update(f);
  const found = engine.findings(f.uri);
  assert.deepEqual(found.filter(x => x.rule === 'test/needs-runbook').map(x => [x.message, x.severity]), [['no runbook for B', 'error']]);
  assert.equal(found.filter(x => x.rule === 'internal/rule-error').length, 1);
  const all = src('/w/s.yaml', '# slo-lens-disable test/needs-runbook\n' + text, 1);
  engine.update(all);
  assert.equal(engine.findings(all.uri).filter(x => x.rule === 'test/needs-runbook').length, 0);
});

test('ignored files and files over the size limit', () => {
  const engine = new Engine(resolveConfig('/w', { ignore: ['vendor/**'] }), ['/w']);
  const bad = 'groups:\n  - name: [\n';
  const v = src('/w/vendor/x.yaml', bad);
  engine.update(v);
  assert.equal(engine.findings(v.uri).length, 0);
  const big = loadSource('file:///w/big.yaml', '/w/big.yaml', 'groups:\n' + '#'.repeat(2000), 1, { maxFileSize: 1000 });
  engine.update(big);
  assert.deepEqual(engine.findings(big.uri).map(x => x.rule), ['file/too-large']);
});
