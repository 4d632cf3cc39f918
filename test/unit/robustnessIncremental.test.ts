import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../server/src/engine/engine';
import { loadSource } from '../../server/src/engine/source';

// A single edit re-checks only what depends on what changed (issue 7): typing in one alert re-checks the runbooks of
// that alert, not the runbooks of the alerts above it; a rename re-checks the runbooks of the old and the new name.
// (Alerts below the edit moved: their runbooks are re-checked, since findings and fixes there point into this file by
// offset.) The fuzz suite checks the other half: nothing that does depend on the edit is left stale.

const rules = (aExpr: string, bName = 'BDown', bExpr = 'up{job="b"} == 0') => `groups:
  - name: g
    rules:
      - alert: ADown
        expr: ${aExpr}
        annotations:
          runbook_url: ../runbooks/a.md
      - alert: ${bName}
        expr: ${bExpr}
`;
const runbookA = '# ADown\n\n## Meaning\n\nA is down.\n\n## Mitigation\n\nRestart A.\n';
const runbookB = 'apiVersion: slo-lens.dev/v1\nkind: Runbook\nmetadata:\n  name: b-down\nspec:\n  alerts: [BDown]\n  mitigation:\n    - title: Restart B\n';

function workspace(): Engine {
  const engine = new Engine(undefined, ['/w']);
  engine.update(loadSource('file:///w/rules/api.yaml', '/w/rules/api.yaml', rules('up{job="a"} == 0'), 1));
  engine.update(loadSource('file:///w/runbooks/a.md', '/w/runbooks/a.md', runbookA, 1));
  engine.update(loadSource('file:///w/runbooks/b.yaml', '/w/runbooks/b.yaml', runbookB, 1));
  for (const f of [...engine.workspace.allFiles()]) engine.findings(f.uri);
  return engine;
}

test('editing one alert re-checks the rule file and the runbook of that alert, not the runbook of the alert above it', () => {
  const engine = workspace();
  const before = engine.stats.checks;
  const affected = engine.update(loadSource('file:///w/rules/api.yaml', '/w/rules/api.yaml', rules('up{job="a"} == 0', 'BDown', 'up{job="b"} == 0 or vector(0)'), 2));
  assert.deepEqual(affected, ['file:///w/rules/api.yaml', 'file:///w/runbooks/b.yaml'], 'ADown did not change: runbooks/a.md is not re-checked');
  for (const f of [...engine.workspace.allFiles()]) engine.findings(f.uri);
  assert.equal(engine.stats.checks - before, affected.length, 'exactly the affected files were checked again');
});

test('renaming an alert re-checks the runbooks that name the old or the new name', () => {
  const engine = workspace();
  const affected = engine.update(loadSource('file:///w/rules/api.yaml', '/w/rules/api.yaml', rules('up{job="a"} == 0', 'BGone'), 2));
  assert.ok(affected.includes('file:///w/runbooks/b.yaml'), 'the runbook of BDown now serves an alert that is gone');
  const orphan = engine.findings('file:///w/runbooks/b.yaml').find(f => f.rule === 'runbook/orphan');
  assert.ok(orphan, 'and says so');
});

test('an edit that shifts an alert down a line re-checks the files that depend on it (their related locations moved)', () => {
  const engine = workspace();
  const shifted = rules('up{job="a"} == 0').replace('  - name: g\n', '  - name: g\n    interval: 1m\n');
  const affected = engine.update(loadSource('file:///w/rules/api.yaml', '/w/rules/api.yaml', shifted, 2));
  assert.ok(affected.includes('file:///w/runbooks/b.yaml'));
});

test('saving the same text again re-checks only the file itself', () => {
  const engine = workspace();
  const affected = engine.update(loadSource('file:///w/runbooks/a.md', '/w/runbooks/a.md', runbookA, 2));
  assert.deepEqual(affected, ['file:///w/runbooks/a.md']);
});
