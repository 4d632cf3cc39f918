import type { ScalarEvent } from 'js-yaml';
import { jsYaml } from './jsYaml';
import type { ScalarStyle, YScalar } from './ast';
import { resolve } from './resolve';

// The scalars of the YAML fast path (fastTree.ts): which characters start and end them on a line, and their nodes and
// values as parse.ts' scalar() makes them from js-yaml's events.

/** Thrown for anything the fast path leaves to js-yaml; caught once in fastParse. */
export const UNSURE = new Error('unsure');

export const SPACE = 32, NL = 10, HASH = 35, COLON = 58, DASH = 45, DOT = 46, QUOTE = 34, APOS = 39;
const BACKSLASH = 92;
export const COMMA = 44, PIPE = 124, PLUS = 43, LBRACKET = 91, RBRACKET = 93, LBRACE = 123, RBRACE = 125;

// js-yaml's scalar style and chomping numbers (for getScalarValue).
export const STYLE_NUMBER: Record<ScalarStyle, number> = { plain: 1, single: 2, double: 3, literal: 4, folded: 5 };
export const CLIP = 1 as ScalarEvent['chomping'], STRIP = 2 as ScalarEvent['chomping'], KEEP = 3 as ScalarEvent['chomping'];

/** Characters that cannot start a plain scalar (indicators); for `-`, `?` and `:` see plainStart. */
const NOT_PLAIN_START = new Uint8Array(128);
for (const c of ',[]{}#&*!|>\'"%@`') NOT_PLAIN_START[c.charCodeAt(0)] = 1;
const DASH_LIKE = new Uint8Array(128);
for (const c of '-?:') DASH_LIKE[c.charCodeAt(0)] = 1;
/** What ends a plain scalar in a flow collection. */
export const FLOW_STOP = new Uint8Array(128);
for (const c of ',[]{}') FLOW_STOP[c.charCodeAt(0)] = 1;
/** Escapes a double-quoted scalar may use here (`\x`, `\u`, `\U` and line continuations are left to js-yaml). */
const SIMPLE_ESCAPES = new Uint8Array(128);
for (const c of '0abtnvfre "/\\N_LP') SIMPLE_ESCAPES[c.charCodeAt(0)] = 1;

export const SPACES = / */y;
/**
 * A plain implicit key from where it starts: characters up to the first `:` followed by a space or the line end,
 * stopping at a ` #` comment and the line end (then there is no key). Linear: the alternatives never overlap.
 */
export const KEY = /(?:[^:\n ]|:(?=[^ \n])| (?!#))*:(?=[ \n]|$)/y;
/**
 * A plain scalar's line from its first character: stops before trailing spaces, a ` #` comment, `: `, a trailing
 * `:` and the line end. The reader then looks at the character it stopped on.
 */
const PLAIN_LINE = /(?:[^:\n ]|:(?=[^ \n])| +(?![ #\n]|$))*/y;
/**
 * Block scalar bodies by indentation: blank lines and lines indented at least that much (one regex per indent). A last
 * line without a line break that holds only spaces, no more than the indentation, is not part of the body (js-yaml).
 */
const BODY = new Map<number, RegExp>();
export const body = (indent: number): RegExp => {
  let re = BODY.get(indent);
  if (!re) BODY.set(indent, re = new RegExp(`(?: *\\n| {${indent}}[^\\n]*\\n)*(?: {${indent}}[^\\n]+$)?`, 'y'));
  return re;
};

/**
 * Whether a plain scalar may start at `p`. YAML lets `-`, `?` and `:` start one before any non-space; here only
 * before a letter, digit, `_` or `.` (`-1`, `-.inf`, `:node_cpu:sum`), which keeps `---` and friends with js-yaml.
 */
export function plainStart(text: string, p: number): boolean {
  const c = text.charCodeAt(p);
  if (c >= 128 || (!NOT_PLAIN_START[c] && !DASH_LIKE[c])) return true;
  if (!DASH_LIKE[c]) return false;
  const n = text.charCodeAt(p + 1);
  return isAlnum(n) || n === 95 /* _ */ || n === DOT;
}

/**
 * The end (trailing spaces trimmed) of a plain scalar's line from `v` to `eol`: `eol`, or where trailing spaces or a
 * ` #` comment start. `: ` inside it or a trailing `:` is left to js-yaml (an error, or a key).
 */
export function plainLine(text: string, v: number, eol: number): number {
  PLAIN_LINE.lastIndex = v;
  PLAIN_LINE.test(text);
  const end = PLAIN_LINE.lastIndex;
  if (end < eol && text.charCodeAt(end) === COLON) throw UNSURE;
  if (end === v) throw UNSURE;
  return end;
}

/** A single- or double-quoted scalar on one line (ending by `eol`) from its opening quote at `v`. */
export function quoted(text: string, v: number, eol: number): YScalar {
  const double = text.charCodeAt(v) === QUOTE;
  let j = v + 1;
  let escaped = false;
  for (;; j++) {
    if (j >= eol) throw UNSURE; // runs onto the next line
    const c = text.charCodeAt(j);
    if (double) {
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        const e = j + 1 < eol ? text.charCodeAt(j + 1) : NL;
        if (e >= 128 || !SIMPLE_ESCAPES[e]) throw UNSURE;
        escaped = true;
        j++;
      }
    } else if (c === APOS) {
      if (text.charCodeAt(j + 1) !== APOS) break;
      escaped = true;
      j++;
    }
  }
  const style: ScalarStyle = double ? 'double' : 'single';
  const raw = escaped ? jsYaml().getScalarValue(text, event(v + 1, j, style)) : text.slice(v + 1, j);
  return { kind: 'scalar', value: raw, text: raw, style, start: v, end: j + 1, valueStart: v + 1, valueEnd: j, anchor: undefined, tag: undefined };
}

/** Up to `indent` spaces at each line start (what a literal block's lines lose), per indentation. */
const INDENT = new Map<number, RegExp>();

/**
 * A literal block scalar's value (what getScalarValue gives) for a body that ends with a line break and has content:
 * each line loses its indentation (blank lines, all of it), trailing blank lines are chomped. Native regex work
 * instead of js-yaml's character loop, which ran cold on the thousand `expr: |` blocks of a big rule file. Anything
 * else returns null and goes to getScalarValue.
 */
export function literalValue(text: string, start: number, end: number, indent: number, chomping: ScalarEvent['chomping']): string | null {
  if (text.charCodeAt(end - 1) !== NL) return null;
  let re = INDENT.get(indent);
  if (!re) INDENT.set(indent, re = new RegExp(`^ {1,${indent}}`, 'gm'));
  const lines = text.slice(start, end - 1).replace(re, '');
  let content = lines.length;
  while (content > 0 && lines.charCodeAt(content - 1) === NL) content--;
  if (content === 0) return null;
  const body = lines.slice(0, content);
  return chomping === STRIP ? body : chomping === KEEP ? body + '\n'.repeat(lines.length - content + 1) : body + '\n';
}

/** A plain scalar node, as parse.ts' scalar() makes it. */
export function plain(start: number, end: number, raw: string): YScalar {
  return { kind: 'scalar', value: resolve(raw, 'plain'), text: raw, style: 'plain', start, end, valueStart: start, valueEnd: end, anchor: undefined, tag: undefined };
}

/** The js-yaml scalar event getScalarValue decodes. */
export function event(valueStart: number, valueEnd: number, style: ScalarStyle): ScalarEvent {
  return { type: 4, valueStart, valueEnd, anchorStart: -1, anchorEnd: -1, tagStart: -1, tagEnd: -1, style: STYLE_NUMBER[style], chomping: CLIP, indent: -1, fast: false } as ScalarEvent;
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
