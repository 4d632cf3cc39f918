#!/usr/bin/env node
// `npm start`: build, then lint examples/ and print the findings. The examples carry deliberate defects, so
// `slo-lens check` exits 1 there by design; that is the demo working, not a failure. Exit 2 (bad usage or an
// internal failure) and build errors still fail `npm start`.
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 2);
const check = spawnSync(process.execPath, ['dist/cli.js', 'check', 'examples/', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
if (check.status === 1) console.log('\n(examples/ has deliberate defects — see examples/README.md; `slo-lens check` exits 1 on them, as it would in CI)');
process.exit(check.status === 0 || check.status === 1 ? 0 : (check.status ?? 2));
