import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parser } from '@prometheus-io/lezer-promql';
import { fastValid } from '../../server/src/engine/promql/fast';
import { parseFull, parsePromQL, clearPromQLCache } from '../../server/src/engine/promql/parse';
import { AGGREGATIONS, FUNCTIONS, type ValueType } from '../../server/src/engine/promql/functions';
import { calls, rangeDurations, rootExpression, selectors } from '../../server/src/engine/promql/inspect';
import { promqlSites } from '../../server/src/engine/promql/sites';
import { tokenize } from '../../server/src/engine/promql/tokens';
import { loadSource } from '../../server/src/engine/source';
import { bigRulesFile as fixtureRulesFile } from '../fixtures/promql/bigRules';
import { CORPUS_DIR } from '../harness/corpus';

// The fast path (fast.ts) may only say "valid" where the full path (lexer, grammar, semantic checks) finds no error.
// It is compared with the full path on every real expression we have, targeted edge cases, seeded random edits of them
// and expressions generated from the grammar's productions; and it must say "valid" for >= 99% of the real expressions
// the full path accepts, or it would not save anything. (PROMQL_FAST_SEED/_MUTATIONS/_GENERATED run bigger searches.)

const ROOT = path.join(__dirname, '..', '..');
const walk = (d: string): string[] => readdirSync(d).sort().flatMap(n => {
  const p = path.join(d, n);
  return statSync(p).isDirectory() ? walk(p) : /\.ya?ml$/.test(n) ? [p] : [];
});
const siteTexts = (file: string, text: string): string[] =>
  promqlSites(loadSource(pathToFileURL(file).href, file, text, 1)).filter(s => s.logqlAt === undefined && !s.unknownTemplates?.length).map(s => s.text);

const ARG: Record<ValueType, string> = { scalar: '0.5', vector: 'x{a="b"}', matrix: 'x[5m]', string: '"a"', none: '' };

/** Edge cases of the grammar and the checks, valid and not (targeted, on top of the real and the random ones). */
const EDGES = [
  'a / b offset 5m', 'a / b[5m:1m]', 'a + b[5m]', '-x[5m:1m]', '-x[5m]', '-x offset 5m', 'a + -b offset 5m', 'x offset 1h @ 5',
  'x @ 5 offset 1h', 'a + b offset 1m + c offset 2m', 'a offset 5m * 2', 'x offset 5m offset 6m', 'x @ 5 @ 6', 'x offset 1h [5m]',
  'x @ 1 [5m]', '(x)[5m]', '(x)[5m:]', 'x[5m:][5m:]', 'rate(x[5m])[5m:]', 'sum(x) by (a)[5m:]', 'sum by (a)(x) offset 5m', 'a @ 5 offset 1m',
  'a + b @ 5 offset 1m', '(a + b) offset 1m', '1.', '1.e3', '1.E+3', '1._5', '1_0.', 'x[5m:1.]', 'x[5.]', '0x_1F', '0X_1F', '0x1f', '0X1F', '0x', '0x_',
  '1_000', '1__0', '1_', '.5', '..5', '1e3', '1e', '1e+', '1e_3', 'Inf', '-NaN', 'inf + 1', 'infx', 'x offset -5m', 'x offset - 5m',
  'x offset --5m', 'x @ start()', 'x @ END()', 'x @ -5', 'x @ - 5', 'x @ 5m', 'x @ inf', 'sum(x) BY (a)', 'SUM by (a) (x)', 'Sum(x)',
  'x and ON(a) y', 'a > BOOL 1', 'a + bool b', '1 > 2', '1 > bool 2', '{"foo"}', '{"foo", a="b"}', 'foo{"bar"}', '{__name__="x"}',
  '{"__name__"="x"}', 'x{__name__="y"}', '{__name__!="x", a="b"}', '{a=~".*"}', '{a=~".+"}', '{a!=""}', '{a!="x"}', '{a!~".+"}',
  '{a=~"(?i)x"}', '{}', 'x{}', '{,}', '{a="b",}', 'sum by (on, bool, offset) (x)', '{on="x", offset="y"}', 'sum by (a,) (x)',
  'sum by () (x)', 'sum by ("a.b") (x)', 'holt_winters(x[5m], 0.1, 0.2)', 'holt_winters (x[5m], 0.1, 0.2)',
  'holt_winters # c\n(x[5m], 0.1, 0.2)', 'foo:holt_winters(x)', 'holt_winters', 'x # comment\n+ y', '# only a comment', '',
  'a * on(x) group_left b', 'a * on(x) group_left(y) b', 'a * on(x) group_left(x) b', 'a * on("x") group_left("x") b',
  'a * ignoring(x) group_left(x) b', 'a and on(x) group_left b', '1 + on() 2', '1 + on(a) 2', '1 + ignoring(a) 2', 'a > bool on(x) group_left(y) b',
  'a - -1', 'a -1', 'count_values("a", x)', 'count_values(x, y)', 'topk(5, x)', 'topk(x)', 'topk("5", x)', 'quantile(0.9, x[5m])',
  'x atan2 y', 'x ATAN2 y', '1 atan2 2', 'x[300]', 'x[1e3]', 'x[.5]', 'x[0x10]', 'x[-5m]', 'x[5m - 1m]', 'x[step()]', 'sort_by_label(x)',
  'label_join(x, "a", "b")', 'days_in_month()', 'pi()', 'time()', 'time', 'vector(1)', '"foo"', "'foo'", '`foo`', 'x[5m]', ':foo',
  'foo:bar:baz{a="b"}', 'x{a="\\\\d"}', 'x{a="\\d"}', 'x{a="\\x41"}', 'x{a="\\u00e9"}', 'x{a="\\U0010FFFF"}', 'x{a="\\U00110000"}',
  'x{a="\\101"}', 'x{a="\\18"}', "x{a='\\''}", 'x{a="\\\'"}', "x{a='b'}", 'x{a=`b\nc`}', 'sum(x,)', 'rate(x[5m],)', 'foo {a="b"}',
  'x [5m]', 'x[ 5m : 1m ]', 'x[5m:]', 'x[:5m]', 'x</y', 'x >/ y', 'x > /y', 'info(x)', 'x anchored', 'x[5m] smoothed', 'on', 'by',
  'sum', 'sum + 1', 'rate', 'offset', 'bool', 'x == bool', 'x{a=b}', 'x{a:b="c"}', 'sum by (a:b) (x)', 'foo(bar)', 'RATE(x[5m])',
  'x unless on(a) group_left b', '-"a"', '"a" + 1', 'x[5m] + 1', 'x{a=~"(b"}', 'x{a=~"b)"}', 'x{a=~"a**"}', 'scalar(x) < time()',
  'abs(-x)', '+x', '- - x', '-(x)', '-1 ^ 2', '2 ^ -x', 'a ^ b ^ c', 'a * b + c > bool d and e or f unless g', 'x >= 1', 'x <= 1', 'x != 1',
  'x == 1', 'x = 1', 'x =~ 1', 'x ! 1', 'x € 1', 'x{a="é"}', 'x\t+\r\ny', 'x\f+ y', 'x offset 5m5s', 'x offset 1h30m', 'x[1d1d]', 'x[5mm]',
  'x[1.5h]', 'x[1ms]', 'x[1m5ms]', 'x[1y2w3d4h5m6s7ms]', 'x[5m1]', 'x{a="b"} offset 1w', 'x offset 1w{a="b"}', 'x and fill(0) y',
  'sum(x) by (a) by (b)', 'sum by (a) (x) by (b)', 'sum without (a) (x)', 'sum(x) without(a)', 'group(x)', 'stddev(x)', 'limitk(2, x)',
  'limit_ratio(0.5, x)', 'max(x, y)', 'absent_over_time(x[5m])', 'clamp(x, 0, 1)', 'clamp(x, 0)', 'round(x, 1, 2)', 'round(x)',
  'x[5m # c\n]', 'sum by # c\n (a) (x)', 'x{a # c\n = "b"}', 'x offset # c\n 5m', '- # c\n x', 'x @ start ( )', 'holt_winters\t(x[5m], 1, 2)',
  'x\r\n+ y # c\r\n', 'a * on(x) group_left # c\n (b) c', '-\n1', 'x @ -\n5', 'x offset +5m', '--1', '+-1', 'x^-1', '2^-x^2',
  'a ^ b offset 5m', 'sum(x) # c\nby (a)', 'x / ignoring() group_left() y', 'x{a="b"}[5m] @ 5 offset 1m', 'rate(x[5m:1m] offset 1h)',
  'x offset 1h @ end()', 'a and b offset 5m', '1 + x offset 5m', 'x + 1 offset 5m', '"a" offset 5m', 'x[5m] + 1 offset 5m', 'x + y[5m] offset 5m',
  'x + y [5m:] offset 5m', 'a < bool 1 offset 5m', 'sum(x)[5m:] @ 5', 'x[5m:]offset 5m', 'x[5m:1m]@5', 'x[5m]offset5m', 'xoffset 5m',
  'x and1', 'xand y', 'x bool 1', 'x{a="b"}{c="d"}', '0x1f+1', '0x1e+1', '1e3e', '5m5', 'x[5m5m]', '1y1w', 'x offset 1y1w1d1h1m1s1ms',
];

/** The expressions the project has: promtool's verdict file, the shared corpus, the valid list and both big-file generators. */
async function realExpressions(): Promise<{ name: string; texts: string[] }[]> {
  const verdicts = (JSON.parse(readFileSync(path.join(ROOT, 'test', 'fixtures', 'promql', 'promtool-verdicts.json'), 'utf8')) as { verdicts: { expr: string }[] }).verdicts.map(v => v.expr);
  const valid = readFileSync(path.join(ROOT, 'test', 'fixtures', 'promql', 'valid-expressions.txt'), 'utf8').split('\n').filter(l => l.trim() && !l.startsWith('//'));
  const corpus = walk(CORPUS_DIR).flatMap(f => siteTexts(f, readFileSync(f, 'utf8')));
  const bench = await import(pathToFileURL(path.join(ROOT, 'scripts', 'bench', 'generate.mjs')).href) as { bigRulesFile(o: object): string };
  const generated = [
    ...siteTexts('/bench/big-rules.yaml', bench.bigRulesFile({ groups: 100, alertsPerGroup: 10, defect: false })),
    ...siteTexts('/fixture/big-rules.yaml', fixtureRulesFile(20, 10)),
  ];
  const fns = Object.entries(FUNCTIONS).flatMap(([name, sig]) => {
    const args = sig.argTypes.map(t => ARG[t]);
    return [`${name}(${args.join(', ')})`, `${name}(${args.slice(0, -1).join(', ')})`, `${name}(${[...args, args[args.length - 1] ?? '1'].join(', ')})`];
  });
  const aggs = Object.entries(AGGREGATIONS).flatMap(([name, p]) => {
    const param = p === null ? '' : `${ARG[p]}, `;
    return [`${name}(${param}x)`, `${name} by (a) (${param}x)`, `${name}(${param}x) without (a, b)`, `${name}(${param}x[5m])`, `${name}(x)`];
  });
  assert.ok(verdicts.length > 2300 && corpus.length > 650 && generated.length >= 1200, `${verdicts.length} ${corpus.length} ${generated.length}`);
  return [
    { name: 'promtool verdicts', texts: verdicts }, { name: 'valid-expressions.txt', texts: valid }, { name: 'corpus', texts: corpus },
    { name: 'generators', texts: generated }, { name: 'function/aggregation calls', texts: [...fns, ...aggs] }, { name: 'edge cases', texts: EDGES },
  ];
}

// What random edits insert: tokens that change types, precedence, modifiers and number forms, and single characters.
const TOKENS = [
  '(', ')', '[', ']', '{', '}', ',', ':', '[5m]', '[5m:1m]', '[1h:]', 'offset 5m', 'offset -1h', '@ 100', '@ start()', 'by (a)', 'without (a)',
  'on (a)', 'ignoring (b)', 'group_left', 'group_right (c)', 'bool', 'and', 'or', 'unless', 'atan2', '+', '-', '*', '/', '%', '^', '==', '!=',
  '<', '<=', '>', '>=', '=', '=~', '!~', '1', '0.5', '1.', '.5', '1e3', '0x_1F', '0x1f', '1_000', 'Inf', 'NaN', '5m', '1h30m', '5ms', '"a"',
  "'b'", '`c`', '"\\d"', '"a.*"', '""', 'x', 'up', 'job', '__name__', '{a="b"}', '{__name__="m"}', '{"m"}', 'sum', 'count_values', 'topk',
  'quantile', 'rate', 'abs', 'time()', 'vector', 'scalar', 'histogram_quantile', 'label_replace', 'round', 'holt_winters', 'info', 'on',
  'offset', 'start', 'end', 'inf', '#c\n', '\n', 'anchored', 'fill(0)',
];
const CHARS = '(){}[],"\'`=~!<>+-*/^%@:._# \nabcxyzO019eEfm\\';

/** Replacements of the same kind, which often keep an expression valid in another way. */
const SAME_KIND: Record<string, string[]> = {
  number: ['1', '0.5', '1.', '.5', '1e3', '1.e3', '1E-3', '0x_1F', '0x1f', '1_000', 'Inf', 'NaN', '5m', '1h30m', '5ms', '300', '1d'],
  operator: ['+', '-', '*', '/', '%', '^', '==', '!=', '<', '<=', '>', '>=', '=', '=~', '!~', '!=', '@'],
  identifier: ['and', 'or', 'unless', 'atan2', 'bool', 'on', 'ignoring', 'group_left', 'by', 'without', 'offset', 'sum', 'topk', 'count_values',
    'rate', 'abs', 'time', 'vector', 'scalar', 'round', 'holt_winters', 'label_join', 'x', 'up', 'job', '__name__', 'Inf', 'start',
    'y', 'foo:bar', '_z', ':w', 'node_cpu_seconds_total', 'le', 'instance'],
  string: ['"a"', "'b'", '`c`', '""', '".*"', '".+"', '"a|b"', '"\\d"', '"(a"', '"__name__"'],
};

/** Suffixes and wrappers that keep many expressions valid while changing types, precedence and modifiers. */
const SUFFIXES = [' offset 5m', '[5m]', '[5m:]', '[1h:5m]', ' @ 5', ' @ end()', ' > bool 1', ' > 1', ' and on(a) y', ' * on(a) group_left(b) y',
  ' / ignoring(a) group_right y', ' + 1', ' or vector(1)', ' unless x', ' ^ 2', ' == bool x', ' by (a)', ' offset 1h @ 10', ' atan2 1'];
const WRAPPERS: [string, string][] = [['(', ')'], ['-', ''], ['abs(', ')'], ['sum by (a) (', ')'], ['rate(', ')'], ['rate(', '[5m])'],
  ['topk(1, ', ')'], ['scalar(', ')'], ['vector(', ')'], ['count_values("v", ', ')'], ['label_replace(', ', "a", "b", "c", "d")'],
  ['quantile_over_time(0.9, ', ')'], ['max_over_time(', '[5m:])'], ['holt_winters(', ', 0.5, 0.5)'], ['sort_by_label(', ', "a")']];

/** Deterministic edits of one expression: 1–3 token or character deletions, insertions, duplications, replacements and swaps. */
function mutate(text: string, rnd: (n: number) => number): string {
  let t = text;
  for (let e = 0, n = rnd(3) === 0 ? 2 + rnd(2) : 1; e < n; e++) {
    const tokens = tokenize(t);
    const op = rnd(18);
    if (tokens.length === 0 || op < 3) {
      const at = rnd(t.length + 1);
      t = op === 0 ? t.slice(0, at) + CHARS[rnd(CHARS.length)] + t.slice(at)
        : op === 1 ? t.slice(0, at) + t.slice(at + 1)
        : at + 1 < t.length ? t.slice(0, at) + t[at + 1] + t[at] + t.slice(at + 2) : t.slice(0, at) + t.slice(at, at + rnd(6)) + t.slice(at);
      continue;
    }
    const k = rnd(tokens.length);
    const tok = tokens[k];
    const pick = () => rnd(3) === 0 ? tokens[rnd(tokens.length)].text : TOKENS[rnd(TOKENS.length)];
    switch (op) {
      case 3: t = t.slice(0, tok.from) + t.slice(tok.to); break;
      case 4: t = t.slice(0, tok.to) + (rnd(2) ? ' ' : '') + tok.text + t.slice(tok.to); break;
      case 5: t = t.slice(0, tok.from) + pick() + t.slice(tok.to); break;
      case 6: t = t.slice(0, tok.from) + pick() + (rnd(2) ? ' ' : '') + t.slice(tok.from); break;
      case 7: t = t.slice(0, tok.to) + ' ' + pick() + t.slice(tok.to); break;
      case 8: {
        const j = rnd(tokens.length);
        const [a, b] = k < j ? [tok, tokens[j]] : [tokens[j], tok];
        if (a !== b) t = t.slice(0, a.from) + b.text + t.slice(a.to, b.from) + a.text + t.slice(b.to);
        break;
      }
      case 9: case 10: case 11: {
        const pool = SAME_KIND[tok.kind] ?? TOKENS;
        t = t.slice(0, tok.from) + pool[rnd(pool.length)] + t.slice(tok.to);
        break;
      }
      case 12: case 13: case 14: t = t.slice(0, tok.to) + SUFFIXES[rnd(SUFFIXES.length)] + t.slice(tok.to); break;
      default: {
        // Wrap a balanced span: from a token to the end of the expression or to the end of a later token.
        const j = k + rnd(Math.min(6, tokens.length - k));
        const [open, close] = WRAPPERS[rnd(WRAPPERS.length)];
        t = t.slice(0, tok.from) + open + t.slice(tok.from, tokens[j].to) + close + t.slice(tokens[j].to);
      }
    }
  }
  return t;
}

/** Random expressions from the grammar's productions (any types, modifiers, matchers, number forms, comments). */
function generate(rnd: (n: number) => number, d = 0): string {
  const pick = <T>(a: readonly T[]): T => a[rnd(a.length)];
  const ws = () => pick(['', ' ', ' ', '\n', ' # c\n', '\t']);
  const dur = () => pick(['5m', '1h', '300', '1.', '.5', '0x10', '1h30m', '5ms', '1e2', '-5m', 'Inf']);
  const str = () => pick(['"a"', "'b'", '`c`', '""', '".*"', '".+"', '"a|b"', '"\\\\d"', '"(a"', '"__name__"', '"x\\"y"']);
  const label = () => pick(['a', 'job', '__name__', 'on', 'by', 'offset', 'le', '"a.b"', 'b']);
  const labels = () => `(${Array.from({ length: rnd(3) }, label).join(', ')}${rnd(5) === 0 ? ',' : ''})`;
  const sub = () => generate(rnd, d + 1);
  const selector = () => {
    const name = rnd(4) === 0 ? '' : pick(['x', 'up', 'foo:bar', '_y', ':z', 'sum', 'rate']);
    if (name && rnd(2) === 0) return name;
    const m = Array.from({ length: rnd(3) }, () => rnd(6) === 0 ? str() : `${label()}${ws()}${pick(['=', '!=', '=~', '!~'])}${ws()}${str()}`);
    return `${name}${ws()}{${m.join(', ')}${rnd(5) === 0 ? ',' : ''}}`;
  };
  switch (rnd(d > 3 ? 4 : 14)) {
    case 0: return selector();
    case 1: return pick(['1', '0.5', '1.', '.5', '1e3', '1.e3', '0x_1F', '1_000', 'Inf', 'NaN', '5m', '1h30m', '-1', '+2']);
    case 2: return rnd(3) === 0 ? str() : selector();
    case 3: return `${selector()}[${dur()}]`;
    case 4: return `(${ws()}${sub()}${ws()})`;
    case 5: return `${pick(['-', '+'])}${ws()}${sub()}`;
    case 6: return `${pick(Object.keys(FUNCTIONS))}${ws()}(${Array.from({ length: rnd(4) }, sub).join(', ')})`;
    case 7: {
      const name = pick(Object.keys(AGGREGATIONS));
      const args = (AGGREGATIONS[name] === null || rnd(6) === 0 ? [sub()] : [sub(), sub()]).join(', ');
      const by = rnd(3) === 0 ? '' : `${pick(['by', 'without', 'BY'])}${ws()}${labels()}`;
      return rnd(2) ? `${name}${ws()}${by}${ws()}(${args})` : `${name}(${args})${ws()}${by}`;
    }
    case 8: case 9: case 10: {
      let mods = rnd(3) === 0 ? ' bool' : '';
      if (rnd(3) === 0) mods += ` ${pick(['on', 'ignoring'])}${labels()}${rnd(2) ? ` ${pick(['group_left', 'group_right'])}${rnd(2) ? labels() : ''}` : ''}`;
      const op = pick(['+', '-', '*', '/', '%', '^', '==', '!=', '<', '<=', '>', '>=', 'and', 'or', 'unless', 'atan2', 'AND']);
      return `${sub()}${ws()}${op}${mods}${ws()}${sub()}`;
    }
    case 11: return `${sub()}${ws()}[${dur()}:${rnd(2) ? dur() : ''}]`;
    case 12: return `${sub()}${ws()}offset${ws() || ' '}${dur()}`;
    default: return `${sub()}${ws()}@${ws()}${pick(['5', '-5', 'start()', 'end()', '1.', 'inf'])}`;
  }
}

/** Texts the full path accepts but the fast path is unsure of (for looking at, with PROMQL_FAST_MISSES=1). */
const misses: string[] = [];

function compare(text: string, bad: string[]): { fast: boolean; full: boolean } {
  const fast = fastValid(text);
  const error = parseFull(text).error;
  if (!fast && !error && process.env.PROMQL_FAST_MISSES) misses.push(text);
  if (fast && error && bad.length < 20) bad.push(`${JSON.stringify(text)}: the full path reports ${error.message}`);
  return { fast, full: !error };
}

test('the fast path says valid only where the full path finds no error, and says so for >= 99% of what it accepts', async t => {
  const groups = await realExpressions();
  const bad: string[] = [];
  const seeds = new Set<string>();
  const validSeeds = new Set<string>();
  for (const g of groups) {
    let accepted = 0, fast = 0;
    for (const text of g.texts) {
      const r = compare(text, bad);
      if (r.full) { accepted++; if (r.fast) fast++; validSeeds.add(text); }
      seeds.add(text);
    }
    t.diagnostic(`${g.name}: ${g.texts.length} expressions, the full path accepts ${accepted}, the fast path says valid for ${fast} (${(100 * fast / Math.max(1, accepted)).toFixed(2)}%)`);
    if (g.name !== 'edge cases') {
      assert.ok(fast >= 0.99 * accepted, `${g.name}: the fast path is used for only ${fast} of ${accepted} valid expressions`);
    }
  }
  // Seeded random edits: mostly broken texts, many still valid in new ways (other types, modifiers, number forms).
  let x = Number(process.env.PROMQL_FAST_SEED ?? 20240607);
  const rnd = (n: number) => { x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff; return x % n; };
  // Edits of valid expressions are more often still valid; edits of rejected ones probe the error paths.
  const all = [...seeds], valid = [...validSeeds];
  const mutations = Number(process.env.PROMQL_FAST_MUTATIONS ?? 40_000);
  let fullValid = 0, fastValid_ = 0;
  for (let i = 0; i < mutations; i++) {
    const r = compare(mutate(rnd(4) === 0 ? all[rnd(all.length)] : valid[rnd(valid.length)], rnd), bad);
    if (r.full) fullValid++;
    if (r.fast) fastValid_++;
  }
  t.diagnostic(`${mutations} random edits: the full path accepts ${fullValid}, the fast path says valid for ${fastValid_} (${(100 * fastValid_ / fullValid).toFixed(1)}%)`);
  const generated = Number(process.env.PROMQL_FAST_GENERATED ?? 20_000);
  let genValid = 0, genFast = 0;
  for (let i = 0; i < generated; i++) {
    const r = compare(generate(rnd), bad);
    if (r.full) genValid++;
    if (r.fast) genFast++;
  }
  t.diagnostic(`${generated} generated expressions: the full path accepts ${genValid}, the fast path says valid for ${genFast} (${(100 * genFast / genValid).toFixed(1)}%)`);
  if (process.env.PROMQL_FAST_MISSES) t.diagnostic(`misses:\n${misses.map(m => JSON.stringify(m)).join('\n')}`);
  assert.deepEqual(bad, []);
  // The comparison is only worth something if both verdicts occur often.
  assert.ok(mutations - fullValid > 10_000 && fastValid_ > 5_000, `${fullValid} valid, ${fastValid_} fast`);
  assert.ok(generated - genValid > 5_000 && genFast > 2_000, `${genValid} generated valid, ${genFast} fast`);
});

test('every function the fast path calls valid is one the grammar knows (else the full path says "unknown function")', () => {
  for (const [name, sig] of Object.entries(FUNCTIONS)) {
    const text = `${name}(${sig.argTypes.map(t => ARG[t]).join(', ')})`;
    if (!fastValid(text)) { assert.ok(sig.legacy, `${text} is not fast-valid`); continue; }
    const top = parser.parse(text).topNode.firstChild;
    if (!sig.legacy) assert.equal(top?.name, 'FunctionCall', `${name}: the grammar does not know it`);
    assert.equal(parseFull(text).error, undefined, text);
  }
});

test('a parse from the fast path builds the same tree as the full path when it is read', () => {
  clearPromQLCache();
  const text = 'sum by (job) (rate(http_requests_total{job="api",code=~"5.."}[5m] offset 1h)) / sum(holt_winters({__name__="y"}[1h:30s], 0.1, 1.))';
  assert.ok(fastValid(text));
  const fast = parsePromQL(text);
  const full = parseFull(text);
  assert.equal(fast.error, undefined);
  assert.equal(fast.tree.toString(), full.tree.toString());
  assert.equal(fast.tree, fast.tree, 'the tree is built once');
  assert.deepEqual([selectors(fast), rangeDurations(fast), calls(fast), rootExpression(fast)?.name], [selectors(full), rangeDurations(full), calls(full), rootExpression(full)?.name]);
});

test('deep nesting is left to the full path instead of overflowing the stack', () => {
  const deep = ['x^'.repeat(8000) + 'x', '('.repeat(8000) + 'x' + ')'.repeat(8000), '-'.repeat(16000) + 'x', 'abs('.repeat(3000) + 'x' + ')'.repeat(3000)];
  for (const text of deep) assert.equal(fastValid(text), false, text.slice(0, 20));
  for (const text of ['x^'.repeat(150) + 'x', '('.repeat(150) + 'x' + ')'.repeat(150), '-'.repeat(150) + 'x']) {
    assert.equal(fastValid(text), true, text.slice(0, 20));
    assert.equal(parseFull(text).error, undefined);
  }
});
