import type { YScalar } from '../yaml/ast';
import type { Span } from '../text';

/**
 * Text embedded in a YAML scalar (a PromQL expression under `expr: |`, a quoted Sloth query), with a map from every
 * decoded character back to the source characters it came from. YAML changes the text on the way: block scalars lose
 * their indentation, folded and multi-line plain/quoted scalars turn line breaks into spaces, quoted scalars decode
 * escapes (`\"`, `''`). A finding at column 12 of the decoded expression must land on the source character that
 * produced it, so each style is decoded here again, keeping offsets, and checked against the parser's own result.
 */
export interface EmbeddedText {
  text: string;
  /** starts[i]/ends[i]: the source offsets of decoded character i; starts[text.length] is the end of the content. */
  starts: number[];
  ends: number[];
  /** False when our decoding did not reproduce the parser's text, and offsets are approximate (whole-value spans). */
  exact: boolean;
}

/** The source span of a decoded span [from, to). A zero-width span maps to a zero-width source span. */
export function sourceSpan(e: EmbeddedText, from: number, to: number): Span {
  const a = Math.max(0, Math.min(from, e.text.length));
  const b = Math.max(a, Math.min(to, e.text.length));
  const start = e.starts[a];
  return { start, end: b > a ? Math.max(start, e.ends[b - 1]) : start };
}

/** Replaces matches of `re` in the decoded text, keeping the map: replaced characters map to the whole match. */
export function substitute(e: EmbeddedText, re: RegExp, replacement: string): EmbeddedText {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let last = 0;
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
  for (let m = g.exec(e.text); m; m = g.exec(e.text)) {
    if (m[0] === '') { g.lastIndex++; continue; }
    for (let i = last; i < m.index; i++) { text += e.text[i]; starts.push(e.starts[i]); ends.push(e.ends[i]); }
    const s = e.starts[m.index];
    const end = e.ends[m.index + m[0].length - 1];
    for (const ch of replacement) { text += ch; starts.push(s); ends.push(end); }
    last = m.index + m[0].length;
  }
  for (let i = last; i < e.text.length; i++) { text += e.text[i]; starts.push(e.starts[i]); ends.push(e.ends[i]); }
  starts.push(e.starts[e.text.length]);
  return { text, starts, ends, exact: e.exact };
}

/** Decodes a scalar's source again with offsets. Never throws; falls back to whole-value spans when unsure. */
export function embeddedText(source: string, node: YScalar): EmbeddedText {
  let out: Builder | null = null;
  try {
    switch (node.style) {
      case 'literal': case 'folded': out = block(source, node); break;
      case 'double': out = flow(source, node.valueStart, node.valueEnd, 'double'); break;
      case 'single': out = flow(source, node.valueStart, node.valueEnd, 'single'); break;
      case 'plain': out = flow(source, node.valueStart, node.valueEnd, 'plain'); break;
    }
  } catch { out = null; }
  if (out && out.text === node.text) return { text: out.text, starts: [...out.starts, out.contentEnd], ends: out.ends, exact: true };
  // Chomping (`|+`, trailing blank lines) can differ only at the end: keep the map if the content agrees.
  if (out && node.text.startsWith(out.text.replace(/\n+$/, '')) && node.text.replace(/\n+$/, '') === out.text.replace(/\n+$/, '')) {
    const n = node.text.length;
    const starts = out.starts.slice(0, n);
    const ends = out.ends.slice(0, n);
    while (starts.length < n) { starts.push(out.contentEnd); ends.push(out.contentEnd); }
    return { text: node.text, starts: [...starts, out.contentEnd], ends, exact: true };
  }
  return fallback(node);
}

function fallback(node: YScalar): EmbeddedText {
  const n = node.text.length;
  return { text: node.text, starts: new Array<number>(n + 1).fill(node.start), ends: new Array<number>(n).fill(node.end), exact: false };
}

class Builder {
  text = '';
  starts: number[] = [];
  ends: number[] = [];
  contentEnd = 0;
  add(ch: string, start: number, end: number): void { this.text += ch; this.starts.push(start); this.ends.push(end); }
}

interface Line { start: number; end: number }

function lines(source: string, from: number, to: number): Line[] {
  const out: Line[] = [];
  let s = from;
  for (let i = from; i < to; i++) {
    if (source[i] === '\n') { out.push({ start: s, end: i > s && source[i - 1] === '\r' ? i - 1 : i }); s = i + 1; }
  }
  if (s < to) out.push({ start: s, end: to });
  return out;
}

/** Literal (`|`) and folded (`>`) block scalars: strip the indentation; fold line breaks for `>`. */
function block(source: string, node: YScalar): Builder {
  const b = new Builder();
  const ls = lines(source, node.valueStart, node.valueEnd);
  const isBlank = (l: Line) => /^[ \t]*$/.test(source.slice(l.start, l.end));
  const first = ls.find(l => !isBlank(l));
  b.contentEnd = node.valueStart;
  if (!first) return b;
  const firstText = source.slice(first.start, first.end);
  const lead = /^ */.exec(firstText)![0].length;
  // An explicit indentation indicator can make the indentation smaller than the first line's: calibrate against the
  // parser's text, which starts (after blank lines) with the first line's content.
  const decodedFirst = node.text.replace(/^\n+/, '');
  let indent = lead;
  for (let n = lead; n >= 0; n--) { if (decodedFirst.startsWith(firstText.slice(n))) { indent = n; break; } }
  const folded = node.style === 'folded';
  let started = false;
  let blanks: Line[] = [];
  let prevMore = false;
  let prevBreak = -1;
  for (const l of ls) {
    if (isBlank(l) && source.slice(l.start, l.end).length <= indent) { blanks.push(l); continue; }
    const cStart = l.start + indent;
    const more = source[cStart] === ' ' || source[cStart] === '\t';
    if (!started) {
      for (const x of blanks) b.add('\n', x.end, x.end + 1);
    } else if (!folded) {
      b.add('\n', prevBreak, prevBreak + 1);
      for (const x of blanks) b.add('\n', x.end, x.end + 1);
    } else if (blanks.length === 0) {
      b.add(prevMore || more ? '\n' : ' ', prevBreak, prevBreak + 1);
    } else {
      if (prevMore || more) b.add('\n', prevBreak, prevBreak + 1);
      for (const x of blanks) b.add('\n', x.end, x.end + 1);
    }
    for (let i = cStart; i < l.end; i++) b.add(source[i], i, i + 1);
    b.contentEnd = l.end;
    blanks = [];
    started = true;
    prevMore = more;
    prevBreak = l.end;
  }
  // Clip chomping (the default): one final line break; `+`/`-` are reconciled by the caller against the parser's text.
  if (started && prevBreak < node.valueEnd && source[prevBreak] !== undefined && /[\r\n]/.test(source[prevBreak])) b.add('\n', prevBreak, prevBreak + 1);
  return b;
}

const DOUBLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"',
  '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};

/**
 * Plain, single- and double-quoted scalars: lines are trimmed and joined (one break = a space, each blank line = a
 * break); quotes decode `''` or backslash escapes, including an escaped line break that joins lines without a space.
 */
function flow(source: string, from: number, to: number, style: 'plain' | 'single' | 'double'): Builder {
  const b = new Builder();
  const ls = lines(source, from, to);
  let joinWithoutSpace = false;
  let escapedBreak = false;
  ls.forEach((l, k) => {
    let s = l.start;
    let e = l.end;
    if (k > 0) while (s < e && (source[s] === ' ' || source[s] === '\t')) s++;
    const lastLine = k === ls.length - 1;
    const isBlank = s >= e;
    if (!lastLine) {
      // Trailing white space before a break is dropped, unless it is escaped (`\ `) in a double-quoted scalar.
      while (e > s && (source[e - 1] === ' ' || source[e - 1] === '\t') && !(style === 'double' && escapedAt(source, s, e - 1))) e--;
    }
    if (k > 0) {
      // A blank line is a line break, except right after an escaped line break (js-yaml drops those, and so do we).
      if (isBlank && !lastLine) { if (!escapedBreak) b.add('\n', l.start, l.start); joinWithoutSpace = true; return; }
      if (!joinWithoutSpace) b.add(' ', ls[k - 1].end, ls[k - 1].end + 1);
    }
    joinWithoutSpace = false;
    escapedBreak = false;
    let i = s;
    while (i < e) {
      const c = source[i];
      if (style === 'single' && c === "'" && source[i + 1] === "'") { b.add("'", i, i + 2); i += 2; continue; }
      if (style === 'double' && c === '\\') {
        const x = source[i + 1];
        if (i + 1 >= e) { joinWithoutSpace = true; escapedBreak = true; i++; continue; }
        if (x in DOUBLE_ESCAPES) { b.add(DOUBLE_ESCAPES[x], i, i + 2); i += 2; continue; }
        const digits = x === 'x' ? 2 : x === 'u' ? 4 : x === 'U' ? 8 : 0;
        if (!digits) throw new Error('unknown escape');
        const cp = parseInt(source.slice(i + 2, i + 2 + digits), 16);
        const ch = String.fromCodePoint(cp);
        for (const unit of ch.length === 2 ? [ch[0], ch[1]] : [ch]) b.add(unit, i, i + 2 + digits);
        i += 2 + digits;
        continue;
      }
      b.add(c, i, i + 1);
      i++;
    }
    b.contentEnd = e;
  });
  return b;
}

/** Whether the character at `at` is escaped by an odd number of backslashes before it (within the line). */
function escapedAt(source: string, lineStart: number, at: number): boolean {
  let n = 0;
  for (let i = at - 1; i >= lineStart && source[i] === '\\'; i--) n++;
  return n % 2 === 1;
}
