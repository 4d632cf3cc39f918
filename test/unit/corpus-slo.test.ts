import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../server/src/engine/engine';
import { loadSource, type SourceFile } from '../../server/src/engine/source';
import { resolveConfig } from '../../server/src/engine/config';
import { corpusPath } from '../harness/corpus';

/**
 * The SLO rules on the real-world SLO corpus (../shared/corpus/slo, 25 files), loaded as one workspace.
 * Expected findings are the ones reference/slo-formats.md §8 predicts, plus cross-file ones; every other file
 * (the valid examples) must have no `slo/*` finding at all.
 */

const CORPUS = corpusPath('slo');

/** file (relative to the corpus) → `line rule` for every expected `slo/*` finding (lines 1-based). */
const EXPECTED: Record<string, string[]> = {
  // §8: `duration: 1m` meant as a month; 1m slices in a 1m window ⇒ one slice, 0.005 / 0.01 allowed bad slices.
  'openslo-v1/OpenSLO__OpenSLO__examples__budgeting-method__timeslices-slo.yaml': [
    '27 slo/window-unit', '38 slo/budget-below-resolution', '42 slo/budget-below-resolution',
  ],
  // §8: `op: lte` on the cpu-usage-breach burn-rate condition.
  'openslo-v1/OpenSLO__go-sdk__pkg__openslo__v1__examples__alert_conditions.yaml': ['17 slo/burn-rate-inverted'],
  // Notification targets that no file defines (conditionRef cpu-usage-breach resolves to alert_conditions.yaml).
  'openslo-v1/OpenSLO__go-sdk__pkg__openslo__v1__examples__alert_policies.yaml': ['18 slo/unresolved-ref', '50 slo/unresolved-ref'],
  'openslo-v1/OpenSLO__slogen__samples__sumologic__v1__alert-policy__burn-rate.yaml': ['36 slo/unresolved-ref', '37 slo/unresolved-ref'],
  'openslo-v1/OpenSLO__slogen__samples__sumologic__v1__logs-req-calendar.yaml': ['22 slo/unresolved-ref', '30 slo/unresolved-ref'],
  'openslo-v2alpha/OpenSLO__go-sdk__pkg__openslo__v2alpha__examples__slos.yaml': ['10 slo/unresolved-ref', '18 slo/unresolved-ref', '22 slo/unresolved-ref'],
  // The getting-started SLO in both Sloth forms: the same Sloth ID `myservice-requests-availability` twice.
  'sloth-k8s-crd/slok__sloth__examples__k8s-getting-started.yaml': ['18 slo/duplicate'],
  'sloth-prometheus-v1/slok__sloth__examples__getting-started.yaml': ['9 slo/duplicate'],
};

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap(n => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : /\.ya?ml$/.test(n) ? [p] : [];
  });
}

function loadCorpus(): { engine: Engine; sources: SourceFile[] } {
  const engine = new Engine(resolveConfig(CORPUS), [CORPUS]);
  const sources = walk(CORPUS).map(p => { const s = loadSource('file://' + p, p, readFileSync(p, 'utf8'), 1); engine.update(s); return s; });
  return { engine, sources };
}

function sloFindings(engine: Engine, s: SourceFile): string[] {
  return engine.findings(s.uri).filter(f => f.rule.startsWith('slo/')).map(f => `${s.lines.position(f.span.start).line + 1} ${f.rule}`);
}


test('SLO corpus: expected findings per file, none on the valid files', () => {
  const { engine, sources } = loadCorpus();
  assert.equal(sources.length, 25);
  const actual: Record<string, string[]> = {};
  for (const s of sources) {
    const found = sloFindings(engine, s);
    if (found.length) actual[path.relative(CORPUS, s.path)] = found;
  }
  assert.deepEqual(actual, EXPECTED);
});

test('SLO corpus: findings per rule', () => {
  const { engine, sources } = loadCorpus();
  const perRule: Record<string, number> = {};
  for (const s of sources) for (const f of engine.findings(s.uri)) if (f.rule.startsWith('slo/')) perRule[f.rule] = (perRule[f.rule] ?? 0) + 1;
  assert.deepEqual(perRule, {
    'slo/window-unit': 1, 'slo/budget-below-resolution': 2, 'slo/burn-rate-inverted': 1, 'slo/unresolved-ref': 9, 'slo/duplicate': 2,
  });
});

test('SLO corpus: the 200 "burn rate" of latency-too-high is flagged once an SLO uses it, and cleared when it goes', () => {
  const { engine, sources } = loadCorpus();
  const conditions = sources.find(s => s.path.endsWith('alert_conditions.yaml'))!;
  const unreachable = () => engine.findings(conditions.uri).filter(f => f.rule === 'slo/burn-rate-unreachable');
  assert.deepEqual(unreachable(), [], 'no SLO in the corpus uses the condition');
  // An SLO at 99 % whose policy uses latency-too-high: a burn rate above 200 needs more than 100 % errors.
  const sloPath = path.join(CORPUS, 'openslo-v1', 'zz-added-slo.yaml');
  const slo = loadSource('file://' + sloPath, sloPath, [
    'apiVersion: openslo/v1', 'kind: SLO', 'metadata:', '  name: web-latency', 'spec:', '  service: web', '  indicatorRef: web-fast',
    '  timeWindow:', '    - duration: 28d', '      isRolling: true', '  budgetingMethod: Occurrences', '  objectives:', '    - target: 0.99',
    '  alertPolicies:', '    - kind: AlertPolicy', '      metadata:', '        name: web-latency-alerts', '      spec:',
    '        conditions:', '          - conditionRef: latency-too-high', '        notificationTargets:', '          - targetRef: web-oncall', '',
  ].join('\n'), 1);
  const affected = engine.update(slo);
  assert.ok(affected.includes(conditions.uri), 'adding the SLO re-checks the condition it references');
  const found = unreachable();
  assert.equal(found.length, 1);
  assert.equal(conditions.lines.position(found[0].span.start).line + 1, 40, 'on `threshold: 200`');
  assert.match(found[0].message, /at most 1 ÷ 1% = 100/);
  assert.match(found[0].message, /above 99\.5%/);
  assert.equal(found[0].related?.[0].uri, slo.uri);
  // At 99.9 % a burn rate of 200 is reachable (at most 1000): editing the target clears it.
  const affected2 = engine.update(loadSource(slo.uri, slo.path, slo.text.replace('target: 0.99', 'target: 0.999'), 2));
  assert.ok(affected2.includes(conditions.uri));
  assert.deepEqual(unreachable(), []);
  engine.update(loadSource(slo.uri, slo.path, slo.text, 3));
  assert.equal(unreachable().length, 1);
  const affected3 = engine.remove(slo.uri);
  assert.ok(affected3.includes(conditions.uri));
  assert.deepEqual(unreachable(), []);
});

test('SLO corpus: each file alone (no workspace) only loses cross-file findings', () => {
  for (const p of walk(CORPUS)) {
    const engine = new Engine(resolveConfig(CORPUS), [CORPUS]);
    const s = loadSource('file://' + p, p, readFileSync(p, 'utf8'), 1);
    engine.update(s);
    const rel = path.relative(CORPUS, p);
    const expected = (EXPECTED[rel] ?? []).filter(e => !e.endsWith('slo/duplicate'));
    const found = sloFindings(engine, s);
    // alert_policies.yaml alone cannot resolve `conditionRef: cpu-usage-breach` (lines 16 and 66).
    const extra = rel.endsWith('alert_policies.yaml') ? ['16 slo/unresolved-ref', '66 slo/unresolved-ref'] : [];
    assert.deepEqual(found.sort(), [...expected, ...extra].sort(), rel);
  }
});
