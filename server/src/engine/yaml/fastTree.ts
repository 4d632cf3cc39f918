import type { ScalarEvent } from 'js-yaml';
import { jsYaml } from './jsYaml';
import type { ParsedYaml, ScalarStyle, YDocument, YMap, YNode, YPair, YSeq, YScalar, YamlProblem } from './ast';
import { blockScalarSpan, closingBracket, duplicateKey } from './nodes';
import {
  APOS, body, CLIP, COLON, COMMA, DASH, DOT, event, FLOW_STOP, HASH, KEEP, KEY, LBRACE, LBRACKET, literalValue, NL, PIPE,
  plain, plainLine, plainStart, PLUS, quoted, QUOTE, RBRACE, RBRACKET, SPACE, SPACES, STRIP, UNSURE,
} from './fastScalars';

/**
 * A fast path for the YAML most reliability files are written in: block mappings and sequences of plain, quoted and
 * block scalars, one-line flow collections of scalars, comments and `---` separators. It builds the same tree and
 * duplicate-key problems as js-yaml's events put through `build` in parse.ts, or returns `null` ("unsure") for
 * anything else: anchors, aliases, tags, directives, quoted keys, nested or multi-line flow collections, multi-line
 * quoted scalars, `\x`/`\u` escapes, empty sequence items, tabs, CR line ends, unusual characters, and every kind of
 * error. `null` costs only the time spent so far: the caller then parses with js-yaml, which gives the same tree or
 * the error message and position. The fast path must never build a tree for text js-yaml rejects:
 * test/unit/yamlFastPath.test.ts compares both on the corpus, the fixtures, generated files and seeded random edits.
 *
 * Why: a cold `slo-lens check` spent more time reading YAML than on anything else (docs/BENCHMARKS.md). js-yaml reads a
 * character at a time through many small functions, which run in V8's interpreter in a short-lived process; this
 * reader works a line at a time and leaves the scanning within a line to native `indexOf` and sticky regexes.
 */
export function fastParse(text: string): ParsedYaml | null {
  if (UNHANDLED_CHARS.test(text)) return null;
  try {
    return new Reader(text).stream();
  } catch (e) {
    if (e === UNSURE) return null;
    throw e;
  }
}

/** Tabs, CR, a BOM, other control characters, non-BMP characters (surrogates), U+2028/9 and U+FFFE/F. */
const UNHANDLED_CHARS = /[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]/;

/** Deeper than this is left to js-yaml, which reports nesting past parse.ts's MAX_DEPTH. */
const MAX_FAST_DEPTH = 200;
/** YAML limits an implicit key to 1024 characters; longer ones are left to js-yaml. */
const MAX_KEY = 1000;

class Reader {
  private readonly len: number;
  private readonly problems: YamlProblem[] = [];
  /** Start of the next line not yet consumed. */
  private pos = 0;
  // The line `peek` stopped at: its start, indentation, first non-space character and end; `ind` is -1 at the end of
  // the text and at a `---`/`...` marker, which ends every open collection.
  private line = 0;
  private ind = -1;
  private first = 0;
  private eol = 0;
  private marker = false;
  private depth = 0;

  constructor(private readonly text: string) {
    this.len = text.length;
  }

  stream(): ParsedYaml {
    const { text } = this;
    const docs: YDocument[] = [];
    this.peek();
    if (this.ind < 0 && !this.marker) throw UNSURE; // nothing but comments: js-yaml decides what that is
    for (;;) {
      if (this.marker) {
        if (text.charCodeAt(this.first) === DOT) throw UNSURE;
        this.rest(this.first + 3);
        this.peek();
      }
      if (this.ind < 0) throw UNSURE; // an empty document
      // As in parse.ts' build: a document starts where the one before it ended and ends at its root's end.
      const start = docs.length === 0 ? 0 : docs[docs.length - 1].end;
      const root = this.collection(this.ind);
      docs.push({ index: docs.length, root, start, end: Math.max(0, root.end) });
      this.peek();
      if (this.marker) continue;
      if (this.ind >= 0) throw UNSURE; // more content after the root collection
      for (let i = 0; i < docs.length; i++) docs[i].end = i + 1 < docs.length ? Math.max(docs[i].end, docs[i + 1].start) : Math.max(docs[i].end, this.len);
      return { docs, problems: this.problems };
    }
  }

  /** Moves to the next line with content (skipping blank and comment lines) and describes it. Does not consume it. */
  private peek(): void {
    const { text, len } = this;
    let p = this.pos;
    this.marker = false;
    while (p < len) {
      SPACES.lastIndex = p;
      SPACES.test(text);
      const q = SPACES.lastIndex;
      let eol = text.indexOf('\n', q);
      if (eol < 0) eol = len;
      const c = q < len ? text.charCodeAt(q) : NL;
      if (c === NL || c === HASH) { p = eol + 1; continue; }
      this.pos = this.line = p;
      this.first = q;
      this.eol = eol;
      if (q === p && (c === DASH || c === DOT) && text.charCodeAt(q + 1) === c && text.charCodeAt(q + 2) === c) {
        const after = q + 3 < len ? text.charCodeAt(q + 3) : NL;
        if (after === SPACE || after === NL) { this.marker = true; this.ind = -1; return; }
      }
      this.ind = q - p;
      return;
    }
    this.pos = this.line = this.first = this.eol = len;
    this.ind = -1;
  }

  /** Like peek, but stops at comment lines too, and only finds the indentation (for plain-scalar continuations). */
  private peekAny(): void {
    const { text, len } = this;
    let p = this.pos;
    while (p < len) {
      SPACES.lastIndex = p;
      SPACES.test(text);
      const q = SPACES.lastIndex;
      if (q >= len) break;
      if (text.charCodeAt(q) === NL) { p = q + 1; continue; }
      this.line = p;
      this.ind = q - p;
      return;
    }
    this.ind = -1;
  }

  /** A block sequence or mapping whose first line is the peeked one, at column `col`. */
  private collection(col: number): YMap | YSeq {
    if (this.isDashItem(this.first)) return this.sequence(col);
    if (this.keyEnd(this.first) >= 0) return this.mapping(col, this.first);
    throw UNSURE;
  }

  private isDashItem(p: number): boolean {
    if (this.text.charCodeAt(p) !== DASH) return false;
    const c = p + 1 < this.len ? this.text.charCodeAt(p + 1) : NL;
    return c === SPACE || c === NL;
  }

  /** A block sequence at column `col`; the peeked line is its first `- `. */
  private sequence(col: number): YSeq {
    const { text } = this;
    if (++this.depth > MAX_FAST_DEPTH) throw UNSURE;
    const seq: YSeq = { kind: 'seq', items: [], flow: false, start: this.first, end: this.first + 1, anchor: undefined, tag: undefined };
    for (;;) {
      const d = this.skipSpaces(this.first + 1, this.eol);
      // `-` alone on its line (the item below it, or empty), `- # comment` and `- - x`: left to js-yaml.
      if (d >= this.eol || text.charCodeAt(d) === HASH || this.isDashItem(d)) throw UNSURE;
      seq.items.push(this.keyEnd(d) >= 0 ? this.mapping(d - this.line, d) : this.inlineValue(d, col));
      this.peek();
      if (this.ind === col && this.isDashItem(this.first)) continue;
      if (this.ind > col) throw UNSURE;
      break;
    }
    seq.end = Math.max(seq.end, seq.items[seq.items.length - 1].end);
    this.depth--;
    return seq;
  }

  /** A block mapping at column `col` whose first key starts at `k` (on the peeked line, maybe after a `- `). */
  private mapping(col: number, k: number): YMap {
    const { text } = this;
    if (++this.depth > MAX_FAST_DEPTH) throw UNSURE;
    const map: YMap = { kind: 'map', pairs: [], flow: false, start: k, end: k + 1, anchor: undefined, tag: undefined };
    let keys: Map<string, YScalar> | null = null;
    for (;;) {
      const colon = this.keyEnd(k);
      if (colon < 0) throw UNSURE;
      const key = plain(k, colon, text.slice(k, colon));
      keys = this.checkDuplicate(keys, map.pairs, key);
      const v = this.skipSpaces(colon + 1, this.eol);
      let value: YNode;
      if (v >= this.eol || text.charCodeAt(v) === HASH) {
        this.pos = this.eol + 1;
        value = this.blockValue(col, colon + 1);
      } else {
        value = this.inlineValue(v, col);
      }
      map.pairs.push({ key, value });
      this.peek();
      if (this.ind === col) {
        if (this.isDashItem(this.first)) throw UNSURE;
        k = this.first;
        continue;
      }
      if (this.ind > col) throw UNSURE;
      break;
    }
    map.end = Math.max(map.end, map.pairs[map.pairs.length - 1].value.end);
    this.depth--;
    return map;
  }

  /**
   * As build does when it attaches a value to a key: a key seen before in the same map is a problem. `pairs` holds the
   * map's earlier pairs; small maps are scanned (no Map per mapping: a cold check allocates enough), big ones indexed.
   */
  private checkDuplicate(keys: Map<string, YScalar> | null, pairs: YPair[], key: YScalar): Map<string, YScalar> | null {
    const k = key.text;
    if (k === '<<') return keys;
    let seen = false;
    if (!keys && pairs.length < 16) {
      for (let i = 0; i < pairs.length && !seen; i++) seen = (pairs[i].key as YScalar).text === k;
    } else {
      if (!keys) {
        keys = new Map();
        for (let i = 0; i < pairs.length; i++) {
          const t = (pairs[i].key as YScalar).text;
          if (t !== '<<' && !keys.has(t)) keys.set(t, pairs[i].key as YScalar);
        }
      }
      seen = keys.has(k);
      if (!seen) keys.set(k, key);
    }
    if (seen) this.problems.push(duplicateKey(key));
    return keys;
  }

  /**
   * The value of a key whose line ends after the colon: a nested collection, a compact sequence, or nothing (an empty
   * scalar just after the colon at `after`, where build places it).
   */
  private blockValue(col: number, after: number): YNode {
    this.peek();
    if (this.ind > col) return this.collection(this.ind);
    if (this.ind === col && this.isDashItem(this.first)) return this.sequence(col);
    return { kind: 'scalar', value: null, text: '', style: 'plain', start: after, end: after, valueStart: after, valueEnd: after, anchor: undefined, tag: undefined };
  }

  /**
   * If a plain key starts at `p` on the current line, the offset of its `:`; else -1. A key with a space before its
   * colon or longer than MAX_KEY is left to js-yaml.
   */
  private keyEnd(p: number): number {
    if (!plainStart(this.text, p)) return -1;
    KEY.lastIndex = p;
    if (!KEY.test(this.text)) return -1;
    const colon = KEY.lastIndex - 1;
    if (this.text.charCodeAt(colon - 1) === SPACE || colon - p > MAX_KEY) throw UNSURE;
    return colon;
  }

  /** A scalar or one-line flow collection that starts at `v` on the current line, in a collection at column `col`. */
  private inlineValue(v: number, col: number): YNode {
    const { text } = this;
    const c = text.charCodeAt(v);
    if (c === PIPE || c === 62 /* > */) return this.blockScalar(v, col, c === PIPE ? 'literal' : 'folded');
    if (c === QUOTE || c === APOS) {
      const node = quoted(text, v, this.eol);
      this.rest(node.end);
      return node;
    }
    if (c === LBRACKET || c === LBRACE) return this.flow(v, c === LBRACKET);
    if (!plainStart(text, v)) throw UNSURE;
    let end = plainLine(text, v, this.eol);
    const commented = this.skipSpaces(end, this.eol) < this.eol;
    this.pos = this.eol + 1;
    // More-indented lines after a plain scalar continue it (getScalarValue folds them into one line); after a comment
    // they would be an error.
    let multiline = false;
    for (;;) {
      this.peekAny();
      if (this.ind <= col) break;
      if (commented) throw UNSURE;
      const q = this.line + this.ind;
      if (text.charCodeAt(q) === HASH) throw UNSURE; // a comment line where the scalar could go on
      let eol = text.indexOf('\n', q);
      if (eol < 0) eol = this.len;
      const lineEnd = plainLine(text, q, eol);
      if (lineEnd < eol && text.charCodeAt(lineEnd) !== SPACE) throw UNSURE;
      if (this.skipSpaces(lineEnd, eol) < eol) throw UNSURE; // a comment after a continuation line
      end = lineEnd;
      multiline = true;
      this.pos = eol + 1;
    }
    return plain(v, end, multiline ? jsYaml().getScalarValue(text, event(v, end, 'plain')) : text.slice(v, end));
  }

  /**
   * A flow sequence or mapping on one line: `[a, "b"]`, `{k: v, k2: 'w'}`, `[]`, `{}` — scalars only, no nesting, no
   * trailing comma, no empty or implicit entries. Anything else is left to js-yaml.
   */
  private flow(v: number, isSeq: boolean): YMap | YSeq {
    const { text } = this;
    const eol = this.eol;
    const close = isSeq ? RBRACKET : RBRACE;
    const node: YMap | YSeq = isSeq
      ? { kind: 'seq', items: [], flow: true, start: v, end: v + 1, anchor: undefined, tag: undefined }
      : { kind: 'map', pairs: [], flow: true, start: v, end: v + 1, anchor: undefined, tag: undefined };
    let keys: Map<string, YScalar> | null = null;
    let j = this.skipSpaces(v + 1, eol);
    if (text.charCodeAt(j) !== close) {
      for (;;) {
        if (node.kind === 'map') {
          // A plain key, `:` right after it, a space.
          const k = j;
          if (!plainStart(text, k)) throw UNSURE;
          while (j < eol && !FLOW_STOP[text.charCodeAt(j)] && text.charCodeAt(j) !== COLON) {
            if (text.charCodeAt(j) === HASH) throw UNSURE;
            j++;
          }
          if (text.charCodeAt(j) !== COLON || text.charCodeAt(j - 1) === SPACE || text.charCodeAt(j + 1) !== SPACE) throw UNSURE;
          const key = plain(k, j, text.slice(k, j));
          keys = this.checkDuplicate(keys, node.pairs, key);
          j = this.skipSpaces(j + 1, eol);
          const value = this.flowScalar(j, eol);
          node.pairs.push({ key, value });
          j = value.style === 'plain' ? this.flowPlainStop : value.end;
        } else {
          const item = this.flowScalar(j, eol);
          node.items.push(item);
          j = item.style === 'plain' ? this.flowPlainStop : item.end;
        }
        j = this.skipSpaces(j, eol);
        const c = text.charCodeAt(j);
        if (c === close) break;
        if (c !== COMMA) throw UNSURE;
        j = this.skipSpaces(j + 1, eol);
        if (text.charCodeAt(j) === close) throw UNSURE; // a trailing comma
      }
    }
    const last = node.kind === 'map' ? node.pairs[node.pairs.length - 1]?.value : node.items[node.items.length - 1];
    node.end = Math.max(node.end, last ? last.end : node.end);
    node.end = closingBracket(text, node.end, isSeq ? ']' : '}');
    this.rest(j + 1);
    return node;
  }

  /** Where the last plain scalar in a flow collection stopped (before trailing spaces were trimmed). */
  private flowPlainStop = 0;

  private skipSpaces(j: number, eol: number): number {
    while (j < eol && this.text.charCodeAt(j) === SPACE) j++;
    return j;
  }

  /** A quoted or plain scalar inside a one-line flow collection, from `j`. */
  private flowScalar(j: number, eol: number): YScalar {
    const { text } = this;
    const c = text.charCodeAt(j);
    if (c === QUOTE || c === APOS) return quoted(text, j, eol);
    if (j >= eol || !plainStart(text, j)) throw UNSURE;
    const start = j;
    // Plain in flow: no `,[]{}`; a `:` or `#` anywhere is left to js-yaml.
    while (j < eol && !FLOW_STOP[text.charCodeAt(j)]) {
      const cj = text.charCodeAt(j);
      if (cj === COLON || cj === HASH) throw UNSURE;
      j++;
    }
    this.flowPlainStop = j;
    let end = j;
    while (text.charCodeAt(end - 1) === SPACE) end--;
    return plain(start, end, text.slice(start, end));
  }

  /** After a value that ends at `j`: only spaces and a ` #` comment may follow on the line. Consumes the line. */
  private rest(j: number): void {
    const { text } = this;
    const eol = this.eol;
    const start = j;
    j = this.skipSpaces(j, eol);
    if (j < eol && (text.charCodeAt(j) !== HASH || j === start)) throw UNSURE;
    this.pos = eol + 1;
  }

  /**
   * A `|` or `>` block scalar whose header starts at `v`, in a collection at column `col`. The body runs from the next
   * line to the first non-blank line indented less than its first line, trailing blank lines included (as js-yaml's
   * event spans it); getScalarValue does the chomping and folding.
   */
  private blockScalar(v: number, col: number, style: ScalarStyle): YScalar {
    const { text, len } = this;
    let j = v + 1;
    let chomping: ScalarEvent['chomping'] = CLIP;
    const c = text.charCodeAt(j);
    if (c === DASH) { chomping = STRIP; j++; } else if (c === PLUS) { chomping = KEEP; j++; }
    if (j < this.eol && text.charCodeAt(j) !== SPACE) throw UNSURE; // an indentation indicator, or anything else
    this.rest(j);
    const bodyStart = this.eol + 1;
    if (bodyStart >= len) throw UNSURE;
    // The first body line sets the indentation; a blank first line or a body not indented past the parent is left to
    // js-yaml (leading blank lines and empty block scalars have rules of their own).
    SPACES.lastIndex = bodyStart;
    SPACES.test(text);
    const q = SPACES.lastIndex;
    if (q >= len || text.charCodeAt(q) === NL) throw UNSURE;
    const indent = q - bodyStart;
    if (indent <= col) throw UNSURE;
    const re = body(indent);
    re.lastIndex = bodyStart;
    re.test(text);
    const valueEnd = re.lastIndex;
    this.pos = valueEnd;
    const raw = (style === 'literal' ? literalValue(text, bodyStart, valueEnd, indent, chomping) : null)
      ?? jsYaml().getScalarValue(text, { ...event(bodyStart, valueEnd, style), chomping, indent });
    const { start, end } = blockScalarSpan(text, bodyStart, valueEnd);
    return { kind: 'scalar', value: raw, text: raw, style, start, end, valueStart: bodyStart, valueEnd, anchor: undefined, tag: undefined };
  }
}
