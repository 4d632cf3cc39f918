#!/usr/bin/env node
// The whole test suite, in phases: typecheck, build, then every test file under test/ with Node's test runner.
// Suites that need outside programs (Prometheus, code-server, Chromium, Neovim) provision them on first use
// (scripts/provision.mjs); with CI=true a dependency that cannot be provisioned fails the run, never skips.
// Ends with one `N passed, N failed` line for CI.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, readFileSync, mkdtempSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
process.chdir(root);
const args = process.argv.slice(2);
const only = args.filter(a => !a.startsWith('--'));
const skipBuild = args.includes('--no-build');

let passed = 0, failed = 0;
const started = Date.now();

function step(name, cmd, cmdArgs, opts = {}) {
  const t = Date.now();
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', env: process.env, ...opts });
  const ok = r.status === 0;
  console.log(`[test] ${name}: ${ok ? 'ok' : 'FAILED'} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  return ok;
}

function findTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().flatMap(n => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === 'fixtures' || n === 'harness' ? [] : findTests(p);
    return /\.test\.(ts|mjs|js)$/.test(n) ? [p] : [];
  });
}

if (!skipBuild) {
  if (step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json'])) passed++; else failed++;
  if (step('build', 'node', ['esbuild.mjs'])) passed++; else { failed++; finish(); }
}

// Phases in order: fast engine tests first, then the real server and CLI, then suites with outside programs.
const phases = ['unit', 'cli', 'lsp', 'integration', 'e2e'];
for (const phase of phases) {
  if (only.length && !only.includes(phase)) continue;
  const files = findTests(join('test', phase));
  if (!files.length) continue;
  const tap = join(mkdtempSync(join(tmpdir(), 'slo-lens-test-')), `${phase}.tap`);
  step(`${phase} (${files.length} files)`, process.execPath, [
    '--import', 'tsx', '--test', '--test-concurrency=1',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files.map(f => relative(root, f)),
  ]);
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const p = Number(/^# pass (\d+)/m.exec(text)?.[1] ?? 0);
  const f = Number(/^# fail (\d+)/m.exec(text)?.[1] ?? 0) + Number(/^# cancelled (\d+)/m.exec(text)?.[1] ?? 0);
  if (!text) failed++;
  passed += p; failed += f;
}
finish();

function finish() {
  console.log(`[test] total time ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
