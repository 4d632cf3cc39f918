/**
 * A token-level pass over PromQL text that finds the errors Prometheus's own lexer reports (promql/parser/lex.go):
 * unexpected characters, unterminated strings, bad escape sequences, and brackets that are not balanced. The lezer
 * grammar recovers from these silently or reports them far from the cause ("unclosed left parenthesis" surfaces as an
 * error at the end of the input), so they are found here first, at the character that causes them.
 */

export interface PromQLError {
  /** Offsets into the PromQL text (half-open). */
  from: number;
  to: number;
  message: string;
}

/** Go's quoted-string escapes that Prometheus accepts (lexEscape), besides the string's own quote character. */
const SIMPLE_ESCAPES = new Set(['a', 'b', 'f', 'n', 'r', 't', 'v', '\\']);

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSE_NAME: Record<string, string> = { ')': 'right parenthesis', ']': 'right bracket', '}': 'right brace' };
const OPEN_NAME: Record<string, string> = { '(': 'left parenthesis', '[': 'left bracket', '{': 'left brace' };

function isIdentStart(c: string): boolean { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_'; }
function isDigit(c: string): boolean { return c >= '0' && c <= '9'; }
function isHex(c: string): boolean { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
function isSpace(c: string): boolean { return c === ' ' || c === '\t' || c === '\n' || c === '\r'; }

/** A printable form of a character for messages (`'|'`, `U+00E9 'é'`). */
export function describeChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  if (code < 32 || code === 127) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code > 127 ? `U+${code.toString(16).toUpperCase().padStart(4, '0')} '${c}'` : `'${c}'`;
}

/**
 * Scans a string literal starting at `start` (the quote). Returns the offset after the closing quote, or an error.
 * Backtick strings are raw (no escapes) and may span lines; the others may not.
 */
function scanString(text: string, start: number): { end: number } | { error: PromQLError } {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === quote) return { end: i + 1 };
    if (quote !== '`' && c === '\n') break;
    if (quote !== '`' && c === '\\') {
      const e = text[i + 1];
      if (e === undefined) break;
      if (SIMPLE_ESCAPES.has(e) || e === quote) { i += 2; continue; }
      const digits = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : e >= '0' && e <= '7' ? 3 : 0;
      if (digits === 0) {
        return { error: { from: i, to: i + 2, message: `unknown escape sequence ${describeChar(e)} in a string: write \`\\\\${e}\` for a literal backslash (regular expressions need \`\\\\${e}\` too)` } };
      }
      const body = e >= '0' && e <= '7' ? text.slice(i + 1, i + 4) : text.slice(i + 2, i + 2 + digits);
      const ok = e >= '0' && e <= '7' ? /^[0-7]{3}$/.test(body) : body.length === digits && [...body].every(isHex);
      if (!ok) return { error: { from: i, to: i + 2, message: `bad escape sequence \`\\${e}\` in a string: it needs ${digits} ${e >= '0' && e <= '7' ? 'octal' : 'hex'} digits` } };
      i += e >= '0' && e <= '7' ? 4 : 2 + digits;
      continue;
    }
    i++;
  }
  return { error: { from: start, to: Math.min(text.length, Math.max(start + 1, i)), message: 'unterminated quoted string: this string is never closed' } };
}

/** Exactly the characters lexCheck passes over one at a time: spaces, identifier and number characters, operators. */
const PLAIN = /[ \t\n\rA-Za-z0-9_.:+\-*\/%^=<>,@~]+/y;

/** Offsets of string literals and comments, so that later passes can skip them. */
export interface Lexed {
  /** The first problem at a position: a bad character, string or closing bracket. */
  error?: PromQLError;
  /** A bracket still open at the end of the input (only known there; reported at the bracket). */
  unclosed?: PromQLError;
  /** [start, end) of every string literal. */
  strings: [number, number][];
}

/**
 * Checks characters, strings and bracket balance. Stops at the first problem (like Prometheus's lexer); a bracket that
 * is never closed is only known at the end and is returned separately.
 */
export function lexCheck(text: string): Lexed {
  const strings: [number, number][] = [];
  const stack: { ch: string; at: number }[] = [];
  let i = 0;
  while (i < text.length) {
    // Runs of characters that need no check (the `i++` branches below) are skipped in one regex step.
    PLAIN.lastIndex = i;
    if (PLAIN.test(text)) { i = PLAIN.lastIndex; continue; }
    const c = text[i];
    if (isSpace(c)) { i++; continue; }
    if (c === '#') { while (i < text.length && text[i] !== '\n') i++; continue; }
    if (c === '"' || c === "'" || c === '`') {
      const r = scanString(text, i);
      if ('error' in r) return { error: r.error, strings };
      strings.push([i, r.end]);
      i = r.end;
      continue;
    }
    if (c in OPEN) {
      const top = stack[stack.length - 1];
      // Brackets and braces do not nest in PromQL's lexer; parentheses nest inside brackets only in duration
      // expressions (Prometheus 3), which the grammar checks.
      if (c === '{' && top?.ch === '{') return { error: { from: i, to: i + 1, message: 'unexpected left brace inside braces' }, strings };
      stack.push({ ch: c, at: i });
      i++;
      continue;
    }
    if (c in CLOSE_NAME) {
      const top = stack[stack.length - 1];
      if (!top || OPEN[top.ch] !== c) {
        const hint = top ? ` (the ${OPEN_NAME[top.ch]} at column ${top.at + 1} is still open; close it with \`${OPEN[top.ch]}\` first)` : '';
        return { error: { from: i, to: i + 1, message: `unexpected ${CLOSE_NAME[c]} '${c}'${hint}` }, strings };
      }
      stack.pop();
      i++;
      continue;
    }
    if (isIdentStart(c) || isDigit(c) || c === '.' || c === ':') { i++; continue; }
    if ('+-*/%^=<>,@~'.includes(c)) { i++; continue; }
    if (c === '!') {
      const n = text[i + 1];
      if (n === '=' || n === '~') { i += 2; continue; }
      return { error: { from: i, to: i + 1, message: `unexpected character after '!': ${n === undefined ? 'end of input' : describeChar(n)} (use \`!=\` or \`!~\`)` }, strings };
    }
    const cp = text.codePointAt(i) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    const ch = text.slice(i, i + width);
    const where = stack[stack.length - 1]?.ch === '{' ? ' inside braces' : '';
    return { error: { from: i, to: i + width, message: `unexpected character${where}: ${describeChar(ch)}` }, strings };
  }
  const open = stack[stack.length - 1];
  if (open) {
    const message = open.ch === '{' ? 'unexpected end of input inside braces: this `{` is never closed'
      : `unclosed ${OPEN_NAME[open.ch]}: this \`${open.ch}\` is never closed`;
    return { unclosed: { from: open.at, to: open.at + 1, message }, strings };
  }
  return { strings };
}
