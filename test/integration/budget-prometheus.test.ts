import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { startPrometheus, type RunningPrometheus } from './helpers/prometheus';
import { prometheusErrorRatio, trueErrorRatio } from './helpers/synthetic';
import { CLI, runCli, sloFiles, workspace } from './helpers/workspace';
import { loadSource } from '../../server/src/engine/source';
import { Workspace } from '../../server/src/engine/workspace';
import { budgetSubjects } from '../../server/src/engine/budget/subjects';
import { computeBudgets } from '../../server/src/engine/budget/compute';
import { burnDown } from '../../server/src/engine/budget/burndown';
import { PrometheusClient } from '../../server/src/engine/budget/prometheus';
import { BURN_WINDOWS, BURN_WINDOW_MS, type BudgetStatus } from '../../server/src/engine/budget/types';

// Debian's Prometheus with 31 days of backfilled counters; every number the budget command prints is checked
// against the same samples. Provisioning failures fail this suite (never skip).

const DAY = 86_400;
let prom: RunningPrometheus;

interface Json { slos: (BudgetStatus & { file: string })[] }

describe('live error budget against a real Prometheus', { timeout: 300_000 }, () => {
  before(async () => {
    assert.ok(existsSync(CLI), `${CLI} missing: run \`node esbuild.mjs\` (npm test builds first)`);
    prom = await startPrometheus({ days: 31, step: 60 });
  });
  after(async () => { await prom?.stop(); });

  test('Sloth, OpenSLO (ref + inline good), Pyrra and slo-generator definitions of one SLO match the data to 1 % of budget', async t => {
    t.diagnostic(`prometheus ready: provision ${prom.timings.provision} ms, generate ${prom.timings.generate} ms, backfill ${prom.timings.backfill} ms, start ${prom.timings.start} ms`);
    const target = 0.995;
    const B = 0.005;
    const dir = workspace(sloFiles(target));
    const r = await runCli(['budget', '.', '--prometheus', prom.url, '--format', 'json', '--time', String(prom.queryTime)], dir);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const out = JSON.parse(r.stdout) as Json;
    assert.equal(out.slos.length, 5, r.stdout);
    const rows: string[] = [];
    for (const s of out.slos) {
      const windowSec = s.window === '28d' ? 28 * DAY : 30 * DAY;
      const truth = trueErrorRatio(prom.data, prom.queryTime, windowSec);
      const promLike = prometheusErrorRatio(prom.data, prom.queryTime, windowSec);
      assert.equal(s.status, 'ok', `${s.file}: ${s.message}`);
      assert.deepEqual(Object.keys(s).slice(0, 9), ['file', 'name', 'service', 'target', 'window', 'sli', 'errorBudget', 'burnRates', 'status'], 'DESIGN.md keys first, in order');
      assert.equal(s.target, target);
      assert.equal(s.errorBudget.total, B);
      const expectConsumed = truth / B;
      const consumed = s.errorBudget.consumed!;
      assert.ok(Math.abs(consumed - expectConsumed) <= 0.01, `${s.file}: consumed ${consumed} vs ${expectConsumed} from the data`);
      assert.ok(Math.abs(consumed - promLike / B) <= 1e-6 * (promLike / B), `${s.file}: consumed ${consumed} vs Prometheus-emulated ${promLike / B}`);
      assert.ok(Math.abs(s.errorBudget.remaining! - (1 - consumed)) < 1e-12);
      assert.ok(Math.abs(s.sli! - (1 - promLike)) < 1e-9);
      for (const w of BURN_WINDOWS) {
        const ws = BURN_WINDOW_MS[w] / 1000;
        const expBurn = trueErrorRatio(prom.data, prom.queryTime, ws) / B;
        const got = s.burnRates[w]!;
        // 1 % of budget: the share of the window's budget this burn stands for may differ by at most 0.01.
        assert.ok(Math.abs(got - expBurn) * ws / windowSec <= 0.01, `${s.file} ${w}: burn ${got} vs ${expBurn}`);
        const emulated = prometheusErrorRatio(prom.data, prom.queryTime, ws) / B;
        assert.ok(Math.abs(got - emulated) <= 1e-6 * emulated, `${s.file} ${w}: burn ${got} vs Prometheus-emulated ${emulated}`);
      }
      rows.push(`${s.file.padEnd(24)} window ${s.window}  consumed expected ${expectConsumed.toFixed(6)} got ${consumed.toFixed(6)} (Δ ${(consumed - expectConsumed).toExponential(2)} of budget)  burn 1h ${s.burnRates['1h']!.toFixed(4)} 6h ${s.burnRates['6h']!.toFixed(4)} 1d ${s.burnRates['1d']!.toFixed(4)} 3d ${s.burnRates['3d']!.toFixed(4)}`);
    }
    for (const row of rows) t.diagnostic(row);
    // The five definitions of the 30-day SLO agree with each other exactly.
    const thirty = out.slos.filter(s => s.window === '30d').map(s => s.errorBudget.consumed!);
    assert.equal(thirty.length, 4);
    for (const c of thirty) assert.ok(Math.abs(c - thirty[0]) < 1e-9, String(thirty));
  });

  test('--fail-on exhausted and --fail-on warning gate with exit 3, and pass with exit 0', async t => {
    const cases: [number, string, number, string][] = [
      [0.999, 'exhausted', 3, 'exhausted'], [0.995, 'exhausted', 0, 'ok'], [0.998, 'warning', 3, 'warning'],
      [0.998, 'exhausted', 0, 'warning'], [0.995, 'warning', 0, 'ok'],
    ];
    for (const [target, failOn, code, status] of cases) {
      const dir = workspace({ 'pyrra.yaml': sloFiles(target)['pyrra.yaml'] });
      const r = await runCli(['budget', '--prometheus', prom.url, '--fail-on', failOn, '--time', String(prom.queryTime)], dir);
      assert.equal(r.status, code, `target ${target} --fail-on ${failOn}: ${r.stdout}${r.stderr}`);
      assert.match(r.stdout, new RegExp(`\\s${status}\\s`), r.stdout);
      t.diagnostic(`target ${target * 100} % --fail-on ${failOn}: exit ${r.status}: ${r.stdout.split('\n')[0]}`);
    }
  });

  test('50 SLOs refresh in a few joined queries; timing batched vs one query per expression', async t => {
    const files = Array.from({ length: 50 }, (_, i) => {
      const fmt = i % 3;
      // A no-op matcher makes every SLO's queries distinct, so nothing is shared between them.
      const m = `job="api",instance!="n${i}"`;
      const text = fmt === 0
        ? `version: prometheus/v1\nservice: s${i}\nslos:\n  - name: avail\n    objective: 99.${i % 10}\n    sli:\n      events:\n        error_query: sum(rate(http_requests_total{${m},code=~"5.."}[{{.window}}]))\n        total_query: sum(rate(http_requests_total{${m}}[{{.window}}]))\n    alerting:\n      name: A${i}\n`
        : fmt === 1
          ? `apiVersion: pyrra.dev/v1alpha1\nkind: ServiceLevelObjective\nmetadata:\n  name: p${i}\nspec:\n  target: "99.${i % 10}"\n  window: 30d\n  indicator:\n    ratio:\n      errors:\n        metric: http_requests_total{${m},code=~"5.."}\n      total:\n        metric: http_requests_total{${m}}\n`
          : `apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: o${i}\nspec:\n  service: api\n  indicator:\n    metadata:\n      name: i${i}\n    spec:\n      ratioMetric:\n        counter: true\n        bad:\n          metricSource:\n            type: Prometheus\n            spec:\n              query: http_requests_total{${m},code=~"5.."}\n        total:\n          metricSource:\n            type: Prometheus\n            spec:\n              query: http_requests_total{${m}}\n  timeWindow:\n    - duration: 30d\n      isRolling: true\n  budgetingMethod: Occurrences\n  objectives:\n    - target: 0.99${i % 10}\n`;
      return loadSource(`file:///bench/${i}.yaml`, `/bench/${i}.yaml`, text);
    });
    const ws = new Workspace(['/bench']);
    for (const f of files) ws.set(f);
    const subjects = budgetSubjects(files, ws.view().view);
    assert.equal(subjects.length, 50);
    const client = new PrometheusClient({ url: prom.url });
    await computeBudgets(subjects.slice(0, 1), client, { time: prom.queryTime }); // warm the server's caches once
    const batched = await computeBudgets(subjects, client, { time: prom.queryTime });
    const single = await computeBudgets(subjects, client, { time: prom.queryTime, batchSize: 1 });
    for (const s of batched.statuses) assert.ok(['ok', 'warning', 'exhausted'].includes(s.status), `${s.name}: ${s.status} ${s.message}`);
    batched.statuses.forEach((s, i) => assert.ok(Math.abs(s.errorBudget.consumed! - single.statuses[i].errorBudget.consumed!) < 1e-12));
    t.diagnostic(`50 SLOs, ${batched.stats.expressions} expressions: batched ${batched.stats.ms} ms in ${batched.stats.requests} requests; one per expression ${single.stats.ms} ms in ${single.stats.requests} requests`);
    assert.ok(batched.stats.requests <= 14, `batched requests: ${batched.stats.requests}`);
    assert.ok(batched.stats.ms < 20_000, `refresh of 50 SLOs took ${batched.stats.ms} ms`);
  });

  test('burn-down from query_range ends at the budget remaining and starts at 1, with tier lines', async t => {
    const files = [loadSource('file:///w/p.yaml', '/w/p.yaml', sloFiles(0.995)['pyrra.yaml']), loadSource('file:///w/s.yaml', '/w/s.yaml', sloFiles(0.995)['sloth.yaml'])];
    const ws = new Workspace(['/w']);
    for (const f of files) ws.set(f);
    const subjects = budgetSubjects(files, ws.view().view);
    const client = new PrometheusClient({ url: prom.url });
    const { statuses } = await computeBudgets(subjects, client, { time: prom.queryTime });
    for (const [i, subject] of subjects.entries()) {
      const started = Date.now();
      const bd = await burnDown(subject, client, { end: prom.queryTime, points: 240 });
      assert.equal(bd.weighting, 'events');
      assert.equal(bd.remaining[0][1], 1);
      const last = bd.remaining[bd.remaining.length - 1][1];
      assert.ok(Math.abs(last - statuses[i].errorBudget.remaining!) <= 0.01, `${subject.name}: burn-down ends at ${last}, budget remaining ${statuses[i].errorBudget.remaining}`);
      // The incident 10 days ago shows as a step: the curve falls faster there than on an ordinary day.
      const at = (ts: number) => bd.remaining.reduce((best, p) => (Math.abs(p[0] - ts) < Math.abs(best[0] - ts) ? p : best))[1];
      const incident = prom.data.end - 10 * DAY;
      assert.ok(at(incident - 3600) - at(incident + 4 * 3600) > 5 * (at(incident - 2 * DAY) - at(incident - DAY)), 'incident step visible');
      assert.ok(bd.burn[0].points.length > 100 && bd.burn[1].points.length > 100);
      assert.ok(bd.tiers.length >= 3);
      t.diagnostic(`${subject.format}: burn-down of ${bd.remaining.length} points (step ${bd.step} s) in ${Date.now() - started} ms; ends at ${last.toFixed(4)}, budget says ${statuses[i].errorBudget.remaining!.toFixed(4)}`);
    }
  });

  test('edge cases on real data: 100 % target, zero traffic, one broken query among good ones, window beyond retention', async () => {
    const dir = workspace({
      'full.yaml': sloFiles(0.995)['sloth.yaml'].replace('objective: 99.5', 'objective: 100'),
      'none.yaml': sloFiles(0.995)['pyrra.yaml'].replace(/http_requests_total\{job="api"/g, 'nothing_total{job="api"').replace('name: api-availability-pyrra', 'name: nothing'),
      'quiet.yaml': sloFiles(0.995)['pyrra.yaml'].replace(/job="api"/g, 'job="api",code="404"').replace('code="404",code=~"5.."', 'code="404",code="404x"').replace('name: api-availability-pyrra', 'name: quiet'),
      'broken.yaml': sloFiles(0.995)['sloth.yaml'].replace('sum(rate(http_requests_total{job="api",code=~"5.."}', 'sum(rate(http_requests_total{job="api",code=~"5.."}}').replace('name: availability', 'name: broken'),
      'good.yaml': sloFiles(0.995)['pyrra.yaml'],
      'long.yaml': sloFiles(0.995)['openslo/inline-good.yaml'].replace('duration: 30d', 'duration: 500d'),
    });
    const r = await runCli(['budget', '--prometheus', prom.url, '--format', 'json', '--time', String(prom.queryTime)], dir);
    assert.equal(r.status, 1, 'an SLO whose budget is unknown (broken query) makes the run exit 1');
    const out = JSON.parse(r.stdout) as Json;
    const by = (f: string) => out.slos.find(s => s.file === f)!;
    assert.equal(by('full.yaml').status, 'exhausted');
    assert.equal(by('full.yaml').errorBudget.total, 0);
    assert.equal(by('full.yaml').errorBudget.consumed, null, '∞ is not JSON: null');
    assert.match(by('full.yaml').message!, /100 % target/);
    assert.equal(by('none.yaml').status, 'no-data');
    assert.match(by('none.yaml').message!, /no samples/);
    assert.equal(by('quiet.yaml').status, 'ok', 'a ratio with an error series that never existed reads as 0 errors');
    assert.equal(by('quiet.yaml').errorBudget.consumed, 0);
    assert.equal(by('broken.yaml').status, 'error');
    assert.match(by('broken.yaml').message!, /rejected the query/);
    assert.equal(by('good.yaml').status, 'ok', 'the broken query did not spoil the joined batch');
    assert.ok(by('long.yaml').warnings?.some(w => /longer than the server's retention \(400d\)/.test(w)), JSON.stringify(by('long.yaml')));
    assert.match(r.stderr, /retention/);
  });
});
