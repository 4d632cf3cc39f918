import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Engine } from '../../server/src/engine/engine';
import { loadSource, type SourceFile } from '../../server/src/engine/source';
import { resolveConfig } from '../../server/src/engine/config';
import { errorBudget, tierCanFire } from '../../server/src/engine/slo';

/** Behaviour the fixtures cannot show: incremental re-checks, configuration, and bad input. */

const ROOT = '/ws';
let version = 1;
function src(name: string, text: string): SourceFile {
  const p = `${ROOT}/${name}`;
  return loadSource('file://' + p, p, text, version++);
}
/** Findings of the SLO rules, and failures of the SLO rules (other rules' findings are not these tests' business). */
const slo = (s: SourceFile, engine: Engine) => engine.findings(s.uri).filter(f => f.rule.startsWith('slo/') || (f.rule === 'internal/rule-error' && f.message.includes('rule `slo/')));

const SLO = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout
spec:
  service: checkout
  indicatorRef: checkout-ok
  timeWindow:
    - duration: 28d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - target: 0.999
`;
const SLI = `apiVersion: openslo/v1
kind: SLI
metadata:
  name: checkout-ok
spec:
  ratioMetric:
    counter: true
    good:
      metricSource:
        type: Prometheus
        spec:
          query: sum(http_requests_total{code!~"5.."})
    total:
      metricSource:
        type: Prometheus
        spec:
          query: sum(http_requests_total)
`;

test('unresolved-ref: defining the object in another file clears the finding, deleting it brings it back', () => {
  const engine = new Engine(resolveConfig(ROOT), [ROOT]);
  const a = src('slo.yaml', SLO);
  engine.update(a);
  assert.deepEqual(slo(a, engine).map(f => f.rule), ['slo/unresolved-ref']);
  const b = src('sli.yaml', SLI);
  assert.ok(engine.update(b).includes(a.uri), 'the SLO depends on the SLI name it looked up');
  assert.deepEqual(slo(a, engine), []);
  assert.ok(engine.remove(b.uri).includes(a.uri));
  assert.deepEqual(slo(a, engine).map(f => f.rule), ['slo/unresolved-ref']);
});

test('duplicate: a second definition in another file flags both; removing it clears both', () => {
  const engine = new Engine(resolveConfig(ROOT), [ROOT]);
  const sli = src('sli.yaml', SLI);
  const a = src('a.yaml', SLO);
  engine.update(sli);
  engine.update(a);
  assert.deepEqual(slo(a, engine), []);
  const b = src('b.yaml', SLO.replace('service: checkout', 'service: checkout-v2'));
  assert.ok(engine.update(b).includes(a.uri));
  const fa = slo(a, engine);
  assert.deepEqual(fa.map(f => f.rule), ['slo/duplicate']);
  assert.equal(fa[0].related?.[0].uri, b.uri);
  assert.ok(fa[0].related?.[0].range, 'related locations carry a range for the editor');
  assert.match(fa[0].message, /also at b\.yaml:4/);
  assert.deepEqual(slo(b, engine).map(f => f.rule), ['slo/duplicate']);
  engine.remove(b.uri);
  assert.deepEqual(slo(a, engine), []);
});

test('configuration: rules can be turned off or re-graded; Sloth period changes the tiers', () => {
  const text = `version: "prometheus/v1"
service: "svc"
slos:
  - name: "a"
    objective: 93
    sli:
      raw:
        error_ratio_query: sum(rate(errors_total[{{.window}}])) / sum(rate(requests_total[{{.window}}]))
    alerting:
      name: SvcA
`;
  const at = (cfg: object) => {
    const engine = new Engine(resolveConfig(ROOT, cfg), [ROOT]);
    const s = src('sloth.yaml', text);
    engine.update(s);
    return slo(s, engine).map(f => `${f.severity} ${f.rule}`);
  };
  assert.deepEqual(at({}), ['warning slo/burn-rate-unreachable'], '30d: 14.4 × 7 % = 1.008');
  assert.deepEqual(at({ sloth: { defaultPeriod: '28d' } }), [], '28d: 13.44 × 7 % = 0.94');
  assert.deepEqual(at({ sloth: { defaultPeriod: '7d' } }), [], 'no catalog for 7d: Sloth would not generate, nothing to check');
  assert.deepEqual(at({ rules: { 'slo/burn-rate-unreachable': 'off' } }), []);
  assert.deepEqual(at({ rules: { 'slo/burn-rate-unreachable': 'error' } }), ['error slo/burn-rate-unreachable']);
});

test('unrealistic-target: configured severity overrides both the error and the warning', () => {
  const engine = new Engine(resolveConfig(ROOT, { rules: { 'slo/unrealistic-target': 'info' } }), [ROOT]);
  const s = src('goal.yaml', `apiVersion: sre.google.com/v2
kind: ServiceLevelObjective
metadata:
  name: x
spec:
  backend: prometheus
  method: good_bad_ratio
  service_level_indicator: {filter_good: a, filter_valid: b}
  goal: 1
`);
  engine.update(s);
  assert.deepEqual(slo(s, engine).map(f => `${f.severity} ${f.rule}`), ['info slo/unrealistic-target']);
});

test('suppression comments silence one SLO rule on the next line', () => {
  const engine = new Engine(resolveConfig(ROOT), [ROOT]);
  const s = src('pyrra.yaml', `apiVersion: pyrra.dev/v1alpha1
kind: ServiceLevelObjective
metadata:
  name: x
spec:
  # slo-lens-disable-next-line slo/unrealistic-target
  target: "100"
  window: 2w
  indicator:
    bool_gauge:
      metric: probe_success
`);
  engine.update(s);
  assert.deepEqual(slo(s, engine), []);
});

/** Values that are not what any rule expects: each must yield findings or nothing, never a rule error. */
const ODD_VALUES = ['', '"abc"', '.inf', '-.inf', '.nan', '-1', '0', '1e309', '[1, 2]', '{a: 1}', 'null', 'true', '"100"', '"0.5"', '100.0000001', '1e-7', '0x10', '99.9999999999'];

test('bad input in every SLO field yields findings or nothing, never a rule error', () => {
  const templates = [
    (v: string) => `version: "prometheus/v1"\nservice: s\nslos:\n  - name: a\n    objective: ${v}\n    alerting:\n      name: A\n      page_alert: ${v}\n`,
    (v: string) => `apiVersion: pyrra.dev/v1alpha1\nkind: ServiceLevelObjective\nmetadata: {name: a}\nspec:\n  target: ${v}\n  window: ${v}\n  alerting: ${v}\n`,
    (v: string) => `apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec:\n  timeWindow: [{duration: ${v}}]\n  budgetingMethod: Timeslices\n  objectives: [{target: ${v}, timeSliceWindow: ${v}, timeSliceTarget: ${v}}, {targetPercent: ${v}}]\n  alertPolicies: [${v}, {alertPolicyRef: ${v}}, {kind: AlertPolicy, spec: {conditions: [{kind: AlertCondition, spec: {condition: {kind: burnrate, op: ${v}, threshold: ${v}}}}]}}]\n`,
    (v: string) => `- apiVersion: openslo/v1\n  kind: AlertCondition\n  metadata: {name: ${v}}\n  spec: {condition: {kind: burnrate, op: ${v}, threshold: ${v}}}\n- ${v}\n`,
    (v: string) => `apiVersion: sre.google.com/v2\nkind: ServiceLevelObjective\nmetadata: {name: a}\nspec:\n  goal: ${v}\n  error_budget_policy: ${v}\n`,
    (v: string) => `backends: {}\nexporters: {}\nerror_budget_policies:\n  default: {steps: [{name: ${v}, burn_rate_threshold: ${v}, window: ${v}}]}\n  other: ${v}\n`,
  ];
  const engine = new Engine(resolveConfig(ROOT), [ROOT]);
  templates.forEach((t, i) => ODD_VALUES.forEach((v, j) => {
    const s = src(`odd-${i}-${j}.yaml`, t(v));
    engine.update(s);
  }));
  for (const f of engine.workspace.allFiles()) {
    const errors = slo(f, engine).filter(x => x.rule === 'internal/rule-error');
    assert.deepEqual(errors.map(e => e.message), [], f.path);
  }
});

test('property: a Sloth objective gets burn-rate-unreachable exactly when some 30d tier has factor × budget ≥ 1', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 9999 }), n => {
    const objective = n / 100;
    const engine = new Engine(resolveConfig(ROOT), [ROOT]);
    const s = src('p.yaml', `version: "prometheus/v1"\nservice: s\nslos:\n  - name: a\n    objective: ${objective}\n    alerting:\n      name: A\n`);
    engine.update(s);
    const fired = engine.findings(s.uri).some(f => f.rule === 'slo/burn-rate-unreachable');
    const t = objective / 100;
    const expected = objective >= 1 && [14.4, 6, 3, 1].some(factor => !tierCanFire(factor, t)) && errorBudget(t) > 0;
    return fired === expected;
  }), { numRuns: 200 });
});
