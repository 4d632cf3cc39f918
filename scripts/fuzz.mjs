#!/usr/bin/env node
// `npm run fuzz [-- --scale N] [-- --seed S] [-- --only engine,fixes,templates,lsp,hostile]`: the fuzz suites of `npm test`, run
// longer. CI runs them with a short budget; this multiplies the number of runs by `--scale` (default 50; the hostile
// stdio run uses a fifth of it, its documents are megabytes). Every suite gets the same seed, printed first, so a
// failure replays with `--seed S` (fast-check also prints the path of the smallest failing case).
// Prints each suite's verdict, duration and figures (slowest answer, memory) and exits non-zero on a failure.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const option = (name, fallback) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : fallback; };
const scale = Number(option('scale', 50));
const seed = Number(option('seed', Math.floor(Math.random() * 2 ** 31)));
const only = option('only', 'engine,fixes,templates,lsp,hostile').split(',');

const suites = [
  { name: 'engine', file: 'test/unit/fuzzEngine.test.ts', scale },
  { name: 'fixes', file: 'test/unit/fuzzFixes.test.ts', scale },
  { name: 'templates', file: 'test/unit/fuzzTemplates.test.ts', scale },
  { name: 'lsp', file: 'test/lsp/fuzzServer.test.ts', scale },
  { name: 'hostile', file: 'test/lsp/hostileServer.test.ts', scale: Math.max(1, Math.round(scale / 5)) },
].filter(s => only.includes(s.name));

console.log(`fuzz: seed ${seed}, scale ${scale} (replay: npm run fuzz -- --seed ${seed} --scale ${scale})`);
const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(2);

let failed = 0;
for (const s of suites) {
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', join(root, s.file)], {
    cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, FUZZ_SCALE: String(s.scale), FUZZ_SEED: String(seed) },
  });
  const out = r.stdout ?? '';
  const pass = Number(/^# pass (\d+)/m.exec(out)?.[1] ?? 0);
  const fail = Number(/^# fail (\d+)/m.exec(out)?.[1] ?? 0) + (r.status !== 0 && !/^# fail [1-9]/m.test(out) ? 1 : 0);
  failed += fail;
  console.log(`\n== ${s.name} (${s.file}, scale ${s.scale}): ${fail ? 'FAILED' : 'ok'} — ${pass} passed, ${fail} failed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  // The suites print their figures as test diagnostics (`# …` lines that are not the TAP summary).
  for (const line of out.split('\n')) {
    if (/^\s*# (Subtest|tests|suites|pass|fail|cancelled|skipped|todo|duration_ms)\b/.test(line)) continue;
    if (/^\s*# /.test(line)) console.log(`   ${line.trim().slice(2)}`);
  }
  if (fail) console.log(out.split('\n').filter(l => /not ok|failed with|Counterexample|seed|Error/.test(l)).slice(0, 30).join('\n') + `\n${(r.stderr ?? '').slice(-3000)}`);
}
console.log(`\nfuzz: ${failed ? `${failed} suite(s) FAILED` : 'all suites passed'} (seed ${seed}, scale ${scale})`);
process.exit(failed ? 1 : 0);
