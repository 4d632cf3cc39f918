import type { LRParser } from '@lezer/lr';
import type { Tree, SyntaxNode, TreeBuffer } from '@lezer/common';
import { lexCheck, type PromQLError } from './lexer';
import { checkSemantics } from './check';
import { LEGACY_STAND_INS } from './functions';
import { tokenize, describeToken, type Token } from './tokens';
import { fastValid } from './fast';

export type { PromQLError } from './lexer';

/**
 * Parses PromQL the way Prometheus does, with errors at exact offsets:
 *  1. a lexer pass (unexpected characters, unterminated strings, bad escapes, unbalanced brackets) — see lexer.ts;
 *  2. the Prometheus UI's lezer grammar (@prometheus-io/lezer-promql) — the first error node, described as promtool
 *     would ("unexpected identifier \"bar\"", "unknown function with name \"foo\"", "bad duration syntax");
 *  3. Prometheus's semantic checks (argument types and counts, operator rules) — see check.ts.
 * Results are cached by text: the same expression in a new document version is not parsed again.
 */
export interface PromQLParse {
  /** The expression text that was parsed (offsets in `error`, the tree and the helpers refer to it). */
  text: string;
  tree: Tree;
  /** The first problem, if any. */
  error?: PromQLError;
  /** Why the expression was not parsed (too long); the tree is then empty. */
  skipped?: string;
}

/**
 * Longer expressions are not parsed: the grammar's error recovery needs up to a second for 64 KiB of garbage (`{{`,
 * quotes), which would stall the editor, and no real rule comes near the limit (the longest expression in the corpus,
 * kube-prometheus's, is 1.5 KiB). Such text is not cached either.
 */
export const MAX_PROMQL_LENGTH = 16 * 1024;

/**
 * The lezer grammar, loaded on first use: the fast path proves most expressions valid without it, and loading it (its
 * parse tables, its highlighting tags) was ≈ 5 ms of a cold `slo-lens check` that never needed it.
 */
let lezer: { parser: LRParser; Tree: typeof Tree } | undefined;
function lezerGrammar(): { parser: LRParser; Tree: typeof Tree } {
  return lezer ??= { parser: require('@prometheus-io/lezer-promql').parser as LRParser, Tree: (require('@lezer/common') as typeof import('@lezer/common')).Tree };
}

const CACHE_LIMIT = 20_000;
const cache = new Map<string, PromQLParse>();

export function parsePromQL(text: string): PromQLParse {
  if (text.length > MAX_PROMQL_LENGTH) {
    return { text, tree: lezerGrammar().parser.parse(''), skipped: `this expression is ${Math.round(text.length / 1024)} KiB long; SLO Lens checks PromQL up to ${MAX_PROMQL_LENGTH / 1024} KiB, so it is not checked` };
  }
  const hit = cache.get(text);
  if (hit) return hit;
  const result = parseUncached(text);
  if (cache.size >= CACHE_LIMIT) {
    // Drop the oldest half: cheap, and a working set of expressions stays far below the limit.
    let n = CACHE_LIMIT / 2;
    for (const k of cache.keys()) { cache.delete(k); if (--n <= 0) break; }
  }
  cache.set(text, result);
  return result;
}

/** Number of cached parses (for tests and the benchmark). */
export function promqlCacheSize(): number { return cache.size; }
export function clearPromQLCache(): void { cache.clear(); }

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;

/** The identifier written at `from` (a function name as the user wrote it, also where a stand-in was parsed). */
export function identifierAt(text: string, from: number): string {
  IDENT.lastIndex = from;
  return IDENT.exec(text)?.[0] ?? '';
}

function parseUncached(text: string): PromQLParse {
  // Most expressions have no problem: the fast path (fast.ts) proves that without the grammar, and the tree is only
  // built if something reads it. Anything it is unsure of takes the full path, which alone describes errors.
  return fastValid(text) ? new ValidParse(text) : parseFull(text);
}

/** A parse without errors whose tree is built on first access, by the same grammar run as the full path. */
class ValidParse implements PromQLParse {
  private built: Tree | undefined;
  constructor(readonly text: string) {}
  get tree(): Tree { return this.built ??= lezerGrammar().parser.parse(withStandIns(this.text, lexCheck(this.text).strings)); }
}

/** The full path: lexer pass, grammar, error description and semantic checks (exported for the fast path's test). */
export function parseFull(text: string): PromQLParse {
  const lexed = lexCheck(text);
  const parsedText = withStandIns(text, lexed.strings);
  const tree = lezerGrammar().parser.parse(parsedText);
  if (text.trim() === '' || /^\s*(#[^\n]*\s*)*$/.test(text)) return { text, tree, error: { from: 0, to: text.length, message: 'no expression found in input: the expression is empty or only comments' } };
  // Like Prometheus's parser, report the leftmost problem: a bad character or string found by the lexer pass, or the
  // first place the grammar cannot continue. A bracket left open is reported at the bracket, but only when nothing
  // earlier went wrong (the grammar then fails at the end of the input).
  const bad = firstError(tree);
  const grammar = bad && !(lexed.error && lexed.error.from <= bad.from) ? describeError(text, bad, lexed.error?.from) : undefined;
  if (grammar && lexed.unclosed && grammar.atEnd) return { text, tree, error: lexed.unclosed };
  const first = grammar ? { from: grammar.from, to: grammar.to, message: grammar.message } : lexed.error ?? lexed.unclosed;
  if (first) return { text, tree, error: first };
  const semantic = checkSemantics(text, tree.topNode, n => identifierAt(text, n.from));
  return semantic ? { text, tree, error: semantic } : { text, tree };
}

/**
 * Rewrites, without moving any offset, what Prometheus accepts but the grammar does not: calls of functions the grammar
 * no longer knows (holt_winters → a same-length stand-in), and numbers with a trailing dot (`1.`, `1.e3`, valid Go
 * floats), and underscores in hex numbers.
 */
function withStandIns(text: string, strings: [number, number][]): string {
  const inString = (at: number) => strings.some(([s, e]) => at >= s && at < e);
  let out = text;
  for (const [legacy, standIn] of Object.entries(LEGACY_STAND_INS)) {
    const re = new RegExp(`\\b${legacy}(?=\\s*\\()`, 'g');
    out = out.replace(re, (m, at: number) => inString(at) ? m : standIn.padEnd(m.length, ' '));
  }
  out = out.replace(/(?<![A-Za-z0-9_:.])(\d+)\.([eE][+-]?\d+)?(?![0-9A-Za-z_.])/g, (m, int: string, exp: string | undefined, at: number) =>
    inString(at) ? m : `${int}${exp ?? ''} `);
  // Underscores between hex digits (`0x_53_AB`, Prometheus 3) are not in the grammar; zeros keep the syntax.
  out = out.replace(/(?<![A-Za-z0-9_:.])0[xX][0-9a-fA-F_]*_[0-9a-fA-F_]*/g, (m, at: number) => inString(at) ? m : m.replace(/_/g, '0'));
  return out;
}

function firstError(tree: Tree): { from: number; to: number } | null {
  // Most expressions parse: a scan of the tree's raw buffers tells that without the node objects a walk creates
  // (the walk was 8–17 ms of a cold check of 1,000 expressions).
  if (!hasErrorNode(tree)) return null;
  let found: { from: number; to: number } | null = null;
  tree.iterate({
    enter(n) {
      if (found) return false;
      if (n.type.isError) { found = { from: n.from, to: n.to }; return false; }
      return undefined;
    },
  });
  return found;
}

/** Whether the tree holds an error node anywhere (exported for the test that compares it with a walk). */
export function hasErrorNode(tree: Tree | TreeBuffer): boolean {
  if (tree instanceof lezerGrammar().Tree) {
    if (tree.type.isError) return true;
    for (const c of tree.children) if (hasErrorNode(c)) return true;
    return false;
  }
  // A buffer holds nodes as (type id, from, to, end index) quadruples.
  const { buffer, set } = tree;
  for (let i = 0; i < buffer.length; i += 4) if (set.types[buffer[i]].isError) return true;
  return false;
}

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', 'and', 'or', 'unless', 'atan2', 'start', 'end', 'anchored', 'smoothed', 'fill', 'fill_left', 'fill_right']);
const BINARY = new Set(['+', '-', '*', '/', '%', '^', '==', '!=', '<', '<=', '>', '>=', 'and', 'or', 'unless', 'atan2']);

/** Turns the grammar's first error node into a message about the token the user wrote there. */
function describeError(text: string, err: { from: number; to: number }, lexerErrorAt?: number): PromQLError & { atEnd?: boolean } {
  // Tokens after a lexer error are not trustworthy (an unterminated string swallows the rest).
  const tokens = tokenize(lexerErrorAt === undefined ? text : text.slice(0, lexerErrorAt));
  const i = tokens.findIndex(t => t.to > err.from);
  const prev = (k: number): Token | undefined => tokens[k - 1];
  if (i < 0) {
    const last = tokens[tokens.length - 1];
    if (!last) return { from: 0, to: text.length, message: 'no expression found in input: the expression is empty or only comments' };
    return { from: last.from, to: last.to, message: `unexpected end of input${endHint(last)}`, atEnd: true };
  }
  const t = tokens[i];
  const p = prev(i);
  const context = contextAt(tokens, i);
  if (context === 'grouping') {
    const hint = t.kind === 'identifier' || t.kind === 'string' ? '' : ', expected a label name, "," or ")"';
    return { from: t.from, to: t.to, message: `unexpected ${describeToken(t)} in grouping labels${hint}` };
  }
  // `foo(` where foo is not a function the grammar knows.
  if (t.text === '(' && p && p.kind === 'identifier' && !KEYWORDS.has(p.text.toLowerCase())) {
    return { from: p.from, to: p.to, message: `unknown function with name "${p.text}"` };
  }
  if (t.kind === 'number' && err.from > t.from) {
    const message = context === 'bracket' || (p && p.text.toLowerCase() === 'offset')
      ? `bad duration syntax: "${t.text}" (use units ms, s, m, h, d, w, y, e.g. \`5m\` or \`1h30m\`)`
      : `bad number or duration syntax: "${t.text}"`;
    return { from: t.from, to: t.to, message };
  }
  const where = context === 'brace' ? ' in label matching' : context === 'bracket' ? ' in a range or subquery' : '';
  let hint = '';
  const word = t.text.toLowerCase();
  if ((word === 'by' || word === 'without') && openParens(tokens, i) > 0 && p && endsExpression(p)) {
    hint = `: is a \`)\` missing before it? \`${word} (…)\` goes right after the aggregation's name or after its closing parenthesis`;
  }
  if (hint) { /* already explained */ } else if (p && endsExpression(p) && startsExpression(t) && context === 'none') {
    hint = `: two expressions in a row; put an operator (\`and\`, \`or\`, \`+\`, \`/\`, …) between \`${p.text}\` and \`${t.text}\`, or a comma inside a function call`;
  } else if (context === 'brace' && t.kind !== 'string' && p && /^(=|!=|=~|!~)$/.test(p.text)) {
    hint = `, expected a quoted string: write \`${p.text}"${t.text}"\``;
  }
  return { from: t.from, to: t.to, message: `unexpected ${describeToken(t)}${where}${hint}` };
}

function endHint(last: Token): string {
  if (BINARY.has(last.text.toLowerCase())) return `: the right-hand side of \`${last.text}\` is missing`;
  if (last.text === ',') return ': an argument is missing after `,`';
  if (/^(=|=~|!~)$/.test(last.text)) return `: a quoted label value is missing after \`${last.text}\``;
  return `: the expression stops after \`${last.text}\``;
}

function endsExpression(t: Token): boolean {
  return t.kind === 'identifier' && !KEYWORDS.has(t.text.toLowerCase()) || t.kind === 'number' || t.kind === 'string' || t.text === ')' || t.text === '}' || t.text === ']';
}

function startsExpression(t: Token): boolean {
  return (t.kind === 'identifier' && !KEYWORDS.has(t.text.toLowerCase())) || t.kind === 'number' || t.kind === 'string' || t.text === '{';
}

function openParens(tokens: Token[], i: number): number {
  let depth = 0;
  for (let k = 0; k < i; k++) { if (tokens[k].text === '(') depth++; else if (tokens[k].text === ')') depth = Math.max(0, depth - 1); }
  return depth;
}

const GROUPING_KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);

/** Whether token i is inside braces, brackets, a grouping label list (`by (…)`), or none of them. */
function contextAt(tokens: Token[], i: number): 'brace' | 'bracket' | 'grouping' | 'none' {
  const stack: string[] = [];
  for (let k = 0; k < i; k++) {
    const x = tokens[k].text;
    if (x === '(' && k > 0 && GROUPING_KEYWORDS.has(tokens[k - 1].text.toLowerCase())) stack.push('g');
    else if (x === '{' || x === '[' || x === '(') stack.push(x);
    else if ((x === '}' || x === ']' || x === ')') && stack.length) stack.pop();
  }
  const top = stack[stack.length - 1];
  return top === '{' ? 'brace' : top === '[' ? 'bracket' : top === 'g' ? 'grouping' : 'none';
}

/** The syntax node at the top of a parse, for helpers that walk it. */
export function topNode(p: PromQLParse): SyntaxNode { return p.tree.topNode; }
