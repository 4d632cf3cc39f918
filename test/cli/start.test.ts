import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// `npm start` is the README's first command: it must build, print the examples' findings, and succeed.
const root = join(__dirname, '..', '..');

test('npm start lints examples/, prints every deliberate defect and exits 0', () => {
  const r = spawnSync(process.execPath, ['scripts/start.mjs', '--format', 'json'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const json = r.stdout.slice(r.stdout.indexOf('{'), r.stdout.lastIndexOf('}') + 1);
  const rules = new Set(JSON.parse(json).findings.map((f: { rule: string }) => f.rule));
  for (const id of ['alert/missing-runbook', 'alert/runbook-key', 'promql/syntax', 'schema/unknown-key', 'alert/runbook-not-found',
    'runbook/incomplete', 'runbook/orphan', 'slo/window-unit', 'slo/target-scale', 'slo/burn-rate-inverted', 'slo/unrealistic-target']) {
    assert.ok(rules.has(id), `examples/ should show ${id}`);
  }
});

test('npm start fails when the check itself fails (exit 2), not only when the build does', () => {
  const r = spawnSync(process.execPath, ['scripts/start.mjs', '--format', 'xml'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 2);
});
