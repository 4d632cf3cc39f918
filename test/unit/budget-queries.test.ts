import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parser } from '@prometheus-io/lezer-promql';
import { isVectorSelector, sloGeneratorQuery, subqueryStep, windowQuery, type QueryResult, type WindowQuery } from '../../server/src/engine/budget/queries';
import { budgetSubjects } from '../../server/src/engine/budget/subjects';
import { loadSource } from '../../server/src/engine/source';
import { Workspace } from '../../server/src/engine/workspace';
import type { BudgetSli, BudgetSubject } from '../../server/src/engine/budget/types';

const DAY = 86_400_000;
const H = 3_600_000;

function subject(sli: BudgetSli, extra: Partial<BudgetSubject> = {}): BudgetSubject {
  return { key: 'k', uri: 'file:///x.yaml', file: '/x.yaml', name: 'x', format: 'openslo-v1', target: 0.999, window: { text: '30d', ms: 30 * DAY }, sli, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, ...extra };
}

function ok(r: QueryResult): WindowQuery {
  assert.ok(!('unsupported' in r), JSON.stringify(r));
  return r as WindowQuery;
}

/** Parses with the Prometheus UI grammar; fails on any error node. */
function assertParses(q: string): void {
  const tree = parser.parse(q);
  tree.iterate({ enter: n => { if (n.type.isError) assert.fail(`PromQL error at ${n.from} in: ${q}`); } });
}

test('vector selectors are told apart from expressions', () => {
  for (const s of ['up', 'http_requests_total{code=~"5.."}', '{__name__="x"}', 'a:b_c{x="}",y=\'{\'}', ' m { a = "b" } ']) assert.ok(isVectorSelector(s), s);
  for (const s of ['sum(up)', 'rate(x[5m])', 'x offset 5m', 'a / b', 'x{a="b"}[5m]', '']) assert.ok(!isVectorSelector(s), s);
});

test('Sloth events: {{.window}} rendered, each side summed once, missing error series read as 0', () => {
  const q = ok(windowQuery(subject({ kind: 'sloth-events', errorQuery: 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))', totalQuery: 'sum(rate(http_requests_total[{{ .window }}]))' }), 30 * DAY));
  assert.equal(q.errors, '(sum(sum(rate(http_requests_total{code=~"5.."}[30d]))) or vector(0))');
  assert.equal(q.total, 'sum(sum(rate(http_requests_total[30d])))');
  assert.equal(q.ratio, `${q.errors} / ${q.total}`);
  assertParses(q.ratio);
  const h = ok(windowQuery(subject({ kind: 'sloth-events', errorQuery: 'x{a="b"}[{{.window}}]', totalQuery: 'y[{{.window}}]' }), H));
  assert.match(h.ratio, /\[1h\]/);
});

test('Sloth raw: the ratio query, worst series; other template variables are unsupported', () => {
  const q = ok(windowQuery(subject({ kind: 'sloth-raw', errorRatioQuery: '1 - avg_over_time(probe_success[{{.window}}])' }), 6 * H));
  assert.equal(q.ratio, 'max(1 - avg_over_time(probe_success[6h]))');
  assertParses(q.ratio);
  const bad = windowQuery(subject({ kind: 'sloth-raw', errorRatioQuery: 'x{svc="{{.service}}"}[{{.window}}]' }), H);
  assert.match((bad as { unsupported: string }).unsupported, /template variables/);
});

test('Pyrra ratio, grouped ratio (worst group), latency and bool_gauge', () => {
  const ratio = ok(windowQuery(subject({ kind: 'pyrra-ratio', errors: 'http_requests_total{code=~"5.."}', total: 'http_requests_total' }), 4 * 7 * DAY));
  assert.equal(ratio.ratio, '(sum(increase(http_requests_total{code=~"5.."}[28d])) or vector(0)) / sum(increase(http_requests_total[28d]))');
  const grouped = ok(windowQuery(subject({ kind: 'pyrra-ratio', errors: 'e{code="500"}', total: 't', grouping: ['route', 'method'] }), DAY));
  assert.equal(grouped.ratio, 'topk(1, ((sum by (route, method) (increase(e{code="500"}[1d])) or sum by (route, method) (increase(t[1d])) * 0) / sum by (route, method) (increase(t[1d]))) >= 0)');
  assert.ok(grouped.errors && grouped.total, 'burn-down still gets ungrouped event counts');
  const latency = ok(windowQuery(subject({ kind: 'pyrra-latency', success: 'h_bucket{le="0.5"}', total: 'h_count' }), H));
  assert.equal(latency.ratio, '1 - (sum(increase(h_bucket{le="0.5"}[1h])) or vector(0)) / sum(increase(h_count[1h]))');
  assert.equal(latency.errors, '(sum(increase(h_count[1h])) - (sum(increase(h_bucket{le="0.5"}[1h])) or vector(0)))');
  const gauge = ok(windowQuery(subject({ kind: 'pyrra-bool-gauge', metric: 'probe_success{job="x"}' }), H));
  assert.equal(gauge.total, 'sum(count_over_time(probe_success{job="x"}[1h]))');
  for (const q of [ratio, grouped, latency, gauge]) assertParses(q.ratio);
});

test('OpenSLO ratio: counters go through increase(), other metrics through sum_over_time(), expressions through subqueries', () => {
  const bad = ok(windowQuery(subject({ kind: 'ratio', bad: 'errs_total{a="b"}', total: 'reqs_total', counter: true }), 30 * DAY));
  assert.equal(bad.ratio, '(sum(increase(errs_total{a="b"}[30d])) or vector(0)) / sum(increase(reqs_total[30d]))');
  const good = ok(windowQuery(subject({ kind: 'ratio', good: 'ok_total', total: 'reqs_total', counter: true }), H));
  assert.equal(good.ratio, '1 - (sum(increase(ok_total[1h])) or vector(0)) / sum(increase(reqs_total[1h]))');
  const gauge = ok(windowQuery(subject({ kind: 'ratio', good: 'sum(rate(ok_total[5m]))', total: 'sum(rate(reqs_total[5m]))', counter: false }), DAY));
  assert.match(gauge.ratio, /sum_over_time\(\(sum\(rate\(ok_total\[5m\]\)\)\)\[1d:5m\]\)/);
  const wrapped = ok(windowQuery(subject({ kind: 'ratio', bad: 'sum(errs_total)', total: 'sum(reqs_total)', counter: true }), 30 * DAY));
  assert.match(wrapped.ratio, /increase\(\(sum\(errs_total\)\)\[30d:4m\]\)/, 'a 30d subquery keeps ≤ 11,000 steps');
  for (const q of [bad, good, gauge, wrapped]) assertParses(q.ratio);
  // Each counter is read once per ratio: Prometheus would evaluate a repeated 30-day range twice.
  for (const q of [bad, good]) assert.equal(q.ratio.split('reqs_total').length - 1, 1, q.ratio);
  assert.equal(subqueryStep('x', H), '1m');
  assert.equal(subqueryStep('rate(x[2m])', H), '2m');
});

test('slo-generator: its _fmt_query (window placeholder or appended, operators wrap), good/bad, good/valid, query_sli, distribution_cut', () => {
  assert.equal(sloGeneratorQuery('x{a="b"}', 28 * DAY, ['increase', 'sum']), 'sum(increase(x{a="b"}[2419200s]))');
  assert.equal(sloGeneratorQuery('rate(x[window])', H, ['sum_over_time']), 'sum(sum_over_time(rate(x[3600s])))');
  const gb = ok(windowQuery(subject({ kind: 'slo-generator-good-bad', good: 'ok_total', bad: 'err_total', operators: ['increase', 'sum'] }), H));
  assert.equal(gb.errors, '(sum(increase(err_total[3600s])) or vector(0))');
  assert.equal(gb.total, `((sum(increase(ok_total[3600s])) or vector(0)) + ${gb.errors})`);
  const gv = ok(windowQuery(subject({ kind: 'slo-generator-good-bad', good: 'ok_total', valid: 'all_total', operators: ['increase', 'sum'] }), H));
  assert.equal(gv.ratio, '1 - (sum(increase(ok_total[3600s])) or vector(0)) / sum(increase(all_total[3600s]))');
  const sli = ok(windowQuery(subject({ kind: 'slo-generator-query-sli', expression: 'avg_over_time(up[window])' }), H));
  assert.equal(sli.ratio, '1 - min(avg_over_time(up[3600s]))');
  const cut = ok(windowQuery(subject({ kind: 'slo-generator-distribution-cut', expression: 'lat_bucket{job="x"}', thresholdBucket: '0.25' }), H));
  assert.match(cut.ratio, /increase\(lat_bucket\{job="x", le="0\.25"\}\[3600s\]\)/);
  assert.match(cut.ratio, /increase\(lat_count\{job="x"\}\[3600s\]\)/);
  for (const q of [gb, gv, sli, cut]) assertParses(q.ratio);
  assert.ok('unsupported' in windowQuery(subject({ kind: 'slo-generator-distribution-cut', expression: 'lat_bucket', thresholdBucket: '1' }), H));
});

test('OpenSLO time slices: share of bad slices (Timeslices) or mean slice error ratio (RatioTimeslices)', () => {
  const sli: BudgetSli = { kind: 'ratio', bad: 'e_total', total: 't_total', counter: true };
  const ts = ok(windowQuery(subject(sli, { timeslices: { method: 'Timeslices', sliceMs: 5 * 60_000, sliceTarget: 0.95 } }), 30 * DAY));
  assert.match(ts.ratio, /^avg_over_time\(\(\(.*\[5m\].*\) > bool 0\.05\)\[30d:5m\]\)$/);
  assert.equal(ts.errors, undefined, 'time slices are weighed by time, not events');
  const rts = ok(windowQuery(subject(sli, { timeslices: { method: 'RatioTimeslices', sliceMs: H } }), DAY));
  assert.match(rts.ratio, /^avg_over_time\(\(\(.*\[1h\].*\) >= 0\)\[1d:1h\]\)$/);
  for (const q of [ts, rts]) assertParses(q.ratio);
  assert.ok('unsupported' in windowQuery(subject(sli, { timeslices: { method: 'Timeslices', sliceMs: H } }), DAY), 'Timeslices without timeSliceTarget');
});

test('subjects: indicatorRef resolved through the workspace, Sloth period from config, slo-generator window note, keys unique', () => {
  const files = [
    loadSource('file:///w/sli.yaml', '/w/sli.yaml', 'apiVersion: openslo/v1\nkind: SLI\nmetadata:\n  name: errs\nspec:\n  ratioMetric:\n    counter: true\n    bad:\n      metricSource:\n        type: Prometheus\n        spec:\n          query: e_total\n    total:\n      metricSource:\n        type: Prometheus\n        spec:\n          query: t_total\n'),
    loadSource('file:///w/slo.yaml', '/w/slo.yaml', 'apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: a\nspec:\n  service: s\n  indicatorRef: errs\n  timeWindow:\n    - duration: 28d\n      isRolling: true\n  budgetingMethod: Occurrences\n  objectives:\n    - target: 0.99\n---\napiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: b\nspec:\n  service: s\n  indicatorRef: missing\n  timeWindow:\n    - duration: 28d\n      isRolling: true\n  budgetingMethod: Occurrences\n  objectives:\n    - target: 0.99\n'),
    loadSource('file:///w/sloth.yaml', '/w/sloth.yaml', 'version: prometheus/v1\nservice: s\nslos:\n  - name: x\n    objective: 99\n    sli:\n      events:\n        error_query: e[{{.window}}]\n        total_query: t[{{.window}}]\n  - name: x\n    objective: 99.5\n    sli:\n      raw:\n        error_ratio_query: r[{{.window}}]\n'),
    loadSource('file:///w/gen.yaml', '/w/gen.yaml', 'apiVersion: sre.google.com/v2\nkind: ServiceLevelObjective\nmetadata:\n  name: g\nspec:\n  description: d\n  backend: prometheus\n  method: good_bad_ratio\n  service_level_indicator:\n    filter_good: ok_total\n    filter_bad: err_total\n  goal: 0.999\n'),
  ];
  const ws = new Workspace(['/w']);
  for (const f of files) ws.set(f);
  const subjects = budgetSubjects(files, ws.view().view, { slothDefaultPeriod: '28d' });
  const by = (name: string) => subjects.filter(s => s.name === name);
  assert.deepEqual(by('a')[0].sli, { kind: 'ratio', good: undefined, bad: 'e_total', total: 't_total', counter: true });
  assert.equal(by('a')[0].window?.ms, 28 * DAY);
  assert.match(by('b')[0].unsupported!, /`missing` names no SLI/);
  assert.equal(by('x').length, 2);
  assert.equal(by('x')[0].window?.text, '28d');
  assert.notEqual(by('x')[0].key, by('x')[1].key);
  assert.deepEqual(by('x')[0].range, { start: { line: 3, character: 10 }, end: { line: 3, character: 11 } });
  assert.deepEqual(by('g')[0].sli, { kind: 'slo-generator-good-bad', good: 'ok_total', bad: 'err_total', valid: undefined, operators: ['increase', 'sum'] });
  assert.equal(by('g')[0].window?.text, '28d');
  assert.match(by('g')[0].notes![0], /no window of their own; the budget uses 28d, the longest step of slo-generator's sample default policy/);
  assert.equal(by('g')[0].target, 0.999);
  // Burn-rate tiers for the chart come from engine/slo: Sloth's catalog for the period, the workbook's for OpenSLO.
  assert.deepEqual(by('x')[0].tiers?.map(t => t.factor), [13.44, 5.6, 2.8, 0.933333333333]);
  assert.deepEqual(by('a')[0].tiers?.map(t => t.factor), [13.44, 5.6, 0.933333]);
});

test('subjects: slo-generator uses the longest step of its error budget policy found in the workspace', () => {
  const files = [
    loadSource('file:///w/gen.yaml', '/w/gen.yaml', 'apiVersion: sre.google.com/v2\nkind: ServiceLevelObjective\nmetadata:\n  name: g\nspec:\n  description: d\n  backend: prometheus\n  method: good_bad_ratio\n  error_budget_policy: tight\n  service_level_indicator:\n    filter_good: ok_total\n    filter_valid: all_total\n  goal: 0.99\n'),
    loadSource('file:///w/config.yaml', '/w/config.yaml', 'backends:\n  prometheus:\n    url: http://localhost:9090\nerror_budget_policies:\n  tight:\n    steps:\n      - name: 1 hour\n        burn_rate_threshold: 9\n        alert: true\n        window: 3600\n      - name: 7 days\n        burn_rate_threshold: 1\n        alert: false\n        window: 604800\n'),
  ];
  const ws = new Workspace(['/w']);
  for (const f of files) ws.set(f);
  const [g] = budgetSubjects(files.slice(0, 1), ws.view().view);
  assert.deepEqual(g.window, { text: '7d', ms: 7 * DAY });
  assert.match(g.notes![0], /the `tight` error budget policy/);
  assert.deepEqual(g.tiers?.map(t => t.factor), [9, 1]);
});
