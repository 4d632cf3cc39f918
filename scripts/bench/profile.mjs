#!/usr/bin/env node
// Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self time, and the most total
// time. Used to decide what to optimise (see docs/BENCHMARKS.md): `node scripts/bench/profile.mjs FILE [N]`.
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) { console.error('usage: profile.mjs FILE.cpuprofile [N]'); process.exit(2); }
const top = Number(topArg ?? 25);
const prof = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map(n => [n.id, n]));
const dt = new Map();
for (let i = 0; i < prof.samples.length; i++) dt.set(prof.samples[i], (dt.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = n => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(node_modules\/)?/, '')}:${n.callFrame.lineNumber + 1}`;
const self = new Map();
const total = new Map();
for (const [id, us] of dt) {
  const l = label(byId.get(id));
  self.set(l, (self.get(l) ?? 0) + us);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const lc = label(byId.get(cur));
    if (!seen.has(lc)) { seen.add(lc); total.set(lc, (total.get(lc) ?? 0) + us); }
  }
}
const all = [...dt.values()].reduce((a, b) => a + b, 0);
const show = (title, m) => {
  console.log(`\n${title} (of ${(all / 1000).toFixed(0)} ms sampled)`);
  for (const [l, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${(us / 1000).toFixed(1).padStart(9)} ms ${(100 * us / all).toFixed(1).padStart(5)}%  ${l}`);
};
show('self time', self);
show('total time', total);
