/**
 * Regenerates test/fixtures/promql/promtool-verdicts.json: PromQL expressions (every `expr` of the alert corpus, a
 * list of tricky valid ones, and seeded random mutations of both) with the verdict of the real `promtool check rules`
 * for each. promqlPromtool.test.ts then checks our parser against these verdicts without needing promtool.
 *
 *   node --import tsx test/unit/promqlPromtoolVerdicts.gen.ts [/usr/bin/promtool]
 */
import { readFileSync, readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadSource } from '../../server/src/engine/source';
import { promqlSites } from '../../server/src/engine/promql/sites';
import { corpusPath } from '../harness/corpus';

const promtool = process.argv[2] ?? 'promtool';
const corpus = corpusPath('alerts');
const out = path.join(__dirname, '..', 'fixtures', 'promql', 'promtool-verdicts.json');

const base = new Set<string>();
for (const f of readdirSync(corpus).filter(n => n.endsWith('.yaml'))) {
  if (f.startsWith('grafana__loki__production__docker')) continue; // LogQL
  const text = readFileSync(path.join(corpus, f), 'utf8');
  for (const s of promqlSites(loadSource('file:///' + f, '/' + f, text))) base.add(s.text.trim());
}
const tricky = readFileSync(path.join(__dirname, '..', 'fixtures', 'promql', 'valid-expressions.txt'), 'utf8').split('\n').filter(l => l.trim() && !l.startsWith('//'));
for (const t of tricky) base.add(t);

// Deterministic PRNG (mulberry32) so the same file comes out every time.
let seed = 0x5eed;
const rand = () => { seed |= 0; seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)];
const INSERTS = ['(', ')', '[', ']', '{', '}', ',', '"', '=', '!', '~', '+', '-', '*', '/', ' ', ':', '5m', 'by', 'offset', 'and', 'bool', 'foo', '1', '@', 'on', 'group_left', '|', '\\', 'x'];

function mutate(e: string): string {
  const i = Math.floor(rand() * (e.length + 1));
  switch (Math.floor(rand() * 5)) {
    case 0: return e.slice(0, i) + e.slice(i + 1);
    case 1: return e.slice(0, i) + pick(INSERTS) + e.slice(i);
    case 2: return e.slice(0, i);
    case 3: { const w = pick(INSERTS); return e.slice(0, i) + w + ' ' + e.slice(i); }
    default: { const j = Math.floor(rand() * (e.length + 1)); const [a, b] = [Math.min(i, j), Math.max(i, j)]; return e.slice(0, a) + e.slice(b); }
  }
}

const exprs = [...base];
const bases = [...base];
for (let k = 0; k < 2500; k++) {
  let m = pick(bases);
  const n = 1 + Math.floor(rand() * 2);
  for (let j = 0; j < n; j++) m = mutate(m);
  if (m.trim() && !m.includes('\n')) exprs.push(m);
}
const unique = [...new Set(exprs)].filter(e => e.trim() !== '');

const dir = mkdtempSync(path.join(tmpdir(), 'slo-lens-promtool-'));
const file = path.join(dir, 'rules.yaml');
writeFileSync(file, 'groups:\n  - name: g\n    rules:\n' + unique.map((e, i) => `      - record: r${i}\n        expr: ${JSON.stringify(e)}\n`).join(''));
const r = spawnSync(promtool, ['check', 'rules', '--lint=none', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const errors = new Map<number, string>();
for (const line of (r.stdout + r.stderr).split('\n')) {
  const m = /rule \d+, "r(\d+)": could not parse expression: (.*)$/.exec(line);
  if (m) errors.set(Number(m[1]), m[2]);
}
const version = spawnSync(promtool, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
const verdicts = unique.map((expr, i) => ({ expr, promtool: errors.has(i) ? errors.get(i)! : 'ok' }));
writeFileSync(out, JSON.stringify({ promtool: version, generated: 'test/unit/promqlPromtoolVerdicts.gen.ts', verdicts }, null, 1) + '\n');
console.log(`${verdicts.length} expressions, ${errors.size} rejected by ${version}`);
