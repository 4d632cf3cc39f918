import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { Engine } from '../../server/src/engine/engine';
import { loadSource, type SourceFile } from '../../server/src/engine/source';
import type { Finding, Fix } from '../../server/src/engine/findings';
import { applyEdits } from '../../server/src/engine/slo/edits';
import { discoverCases, loadWorkspace } from '../harness/expectations';
import { corpusPath } from '../harness/corpus';

/**
 * Every quick fix an SLO rule offers, on every SLO fixture and on the corpus files that have one: applying it must
 * give YAML that parses, no longer has that finding, and keeps every other line (comments included) as it was.
 */

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'rules', 'slo');
const CORPUS = corpusPath('slo');

interface Applied { fix: Fix; finding: Finding; before: string; after: string; line: number }

/** Applies each fix of each `slo/*` finding in a fresh engine state and returns what happened. */
function applyAll(files: string[], root: string, check: (a: Applied, engine: Engine, fixed: SourceFile) => void): number {
  const { engine, sources } = loadWorkspace(files, root);
  let count = 0;
  for (const s of sources) {
    for (const finding of engine.findings(s.uri).filter(f => f.rule.startsWith('slo/'))) {
      for (const fix of finding.fixes ?? []) {
        const after = applyEdits(s.text, fix.edits);
        const fixed = loadSource(s.uri, s.path, after, s.version + 1);
        engine.update(fixed);
        check({ fix, finding, before: s.text, after, line: s.lines.position(finding.span.start).line }, engine, fixed);
        engine.update(loadSource(s.uri, s.path, s.text, s.version + 2));
        count++;
      }
    }
  }
  return count;
}

function assertFixed(a: Applied, engine: Engine, fixed: SourceFile, label: string): void {
  assert.equal(fixed.yaml?.problems.length ?? 0, 0, `${label}: "${a.fix.title}" gives YAML that does not parse`);
  const still = engine.findings(fixed.uri).filter(f => f.rule === a.finding.rule && fixed.lines.position(f.span.start).line === a.line);
  assert.deepEqual(still.map(f => f.message), [], `${label}: "${a.fix.title}" leaves the finding`);
  const before = a.before.split('\n');
  const after = a.after.split('\n');
  assert.equal(after.length, before.length, `${label}: "${a.fix.title}" changes the number of lines`);
  before.forEach((line, i) => {
    if (i === a.line) {
      // The edited line keeps its indentation and its trailing comment.
      assert.equal(after[i].match(/^\s*/)![0], line.match(/^\s*/)![0], `${label}: indentation of line ${i + 1}`);
      const comment = / #.*$/.exec(line)?.[0];
      if (comment) assert.ok(after[i].endsWith(comment), `${label}: the comment on line ${i + 1} is kept`);
    } else {
      assert.equal(after[i], line, `${label}: "${a.fix.title}" changed line ${i + 1}, not the finding's`);
    }
  });
}

for (const c of discoverCases(FIXTURES)) {
  test(`SLO quick fixes on fixture ${c.name}`, () => {
    applyAll(c.files, c.root, (a, engine, fixed) => assertFixed(a, engine, fixed, c.name));
  });
}

test('every fixable SLO rule has at least one fix exercised by the fixtures', () => {
  const rules = new Set<string>();
  for (const c of discoverCases(FIXTURES)) applyAll(c.files, c.root, a => { rules.add(a.finding.rule); });
  assert.deepEqual([...rules].sort(), ['slo/burn-rate-inverted', 'slo/target-scale', 'slo/unrealistic-target', 'slo/window-unit']);
});

test('fixes write what they say: scale conversions keep quotes, units flip case', () => {
  const seen: Record<string, string[]> = {};
  for (const c of discoverCases(FIXTURES)) {
    applyAll(c.files, c.root, a => {
      const line = a.after.split('\n')[a.line].trim();
      (seen[a.finding.rule] ??= []).push(line);
    });
  }
  const has = (rule: string, line: string) => assert.ok(seen[rule]?.includes(line), `${rule}: expected a fix giving \`${line}\`, got ${JSON.stringify(seen[rule])}`);
  has('slo/target-scale', 'objective: 99.9 # meant as 99.9 %');
  has('slo/target-scale', 'target: "99"');
  has('slo/target-scale', 'target: 0.999');
  has('slo/target-scale', 'targetPercent: 99.9');
  has('slo/target-scale', 'targetPercent: 99.5');
  has('slo/target-scale', 'target: 0.995');
  has('slo/target-scale', 'goal: 0.999');
  has('slo/target-scale', 'timeSliceTarget: 0.95');
  has('slo/window-unit', '- duration: 1M # Contracts often are for 1 month time window');
  has('slo/window-unit', '- duration: 90d');
  has('slo/burn-rate-inverted', 'op: gte # the README\'s example says "exceeds"');
  has('slo/burn-rate-inverted', 'op: "gt"');
  has('slo/unrealistic-target', 'objective: 99.9');
  has('slo/unrealistic-target', 'target: "99.9"');
  has('slo/unrealistic-target', 'goal: 0.999');
});

test('fixes on the real corpus files: timeslices `1m` → `1M`, alert_conditions `lte` → `gte`', () => {
  const files = [
    `${CORPUS}/openslo-v1/OpenSLO__OpenSLO__examples__budgeting-method__timeslices-slo.yaml`,
    `${CORPUS}/openslo-v1/OpenSLO__go-sdk__pkg__openslo__v1__examples__alert_conditions.yaml`,
  ];
  const fixed: string[] = [];
  const n = applyAll(files, CORPUS, (a, engine, f) => {
    assertFixed(a, engine, f, path.basename(f.path));
    fixed.push(`${a.finding.rule} ${a.after.split('\n')[a.line].trim()}`);
    if (a.finding.rule === 'slo/window-unit') {
      // With the window a month, the 1m slices are 43200 per window: the timeslice findings go too.
      assert.deepEqual(engine.findings(f.uri).filter(x => x.rule.startsWith('slo/')).map(x => x.rule), []);
    }
  });
  assert.equal(n, 2);
  assert.deepEqual(fixed.sort(), [
    'slo/burn-rate-inverted op: gte',
    'slo/window-unit - duration: 1M # Contracts often are for 1 month time window',
  ]);
});
