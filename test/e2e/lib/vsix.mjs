// Builds the .vsix exactly as a release does (`npm run package`) and describes what is inside.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { zipEntries } from './zip.mjs';
import { repo } from './workspace.mjs';

/** Runs `npm run package -- --out <file>` in the repository; returns { file, bytes, entries, ms }. */
export function packageVsix(file) {
  const started = Date.now();
  const r = spawnSync('npm', ['run', '--silent', 'package', '--', '--out', file], { cwd: repo, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (r.status !== 0) throw new Error(`npm run package failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return { file, bytes: statSync(file).size, entries: zipEntries(file), ms: Date.now() - started };
}
