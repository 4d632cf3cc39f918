import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// CI runs the benchmark only as a smoke run on small inputs: this proves `npm run bench` works end to end (inputs,
// both language servers over stdio, the CLI, the workspace phase, the table). Its figures are not asserted: timings on
// a shared machine flake, and the real ratios are measured by `npm run bench` and recorded in docs/BENCHMARKS.md.
const root = join(__dirname, '..', '..');

test('npm run bench -- --smoke completes and prints the table', { timeout: 180_000 }, () => {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'bench.mjs'), '--smoke'], { cwd: root, encoding: 'utf8', timeout: 170_000 });
  assert.equal(r.status, 0, `bench --smoke exited ${r.status}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  const out = r.stdout;
  assert.match(out, /^SLO Lens benchmark \(smoke/m);
  assert.match(out, /\| measure +\| slo-lens +\| yaml-ls \/ promtool +\| ratio +\| goal +\| met +\|/);
  for (const row of ['open → diagnostics (fresh server, median)', 'open → diagnostics (warm server)', 'edit → diagnostics (median)', 'edit → diagnostics (p95)', 'memory after edits (RSS)',
    'check (median wall)', 'index + all diagnostics', 'RSS when idle', 'files re-checked by one edit', 'server start → first diagnostics']) {
    assert.ok(out.includes(row), `table row missing: ${row}\n${out}`);
  }
  // Our own columns are always measured (the comparison tools may be absent on a CI machine).
  const cell = (row: string) => out.split('\n').find(l => l.includes(row))!.split('|')[2].trim();
  assert.match(cell('open → diagnostics (fresh server, median)'), /^\d+ ms$/);
  assert.match(cell('edit → diagnostics (median)'), /^\d+ ms$/);
  assert.match(cell('files re-checked by one edit'), /^\d+ of \d+$/);
  assert.doesNotMatch(out, /^failures:/m);
});
