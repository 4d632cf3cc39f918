import { unquote } from './strings';

/**
 * The token level of the PromQL fast path (fast.ts): where each token the grammar would read ends, on char codes of
 * the expression being checked, without token objects. Every function takes an offset and returns the offset after
 * the token, or FAIL where the lexer pass (lexer.ts) or the grammar's tokenizer would not produce exactly that token.
 */

/** "Unsure": a problem, or something not modelled. */
export const FAIL = -1;

let src = '';
let len = 0;

/** Starts scanning `text` (the fast path is not re-entrant). */
export function begin(text: string): void { src = text; len = text.length; }
/** Drops the reference to the text scanned. */
export function finish(): void { src = ''; len = 0; }
export function textLength(): number { return len; }
export function slice(from: number, to: number): string { return src.slice(from, to); }

/** The char code at i, or -1 past the end. */
export const code = (i: number): number => (i < len ? src.charCodeAt(i) : -1);
export const isDigit = (c: number): boolean => c >= 48 && c <= 57;
export const isLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
export const isQuote = (c: number): boolean => c === 34 || c === 39 || c === 96;
const isHex = (c: number): boolean => isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
/** Characters that continue an identifier or a number: a number may not end right before one of them. */
const isWordOrDot = (c: number): boolean => isLetter(c) || isDigit(c) || c === 95 || c === 46;
/** Where parse.ts's stand-in rewrites (`1.`, hex underscores) apply: the character before is not [A-Za-z0-9_:.]. */
const standInBoundary = (i: number): boolean => { const c = i > 0 ? src.charCodeAt(i - 1) : -1; return !(isWordOrDot(c) || c === 58); };

/** Past spaces and `#` comments from i (the only whitespace the lexer pass accepts is space, tab, CR and LF). */
export function skip(i: number): number {
  while (i < len) {
    const c = src.charCodeAt(i);
    if (c === 32 || c === 10 || c === 9 || c === 13) i++;
    else if (c === 35) { while (i < len && src.charCodeAt(i) !== 10) i++; }
    else break;
  }
  return i;
}

/** Past whitespace only (what `\s*` in parse.ts's legacy function rewrite matches here). */
export function skipSpaces(i: number): number {
  for (let c = code(i); c === 32 || c === 10 || c === 9 || c === 13; c = code(++i));
  return i;
}

/** End of an identifier (`[A-Za-z0-9_:]*`) from i. */
export function identEnd(i: number): number {
  for (let c = code(i); isLetter(c) || isDigit(c) || c === 95 || c === 58; c = code(++i));
  return i;
}

/** End of a label name (`[A-Za-z_][A-Za-z0-9_]*`) at i, or i when none starts there. */
export function labelEnd(i: number): number {
  let c = code(i);
  if (!(isLetter(c) || c === 95)) return i;
  do c = code(++i); while (isLetter(c) || isDigit(c) || c === 95);
  return i;
}

/** Whether the identifier at i is `word` (given in lower case), compared case-insensitively like the grammar's keywords. */
export function wordIs(i: number, word: string): boolean {
  if (identEnd(i) - i !== word.length) return false;
  for (let k = 0; k < word.length; k++) {
    const c = src.charCodeAt(i + k);
    if ((c >= 65 && c <= 90 ? c + 32 : c) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/** `digit+ (_? digit)*` from i (a digit), as in the grammar's number token. */
function digitRun(i: number): number {
  for (;;) {
    const c = code(i);
    if (isDigit(c)) i++;
    else if (c === 95 && isDigit(code(i + 1))) i += 2;
    else return i;
  }
}

function exponent(i: number): number {
  const c = code(i);
  if (c !== 101 && c !== 69) return i;
  let j = i + 1;
  const s = code(j);
  if (s === 43 || s === 45) j++;
  return isDigit(code(j)) ? digitRun(j) : i;
}

/** End of a duration (`1h30m`: units y w d h m s ms, each at most once, in that order) at i, or -1. */
function durationEnd(i: number): number {
  let end = -1;
  let last = -1;
  for (;;) {
    let j = i;
    while (isDigit(code(j))) j++;
    if (j === i) return end;
    const c = code(j);
    let unit = -1, width = 1;
    if (c === 121) unit = 0; else if (c === 119) unit = 1; else if (c === 100) unit = 2; else if (c === 104) unit = 3;
    else if (c === 109) { if (code(j + 1) === 115) { unit = 6; width = 2; } else unit = 4; } else if (c === 115) unit = 5;
    if (unit <= last) return end;
    last = unit;
    i = end = j + width;
  }
}

/**
 * End of the number or duration token at i (a digit or `.`): the longest match of the grammar's number token, after
 * parse.ts's stand-in rewrites (`1.` → `1 `, `1.e3` → `1e3 `, `0x_1` → `0x01`). It must not be followed by a letter,
 * digit, `_` or `.`: the grammar would read another token there.
 */
export function numberEnd(i: number): number {
  const start = i;
  if (code(i) === 46) {
    if (!isDigit(code(i + 1))) return FAIL;
    i = exponent(digitRun(i + 1));
    return isWordOrDot(code(i)) ? FAIL : i;
  }
  if (code(i) === 48 && code(i + 1) === 120) {
    i += 2;
    let underscore = false;
    for (let c = code(i); isHex(c) || c === 95; c = code(++i)) if (c === 95) underscore = true;
    if (i === start + 2 || (underscore && !standInBoundary(start))) return FAIL;
    return isWordOrDot(code(i)) ? FAIL : i;
  }
  i = digitRun(i);
  if (code(i) === 46 && !isDigit(code(i + 1))) return trailingDotEnd(start, i);
  if (code(i) === 46) i = digitRun(i + 1);
  i = Math.max(exponent(i), durationEnd(start));
  return isWordOrDot(code(i)) ? FAIL : i;
}

/** `1.` or `1.e3` ([start, dot] digits then a dot), which the stand-ins rewrite only with plain digits at a boundary. */
function trailingDotEnd(start: number, dot: number): number {
  for (let k = start; k < dot; k++) if (!isDigit(src.charCodeAt(k))) return FAIL;
  if (!standInBoundary(start)) return FAIL;
  let e = dot + 1;
  let c = code(e);
  if (c === 101 || c === 69) {
    c = code(++e);
    if (c === 43 || c === 45) e++;
    if (isDigit(code(e))) {
      while (isDigit(code(e))) e++;
      if (!isWordOrDot(code(e))) return e;
    }
  }
  return isWordOrDot(code(dot + 1)) ? FAIL : dot + 1;
}

/** End of the string literal at i (a quote), or FAIL where the lexer pass reports an error (escapes as lexer.ts). */
export function stringEnd(i: number): number {
  const q = src.charCodeAt(i);
  if (q === 96) { const e = src.indexOf('`', i + 1); return e < 0 ? FAIL : e + 1; }
  for (i++; i < len;) {
    const c = src.charCodeAt(i);
    if (c === q) return i + 1;
    if (c === 10) return FAIL;
    if (c !== 92) { i++; continue; }
    const e = code(i + 1);
    // a b f n r t v \ and the string's own quote.
    if (e === 97 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116 || e === 118 || e === 92 || e === q) { i += 2; continue; }
    if (e >= 48 && e <= 55) {
      if (!(code(i + 2) >= 48 && code(i + 2) <= 55 && code(i + 3) >= 48 && code(i + 3) <= 55)) return FAIL;
      i += 4;
      continue;
    }
    const digits = e === 120 ? 2 : e === 117 ? 4 : e === 85 ? 8 : 0;
    if (digits === 0) return FAIL;
    for (let k = 0; k < digits; k++) if (!isHex(code(i + 2 + k))) return FAIL;
    i += 2 + digits;
  }
  return FAIL;
}

/** The value of the string literal [from, to), or undefined when unquote cannot decode it (as check.ts reads it). */
export function stringValue(from: number, to: number): string | undefined {
  const body = src.slice(from + 1, to - 1);
  return src.charCodeAt(from) === 96 || body.indexOf('\\') < 0 ? body : unquote(src.slice(from, to));
}
