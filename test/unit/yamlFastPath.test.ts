import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { fastParse } from '../../server/src/engine/yaml/fastTree';
import { parseYaml } from '../../server/src/engine/yaml/parse';
import { CORPUS_DIR } from '../harness/corpus';

// The YAML fast path (fastTree.ts) may only build a tree where js-yaml builds the same one: same nodes, positions,
// values and duplicate-key problems, and never a tree for text js-yaml rejects. Compared here on every YAML file we
// have, the benchmark's generated files, edge cases, and seeded random edits of all of them; and it must be used for
// most real files, or it would not save anything. (YAML_FAST_SEED / YAML_FAST_MUTATIONS run bigger searches;
// YAML_FAST_FULL=1 prints whole texts that differ, not their first 400 characters.)

const ROOT = path.join(__dirname, '..', '..');
const walk = (d: string): string[] => readdirSync(d).sort().flatMap(n => {
  const p = path.join(d, n);
  return n === 'node_modules' ? [] : statSync(p).isDirectory() ? walk(p) : /\.ya?ml$/.test(n) ? [p] : [];
});

/** Compares the fast path with js-yaml on one text; returns whether the fast path took it. */
function compare(text: string, bad: string[]): boolean {
  let fast;
  try {
    fast = fastParse(text);
  } catch (e) {
    bad.push(`fast path threw ${e} on ${JSON.stringify(text.slice(0, 400))}`);
    return false;
  }
  if (!fast) return false;
  const slow = parseYaml(text, false);
  if (!isDeepStrictEqual(fast, slow)) {
    bad.push(`different trees for ${JSON.stringify(text.slice(0, process.env.YAML_FAST_FULL ? 1e6 : 400))}${slow.problems.length ? ` (js-yaml: ${slow.problems[0].message})` : ''}`);
  }
  return true;
}

const EDGES = [
  'a: 1', 'a: 1\n', 'a:\n', 'a:', 'a: # c\nb: 2', 'a: foo # c\n  bar\n', 'a: foo\n  bar\nb: 1', 'a: foo\n\n  bar\n', 'a: foo\n  # c\nb: 1',
  'a: foo\n  bar: baz\n', 'a: x:y', 'a: x: y', 'a: x:', 'a : b', 'a:b', 'a: -1', 'a: --x', 'a: ---', 'a: -', 'a: - b', 'a: :x', 'a: ?x', 'a: ? x',
  ':a: b', '-a: b', '?a: b', 'a#b: c', 'a #b: c', 'a: b#c', 'a: b #c', 'a: "x"', 'a: "x" # c', 'a: "x"#c', 'a: "x" y', 'a: "x\\"y"',
  'a: "x\\ty"', 'a: "x\\qy"', 'a: "x\\x41"', 'a: "x\\u0041"', 'a: "x', 'a: "x\n  y"', "a: 'x'", "a: 'it''s'", "a: 'x", "a: 'x'y",
  'a: |\n  x\n', 'a: |\n  x\n\n', 'a: |-\n  x\n', 'a: |+\n  x\n\n', 'a: >\n  x\n  y\n\n  z\n', 'a: >-\n  x\n   y\n', 'a: |2\n   x\n',
  'a: |\n\n  x\n', 'a: |\nb: 1', 'a: |\n  x\n # c\nb: 1', 'a: |\n  x\n  # c\nb: 1', 'a: | # c > d\n  x\n', 'a: |#\n  x\n', 'a: |x\n  x\n',
  'a: |\n  x', 'a: |\n  x\n   ', 'a: |+\n  x\n\n\n', 'a: |-\n  x\n\n', 'a: |\n  x\n    y\n\n  z\n', 'a: |\n  x\n      \n  y\n', 'a: |\n  x\n \n',
  'a: |+\n  x\n   \n', 'a: |-\n  x\n     \n', 'a: |\n    x\n  y: 1\n', 'a: |+\n  x\nb: 1', 'a: |\n   x\n  \n   y\n', 'a: |\n    x\n  y\n', '- |\n x\n', '- |\n  x\n- y', 'a:\n  - |\n    x\n', 'a: []', 'a: {}', 'a: [] # c',
  'a: []x', 'a: [b, c]', 'a: [b,c]', 'a: [ b , "c" ]', 'a: [b, c,]', 'a: [b,, c]', 'a: [b, [c]]', 'a: [b\n  , c]', 'a: [b:c]', 'a: [b #c]',
  'a: {b: c}', 'a: {b: c, d: "e"}', 'a: {b: c, b: d}', 'a: {b:c}', 'a: {b : c}', 'a: {b}', 'a: {b: }', 'a: {"b": c}', 'a: {b: [c]}',
  'a: [\'x\', "y"]', 'a: {b: c} # x', 'a:\n- b\n- c\nd: e', 'a:\n- b\n  c: d\n', 'a:\n  - b\n  c: d', '- a\n- b', '- a\nb: c', '- a: 1\n  b: 2\n- c',
  '- a: 1\n b: 2', '- a: 1\n   b: 2', '-\n  a: 1', '- # c\n  a: 1', '- - a', '-a', '- a\n  - b', 'a:\n  b:\n    c: d\n  e: f\ng: h',
  'a: 1\na: 2', 'a: 1\nb:\n  a: 1\n  a: 2\na: 3', '<<: x\n<<: y', '---\na: 1', '---\na: 1\n---\nb: 2', '---\n---\na: 1', 'a: 1\n---\n',
  'a: 1\n...\n', '--- # c\na: 1', '--- a\n', '---a: 1', '%YAML 1.2\n---\na: 1', '# only a comment', '', '\n\n', 'a: 1\n  b: 2', '  a: 1\n  b: 2',
  '  a: 1\nb: 2', 'a: &x 1', 'a: *x', 'a: !!str 1', 'a: !x 1', '? a\n: b', '"a": b', "'a': b", 'a: b\n\tc: d', 'a: b\r\nc: d', '\ufeffa: b',
  'a: true', 'a: ~', 'a: null', 'a: 0x1F', 'a: 0o17', 'a: 1e3', 'a: .inf', 'a: .NaN', 'a: 01', 'a: +1', 'a: 1_000', 'true: 1', '1: a', 'a: é',
  'a: b\n c', 'a:\n b\n', 'a:\n  b\n', 'a:\n  "b"\n', 'a:\n  [b]\n', 'a:\n  |\n  b\n', 'k: @x', 'k: `x`', 'k: %x', 'k: ,x', 'k: x,y', 'k: x]',
  Array.from({ length: 40 }, (_, i) => `k${i % 23}: ${i}`).join('\n'), `<<: a\n${Array.from({ length: 20 }, (_, i) => `k${i}: ${i}`).join('\n')}\n<<: b\nk3: x\n`,
  `m: {${Array.from({ length: 20 }, (_, i) => `k${i % 17}: ${i}`).join(', ')}}`, 'k: x}', 'k: [x]]', 'k: {x: y}}', 'a:    b   ', 'a: b   # c   ', 'a:  # c\n  b: 1', `${'k'.repeat(1100)}: v`, 'a: b\n#c\n  # d\nc: e',
];

/** Seeded edits of a YAML text: YAML-significant insertions, deletions, re-indented, duplicated and dropped lines. */
const TOKENS = [' ', '  ', '\n', ':', ': ', '-', '- ', '#', ' #', '"', "'", '|', '>', '|-', '>+', '[', ']', '{', '}', ',', '&a', '*a', '!', '?',
  'a', '0', '---\n', '...', '\\', '\\n', '\\x', "''", 'x: y', '\n  ', '\n- ', ':x', '%', '@', '`', '-1', '{a: b}', '[a, b]', 'é', '\t', '\r'];
function mutate(text: string, rnd: () => number): string {
  let t = text;
  const at = (n: number) => Math.floor(rnd() * n);
  for (let e = 0, n = 1 + at(3); e < n; e++) {
    const p = at(t.length + 1);
    const r = rnd();
    if (r < 0.35) t = t.slice(0, p) + TOKENS[at(TOKENS.length)] + t.slice(p);
    else if (r < 0.6) t = t.slice(0, p) + t.slice(p + 1 + at(4));
    else {
      const lines = t.split('\n');
      const k = at(lines.length);
      if (r < 0.75) lines[k] = rnd() < 0.5 ? ' ' + lines[k] : lines[k].replace(/^ /, '');
      else if (r < 0.85) lines.splice(k, 0, lines[at(lines.length)]);
      else lines.splice(k, 1);
      t = lines.join('\n');
    }
  }
  return t;
}

/** mulberry32: a small seeded generator with full 32-bit state (the runs are reproducible from the seed). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('the YAML fast path builds the same tree as js-yaml, or leaves the text to js-yaml', async (t) => {
  const bad: string[] = [];
  const corpus = walk(CORPUS_DIR).map(f => readFileSync(f, 'utf8'));
  const ours = [...walk(path.join(ROOT, 'examples')), ...walk(path.join(ROOT, 'test', 'fixtures'))].map(f => readFileSync(f, 'utf8'));
  const bench = await import(pathToFileURL(path.join(ROOT, 'scripts', 'bench', 'generate.mjs')).href) as { bigRulesFile(o: object): string };
  const generated = [bench.bigRulesFile({ groups: 100, alertsPerGroup: 10, defect: false }), bench.bigRulesFile({ groups: 5, alertsPerGroup: 4, defect: true })];

  const corpusFast = corpus.filter(text => compare(text, bad)).length;
  const oursFast = ours.filter(text => compare(text, bad)).length;
  const generatedFast = generated.filter(text => compare(text, bad)).length;
  const edgesFast = EDGES.filter(text => compare(text, bad)).length;
  t.diagnostic(`fast path: ${corpusFast} of ${corpus.length} corpus files, ${oursFast} of ${ours.length} examples and fixtures, ${generatedFast} of ${generated.length} generated, ${edgesFast} of ${EDGES.length} edge cases`);

  // Seeded random edits of all of them (windows of the long files, so each edit is checked quickly).
  const rnd = seeded(Number(process.env.YAML_FAST_SEED ?? 20261127));
  const bases = [...corpus, ...ours, ...generated, ...EDGES];
  const mutations = Number(process.env.YAML_FAST_MUTATIONS ?? 6_000);
  let mutatedFast = 0;
  for (let i = 0; i < mutations; i++) {
    let base = bases[Math.floor(rnd() * bases.length)];
    if (base.length > 3000) {
      const from = base.lastIndexOf('\n', Math.floor(rnd() * base.length)) + 1;
      base = base.slice(from, from + 2000);
    }
    if (compare(mutate(base, rnd), bad)) mutatedFast++;
  }
  t.diagnostic(`${mutations} random edits: the fast path took ${mutatedFast}`);

  assert.deepEqual(bad.slice(0, 5), []);
  // It must not quietly stop being used: the common files take it.
  assert.ok(corpusFast >= 0.85 * corpus.length, `the fast path took only ${corpusFast} of ${corpus.length} corpus files`);
  assert.equal(generatedFast, generated.length);
  assert.ok(mutatedFast > mutations / 5 && mutatedFast < mutations, `${mutatedFast} of ${mutations} edits took the fast path`);
});

test('the YAML fast path gives up on broken YAML, so the finding and its position come from js-yaml', () => {
  for (const text of ['groups:\n  - name: a\n   rules: []\n', 'a: [b\n', 'a: "b\n', 'a: b: c\n', 'a:\n  - b\n  c: d\n', 'a: 1\n  b: 2\n']) {
    assert.equal(fastParse(text), null, text);
    const parsed = parseYaml(text);
    assert.ok(parsed.problems.some(p => p.kind === 'syntax'), `${text}: ${JSON.stringify(parsed.problems)}`);
  }
});
