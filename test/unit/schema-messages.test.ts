import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { Engine } from '../../server/src/engine/engine';
import { loadSource, type SourceFile } from '../../server/src/engine/source';
import { resolveConfig } from '../../server/src/engine/config';
import type { Finding } from '../../server/src/engine/findings';
import { MAX_ISSUES_PER_DOCUMENT } from '../../server/src/engine/schema/explain';
import { validateDocument, type LocatedIssue } from '../../server/src/engine/schema/index';

/** What the fixtures cannot show: findings at column 0, quick fixes, limits, and bad input. */

const ROOT = '/ws';
let version = 1;
function src(name: string, text: string): SourceFile {
  return loadSource(`file://${ROOT}/${name}`, `${ROOT}/${name}`, text, version++);
}
function findings(text: string, name = 'f.yaml'): { file: SourceFile; all: Finding[]; schema: Finding[] } {
  const engine = new Engine(resolveConfig(ROOT), [ROOT]);
  const file = src(name, text);
  engine.update(file);
  const all = engine.findings(file.uri);
  return { file, all, schema: all.filter(f => f.rule.startsWith('schema/')) };
}
const at = (file: SourceFile, f: Finding) => file.text.slice(f.span.start, f.span.end);
function issues(text: string): { text: string; list: LocatedIssue[] } {
  const file = src('x.yaml', text);
  const d = file.docs[0].detected!;
  return { text, list: validateDocument(d.root, d.format, d.kind, { text }) ?? [] };
}
function applyEdits(text: string, edits: { span: { start: number; end: number }; newText: string }[]): string {
  return [...edits].sort((a, b) => b.span.start - a.span.start).reduce((t, e) => t.slice(0, e.span.start) + e.newText + t.slice(e.span.end), text);
}

test('a whole document missing a key is reported on its `kind:` key, not at offset 0', () => {
  const { file, schema } = findings('apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: checkout\n');
  assert.equal(schema.length, 1);
  assert.equal(schema[0].rule, 'schema/required');
  assert.equal(schema[0].message, 'missing `spec` in an OpenSLO v1 SLO');
  assert.equal(at(file, schema[0]), 'kind');
});

test('a missing `kind` is reported on `apiVersion`; an unknown one on its value, with a fix to the nearest kind', () => {
  const missing = findings('apiVersion: openslo/v1\nmetadata:\n  name: x\n');
  assert.equal(missing.schema.length, 1);
  assert.equal(at(missing.file, missing.schema[0]), 'apiVersion');
  assert.match(missing.schema[0].message, /^missing `kind`: `apiVersion: openslo\/v1` needs one of `SLO`, `SLI`/);

  const text = 'apiVersion: pyrra.dev/v1alpha1\nkind: ServiceLevelObjectives\nmetadata:\n  name: x\n';
  const unknown = findings(text);
  assert.equal(unknown.schema.length, 1);
  assert.equal(unknown.schema[0].rule, 'schema/enum');
  assert.equal(at(unknown.file, unknown.schema[0]), 'ServiceLevelObjectives');
  assert.match(unknown.schema[0].message, /did you mean `ServiceLevelObjective`\?/);
  const fixed = applyEdits(text, unknown.schema[0].fixes![0].edits);
  assert.match(fixed, /^kind: ServiceLevelObjective$/m);
});

test('the brief\'s messages: `for_` and `keep_firing_for`, in an alerting rule', () => {
  const { list } = issues('groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up == 0\n        for_: 5m\n        keep_firing: 1m\n');
  assert.deepEqual(list.map(i => i.message), [
    'unknown key `for_` in an alerting rule; did you mean `for`?',
    'unknown key `keep_firing` in an alerting rule; did you mean `keep_firing_for`?',
  ]);
});

test('quick fixes: rename a misspelled key, replace an enum value, quote a number; each leaves a valid document', () => {
  const cases = [
    'groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up == 0\n        fro: 5m\n',
    'apiVersion: openslo/v1\nkind: AlertCondition\nmetadata:\n  name: c\nspec:\n  severity: page\n  condition:\n    kind: burnrate\n    op: gtt\n    threshold: 2\n    lookbackWindow: 1h\n',
    'apiVersion: pyrra.dev/v1alpha1\nkind: ServiceLevelObjective\nmetadata:\n  name: x\nspec:\n  target: 99.5\n  window: 28d\n  indicator:\n    bool_gauge:\n      metric: probe_success\n',
  ];
  const titles: string[] = [];
  for (const text of cases) {
    const { list } = issues(text);
    assert.equal(list.length, 1, JSON.stringify(list.map(i => i.message)));
    assert.ok(list[0].edits, `no fix for: ${list[0].message}`);
    titles.push(list[0].fixTitle!);
    const again = issues(applyEdits(text, list[0].edits!));
    assert.deepEqual(again.list.map(i => i.message), [], `still invalid after "${list[0].fixTitle}"`);
  }
  assert.deepEqual(titles, ['Rename to `for`', 'Change to `gt`', 'Quote as "99.5"']);
});

test('no rename fix when the suggested key is already there', () => {
  const { list } = issues('groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up == 0\n        for: 5m\n        fro: 5m\n');
  assert.equal(list.length, 1);
  assert.equal(list[0].edits, undefined);
});

test('a key choice that is not made, or made twice, is one message (no Ajv oneOf cascade)', () => {
  const none = issues('apiVersion: openslo/v1\nkind: SLI\nmetadata:\n  name: s\nspec:\n  description: nothing chosen\n');
  assert.deepEqual(none.list.map(i => [i.rule, i.message, none.text.slice(i.span.start, i.span.end)]), [
    ['schema/required', 'SLI `spec` needs `thresholdMetric` or `ratioMetric`', 'spec'],
  ]);
  const both = issues('groups:\n  - name: a\n    rules:\n      - record: r\n        alert: A\n        expr: up\n');
  assert.deepEqual(both.list.map(i => [i.rule, both.text.slice(i.span.start, i.span.end)]), [['schema/exclusive', 'alert']]);
});

test('an empty required value says so, on its key', () => {
  const { list, text } = issues('apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: s\nspec:\n  service:\n  indicatorRef: i\n  budgetingMethod: Occurrences\n  objectives:\n    - target: 0.99\n');
  assert.deepEqual(list.map(i => [i.rule, i.message, text.slice(i.span.start, i.span.end)]), [
    ['schema/required', '`service` in SLO `spec` has no value; it is required', 'service'],
  ]);
});

test('Sloth: `__name__` as a label name is reported on the key; unknown keys are warnings', () => {
  const { file, schema } = findings('version: prometheus/v1\nservice: svc\nlabels:\n  __name__: x\nslos:\n  - name: slo-a\n    objective: 99.9\n    sli: {raw: {error_ratio_query: "x{w=\\"{{.window}}\\"}"}}\n    alerting: {name: A, annotations: {runbook_url: "https://r.example.com/a"}}\n    colour: blue\n');
  assert.deepEqual(schema.map(f => [f.rule, f.severity, at(file, f)]), [
    ['schema/pattern', 'error', '__name__'],
    ['schema/unknown-key', 'warning', 'colour'],
  ]);
});

test('configured severity applies to the family and to one id', () => {
  const text = 'groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up == 0\n        fro: 5m\n        annotations: {runbook_url: "https://r.example.com/a"}\n';
  const run = (rules: Record<string, string>) => {
    const engine = new Engine(resolveConfig(ROOT, { rules } as never), [ROOT]);
    const file = src('r.yaml', text);
    engine.update(file);
    return engine.findings(file.uri).filter(f => f.rule.startsWith('schema/')).map(f => f.severity);
  };
  assert.deepEqual(run({}), ['error']);
  assert.deepEqual(run({ 'schema/unknown-key': 'warning' }), ['warning']);
  assert.deepEqual(run({ schema: 'off' }), []);
});

// One slip, one finding: targets the slo/* rules explain are not also schema findings.
test('targets owned by slo/unrealistic-target and slo/target-scale get no schema finding', () => {
  const openslo = (objective: string) => `apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: s\nspec:\n  service: s\n  indicatorRef: i\n  budgetingMethod: Timeslices\n  timeWindow:\n    - duration: 28d\n      isRolling: true\n  objectives:\n    - ${objective}\n      timeSliceWindow: 1m\n`;
  const texts = [
    openslo('target: 99.9\n      timeSliceTarget: 0.9'), openslo('target: 1\n      timeSliceTarget: 0.9'),
    openslo('targetPercent: 100\n      timeSliceTarget: 0.9'), openslo('target: 0.99\n      timeSliceTarget: 95'),
    'version: prometheus/v1\nservice: svc\nslos:\n  - name: slo-a\n    objective: 100\n    sli: {raw: {error_ratio_query: x}}\n    alerting: {name: A}\n',
    'version: prometheus/v1\nservice: svc\nslos:\n  - name: slo-a\n    objective: 0.999\n    sli: {raw: {error_ratio_query: x}}\n    alerting: {name: A}\n',
    'apiVersion: pyrra.dev/v1alpha1\nkind: ServiceLevelObjective\nmetadata:\n  name: p\nspec:\n  target: "100"\n  window: 28d\n  indicator: {bool_gauge: {metric: up}}\n',
    'apiVersion: sre.google.com/v2\nkind: ServiceLevelObjective\nmetadata:\n  name: g\nspec:\n  description: d\n  backend: prometheus\n  method: good_bad_ratio\n  service_level_indicator: {filter_good: a, filter_valid: b}\n  goal: 1\n',
    'apiVersion: sre.google.com/v2\nkind: ServiceLevelObjective\nmetadata:\n  name: g\nspec:\n  description: d\n  backend: prometheus\n  method: good_bad_ratio\n  service_level_indicator: {filter_good: a, filter_valid: b}\n  goal: 99.9\n',
  ];
  for (const t of texts) {
    const { schema, all } = findings(t);
    assert.deepEqual(schema.map(f => f.message), [], t);
    assert.ok(all.some(f => f.rule === 'slo/unrealistic-target' || f.rule === 'slo/target-scale'), `the slo rules should own this one:\n${t}`);
  }
});

test('aliases that expand past the budget are not validated: no schema findings, no exception', () => {
  const anchors = (n: number) => {
    const names = 'abcdefgh'.split('');
    const lines = ['groups:', '  - name: bomb', '    labels:', '      l0: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < n; i++) lines.push(`      l${i}: &${names[i]} [${Array(10).fill('*' + names[i - 1]).join(', ')}]`);
    lines.push('      bad-key: [this, label, value, is, a, list]');
    return lines.join('\n') + '\n';
  };
  // Within the budget the document is checked (each list-valued label is a type error) …
  const small = anchors(3);
  const file = src('small.yaml', small);
  const d = file.docs[0].detected!;
  assert.equal(validateDocument(d.root, d.format, d.kind, { text: small })?.length, 4);
  // … past it, validation gives up quietly: yaml/syntax reports the expansion.
  assert.equal(validateDocument(d.root, d.format, d.kind, { text: small, budget: 500 }), null);
  const bomb = findings(anchors(7));
  assert.deepEqual(bomb.schema, []);
  assert.ok(bomb.all.some(f => f.rule === 'yaml/syntax'));
});

test('a document in the wrong format stops at the cap instead of producing thousands of findings', () => {
  const rules = Array.from({ length: 400 }, (_, i) => `      - alert: A${i}\n        expr: up\n        fro${i}: 1m`).join('\n');
  const { list } = issues(`groups:\n  - name: a\n    rules:\n${rules}\n`);
  assert.equal(list.length, MAX_ISSUES_PER_DOCUMENT);
});

test('fuzz: any YAML under a detected format yields findings with real spans, never an exception', () => {
  const leaf = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
  const keys = fc.constantFrom('name', 'rules', 'alert', 'record', 'expr', 'for', 'labels', 'spec', 'metadata', 'target', 'objectives', 'sli', 'x', 'kind', 'groups', 'slos', 'indicator');
  const value = fc.letrec(tie => ({
    v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(keys, tie('v'), { maxKeys: 5 })),
  })).v;
  const envelopes: ((v: unknown) => unknown)[] = [
    v => ({ groups: [{ name: 'g', rules: [v] }] }),
    v => ({ groups: v }),
    v => ({ apiVersion: 'openslo/v1', kind: 'SLO', metadata: { name: 'a' }, spec: v }),
    v => ({ apiVersion: 'openslo.com/v2alpha', kind: 'SLI', metadata: v, spec: v }),
    v => ({ version: 'prometheus/v1', service: 's', slos: [v] }),
    v => ({ apiVersion: 'pyrra.dev/v1alpha1', kind: 'ServiceLevelObjective', metadata: { name: 'p' }, spec: v }),
    v => ({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: v, spec: { groups: [v] } }),
    v => ({ apiVersion: 'slo-lens.dev/v1', kind: 'Runbook', metadata: { name: 'r' }, spec: v }),
  ];
  fc.assert(fc.property(fc.integer({ min: 0, max: envelopes.length - 1 }), value, (e, v) => {
    const text = '# fuzz\n' + dump(envelopes[e](v));
    const file = src('fuzz.yaml', text);
    for (const info of file.docs) {
      const d = info.detected;
      if (!d) continue;
      for (const i of validateDocument(d.root, d.format, d.kind, { text }) ?? []) {
        assert.ok(i.span.start >= 7 && i.span.end > i.span.start && i.span.end <= text.length, `bad span for "${i.message}" in\n${text}`);
        assert.ok(i.message.length > 0 && !i.message.includes('undefined'), i.message);
      }
    }
  }), { numRuns: 300 });
});
