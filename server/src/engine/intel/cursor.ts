import type { LineIndex, Span } from '../text';
import type { SourceFile } from '../source';
import { splitDocuments } from '../yaml/parse';

/**
 * Where the cursor is in YAML terms, worked out from the line text and indentation alone. Completion runs while the
 * user types, when the text often does not parse (`objectives:` followed by a half-written key), so the path must not
 * depend on the parsed tree. The parsed tree is still used elsewhere (hover, definitions) when it exists.
 */

export type PathSeg = string | number;

export type CursorMode =
  /** Typing a mapping key (or on an empty line inside a mapping). */
  | 'key'
  /** After `key: `: typing that key's scalar value. */
  | 'value'
  /** A sequence entry (`- foo` or an item of a flow list `[a, fo`): a scalar, or the first key of a mapping item. */
  | 'item';

export interface CursorContext {
  mode: CursorMode;
  /**
   * The path the completion is for. key mode: the mapping that receives the key. value mode: the key whose value is
   * typed. item mode: the sequence item (the sequence's path plus the item's index).
   */
  path: PathSeg[];
  /** What is typed so far of the word being completed (quotes stripped). */
  prefix: string;
  /** The text a completion replaces: the word at the cursor, both sides. */
  replace: Span;
  /** The column where the key (or sequence item content) starts; snippets indent their later lines from here. */
  column: number;
  /** Keys already present in the mapping (key mode, and item mode for a mapping item), so they are not offered again. */
  siblings: Set<string>;
  /** Set when the value is quoted: the quote character, so a completion keeps it balanced. */
  quote?: '"' | "'";
  /** Set in item mode for a flow list (`[a, b]`): items must not contain bare commas. */
  flow?: boolean;
  /** The document (between `---` markers) that holds the cursor, as offsets into the file text. */
  doc: Span;
  /** Key mode: the word at the cursor is already followed by `:` (renaming a key: insert the name only). */
  keyHasColon?: boolean;
}

interface LineShape {
  /** Leading spaces. */
  indent: number;
  /** Columns of the `- ` sequence indicators at the start of the line, left to right. */
  dashes: number[];
  /** Column where the content after indentation and dashes starts (may equal the line length). */
  content: number;
  /** The mapping key on this line, when the content is `key:`. */
  key?: string;
  /** The text after `key:` (trimmed, without a trailing comment). */
  value?: string;
  blank: boolean;
  /** A `---` or `...` document marker. */
  marker: boolean;
}

const KEY_RE = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{}[\],&*!|>%@`][^#]*?|)\s*:(?:\s+|$)(.*)$/;

/**
 * Whether a line can hold a `key:` at all, checked before the key patterns run: they backtrack quadratically on a long
 * run of spaces (seconds on a 64k-character line of a hostile file), and no real key is longer than this.
 */
const MAX_KEY_LENGTH = 1024;
function mayHaveKey(text: string): boolean {
  const colon = text.search(/:(?=\s|$)/);
  return colon >= 0 && colon <= MAX_KEY_LENGTH;
}

function unquote(k: string): string {
  if (k.startsWith('"') && k.endsWith('"') && k.length >= 2) return k.slice(1, -1).replace(/\\(.)/g, '$1');
  if (k.startsWith("'") && k.endsWith("'") && k.length >= 2) return k.slice(1, -1).replace(/''/g, "'");
  return k.trim();
}

/** Removes a trailing ` # comment` from a value (a `#` inside a word, as in `runbook.md#anchor`, stays). */
function stripComment(v: string): string {
  let quote = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (quote) { if (c === quote) quote = ''; continue; }
    if ((c === '"' || c === "'") && (i === 0 || /\s/.test(v[i - 1]))) quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(v[i - 1]))) return v.slice(0, i).trimEnd();
  }
  return v.trimEnd();
}

export function shapeOf(line: string): LineShape {
  const indent = line.length - line.trimStart().length;
  const rest = line.slice(indent);
  if (rest === '' || rest.startsWith('#')) return { indent, dashes: [], content: indent, blank: true, marker: false };
  if (/^(---|\.\.\.)(\s|$)/.test(line)) return { indent, dashes: [], content: indent, blank: false, marker: true };
  const dashes: number[] = [];
  let i = indent;
  while (line[i] === '-' && (i + 1 === line.length || line[i + 1] === ' ' || line[i + 1] === '\t')) {
    dashes.push(i);
    i++;
    while (line[i] === ' ' || line[i] === '\t') i++;
  }
  const content = i;
  const m = mayHaveKey(line.slice(content)) ? KEY_RE.exec(line.slice(content)) : null;
  const shape: LineShape = { indent, dashes, content, blank: false, marker: false };
  if (m && m[1] !== '') { shape.key = unquote(m[1]); shape.value = stripComment(m[2]); }
  return shape;
}

/** A value that leaves the key open for nested content on the next lines (empty, or only an anchor/tag/comment). */
function opensBlock(value: string | undefined): boolean {
  return value === undefined || /^((&|!)\S*\s*)*$/.test(value);
}

function isBlockScalarHeader(value: string | undefined): boolean {
  return value !== undefined && /^((&|!)\S*\s+)*[|>][-+0-9]*$/.test(value);
}

class Scanner {
  private cache = new Map<number, LineShape>();
  constructor(private readonly text: string, private readonly lines: LineIndex, private readonly firstLine: number) {}

  line(n: number): string { return this.lines.lineText(n); }

  /**
   * The indentation of line `n`, or Infinity for a blank or comment line. Found on the text directly: most lines a
   * scan passes are deeper than the column it looks for and are skipped without building their shape.
   */
  indent(n: number): number {
    const t = this.text;
    const start = this.lines.lineStart(n);
    let i = start;
    while (t.charCodeAt(i) === 32) i++;
    const c = t.charCodeAt(i);
    if (i >= t.length || c === 10 || c === 13 || c === 35) return Infinity;
    return i - start;
  }

  shape(n: number): LineShape {
    let s = this.cache.get(n);
    if (!s) { s = shapeOf(this.line(n)); this.cache.set(n, s); }
    return s;
  }

  /**
   * The path of the collection that holds an entry starting at column `col` on line `n` (a key of a mapping, or the
   * content of a sequence item). Returns null when that place is inside a scalar (a block scalar body, or the
   * continuation of a plain multi-line value), where no key can go.
   */
  container(n: number, col: number, depth = 0): PathSeg[] | null {
    if (depth > 64) return null;
    const here = this.shape(n);
    // A dash to the left on the same line: the entry is the first key of that sequence item's mapping.
    const dash = [...here.dashes].reverse().find(d => d < col);
    if (dash !== undefined) {
      const seq = this.sequence(n, dash, depth);
      return seq && [...seq.path, seq.index];
    }
    for (let m = n - 1; m >= this.firstLine; m--) {
      if (this.indent(m) > col) continue;
      const s = this.shape(m);
      if (s.marker) break;
      if (s.blank) continue;
      // An item of a sequence written at the same column as its key (`rules:` then `- alert:`) belongs to a sibling.
      if (s.dashes[0] === col) continue;
      if (s.content === col && s.key !== undefined) {
        // A sibling key; if it opens a sequence item, that item's mapping is the container.
        if (s.dashes.length && s.dashes[s.dashes.length - 1] < col) return this.container(m, col, depth + 1);
        continue;
      }
      // The nearest entry to the left of `col` on that line is the parent.
      if (s.key !== undefined && s.content < col) {
        if (isBlockScalarHeader(s.value) || !opensBlock(s.value)) return null;
        const parent = this.container(m, s.content, depth + 1);
        return parent && [...parent, s.key];
      }
      // `-` on its own line, its mapping on the lines below: the item starts here.
      const d = [...s.dashes].reverse().find(x => x < col);
      if (d !== undefined && s.content >= this.line(m).trimEnd().length) {
        const seq = this.sequence(m, d, depth + 1);
        return seq && [...seq.path, seq.index];
      }
      return null;
    }
    return [];
  }

  /** The sequence whose item indicator is the dash at column `col` on line `n`: its path and the item's index. */
  sequence(n: number, col: number, depth: number): { path: PathSeg[]; index: number } | null {
    let index = 0;
    const here = this.shape(n);
    // A dash that is not the first on its line (`- - x`) opens a sequence inside the outer item.
    const pos = here.dashes.indexOf(col);
    if (pos > 0) {
      const outer = this.sequence(n, here.dashes[pos - 1], depth + 1);
      return outer && { path: [...outer.path, outer.index], index: 0 };
    }
    for (let m = n - 1; m >= this.firstLine; m--) {
      if (this.indent(m) > col) continue;
      const s = this.shape(m);
      if (s.marker) break;
      if (s.blank) continue;
      if (s.dashes[0] === col) { index++; continue; }
      if (s.key !== undefined && s.content <= col) {
        if (!opensBlock(s.value)) return null;
        const parent = this.container(m, s.content, depth + 1);
        return parent && { path: [...parent, s.key], index };
      }
      return null;
    }
    return { path: [], index };
  }

  /** Keys present in the mapping whose keys start at column `col`, around line `n` (`up`: also the lines above). */
  siblings(n: number, col: number, lastLine: number, up = true): Set<string> {
    const out = new Set<string>();
    for (let m = n - 1; up && m >= this.firstLine; m--) {
      if (this.indent(m) > col) continue;
      const s = this.shape(m);
      if (s.marker) break;
      if (s.blank) continue;
      if (s.content === col && s.key !== undefined) { out.add(s.key); if (s.dashes.length) break; continue; }
      break;
    }
    for (let m = n + 1; m <= lastLine; m++) {
      if (this.indent(m) > col) continue;
      const s = this.shape(m);
      if (s.marker) break;
      if (s.blank) continue;
      if (s.indent === col && s.key !== undefined && !s.dashes.length) { out.add(s.key); continue; }
      break;
    }
    return out;
  }
}

const WORD = /[\w./#@:%~+-]/;

/** The document chunk (between `---` markers) containing `offset`. */
export function docSpanAt(text: string, offset: number): Span {
  const chunks = splitDocuments(text);
  for (const c of chunks) if (offset >= c.start && offset <= c.end) return c;
  // Between chunks (on a `---` line or in blank space): the chunk that starts after the offset, else the last one.
  const after = chunks.find(c => c.start > offset);
  const before = [...chunks].reverse().find(c => c.end <= offset);
  return before && (!after || offset - before.end < 1) ? before : after ?? { start: 0, end: text.length };
}

/**
 * The cursor context at `offset`, or null where nothing can be completed (a comment, a block scalar body, a flow
 * mapping, the middle of a key).
 */
export function cursorContext(file: SourceFile, offset: number): CursorContext | null {
  const pos = file.lines.position(offset);
  const lineText = file.lines.lineText(pos.line);
  const lineStart = file.lines.lineStart(pos.line);
  const before = lineText.slice(0, pos.character);
  const parsed = file.docs.find(d => offset >= d.doc.start && offset <= d.doc.end && d.doc.root);
  const doc = parsed ? { start: parsed.doc.start, end: parsed.doc.end } : docSpanAt(file.text, offset);
  const firstLine = file.lines.position(doc.start).line;
  const lastLine = file.lines.position(doc.end).line;
  const scan = new Scanner(file.text, file.lines, firstLine);
  if (/^(---|\.\.\.)(\s|$)/.test(before)) return null;

  let wordEnd = pos.character;
  while (wordEnd < lineText.length && WORD.test(lineText[wordEnd]) && lineText[wordEnd] !== ':') wordEnd++;
  const span = (from: number, to = wordEnd): Span => ({ start: lineStart + from, end: lineStart + to });

  // `key: value` (or `- key: value`), cursor in the value.
  const shape = shapeOf(before);
  if (shape.blank && before.trimStart().startsWith('#')) return null;
  const keyLine = mayHaveKey(before) && /^(\s*)((?:-\s+)*)("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{}[\],&*!|>][^#:]*?)\s*:\s+(.*)$/.exec(before);
  if (keyLine) {
    const keyCol = keyLine[1].length + keyLine[2].length;
    const key = unquote(keyLine[3]);
    const container = scan.container(pos.line, keyCol);
    if (!container) return null;
    const raw = keyLine[4];
    const valueCol = pos.character - raw.length;
    if (/(^|\s)#/.test(raw)) return null;
    if (raw.startsWith('[')) {
      // A flow list: complete the item after the last comma.
      if (raw.includes(']')) return null;
      const parts = raw.slice(1).split(',');
      const last = parts[parts.length - 1];
      const lead = last.length - last.trimStart().length;
      let itemText = last.trimStart();
      let from = pos.character - last.length + lead;
      let quote: '"' | "'" | undefined;
      if (itemText.startsWith('"') || itemText.startsWith("'")) { quote = itemText[0] as '"' | "'"; itemText = itemText.slice(1); from++; }
      let end = pos.character;
      while (end < lineText.length && /[^,\]\s"']/.test(lineText[end])) end++;
      return { mode: 'item', path: [...container, key, parts.length - 1], prefix: itemText, replace: span(from, end), column: keyCol, siblings: new Set(), quote, flow: true, doc };
    }
    if (raw.startsWith('{') || raw.startsWith('|') || raw.startsWith('>') || raw.startsWith('&') || raw.startsWith('*') || raw.startsWith('!')) return null;
    let prefix = raw;
    let from = valueCol;
    let quote: '"' | "'" | undefined;
    let end = wordEnd;
    if (raw.startsWith('"') || raw.startsWith("'")) {
      quote = raw[0] as '"' | "'";
      prefix = raw.slice(1);
      from++;
      if (prefix.includes(quote)) return null;
      end = pos.character;
      while (end < lineText.length && lineText[end] !== quote) end++;
    } else if (/\s/.test(raw)) {
      // A multi-word plain value: only the last word is completed.
      const cut = raw.lastIndexOf(' ') + 1;
      if (!/[\w/.#-]/.test(raw.slice(cut))) return null;
    }
    return { mode: 'value', path: [...container, key], prefix, replace: span(from, end), column: keyCol, siblings: new Set(), quote, doc };
  }

  // A key being typed (or an empty line), possibly after sequence dashes.
  const keyTyping = /^(\s*)((?:-\s+)*)([\w.\-/"']*)$/.exec(before);
  if (!keyTyping || keyTyping[3].startsWith('-')) return null;
  const col = keyTyping[1].length + keyTyping[2].length;
  const prefix = keyTyping[3].replace(/^["']/, '');
  const from = keyTyping[3].length && /^["']/.test(keyTyping[3]) ? col + 1 : col;
  const hasDash = keyTyping[2].length > 0;
  if (hasDash) {
    const dashes = shapeOf(before + 'x').dashes;
    const dash = dashes[dashes.length - 1];
    const seq = scan.sequence(pos.line, dash, 0);
    if (!seq) return null;
    const keyHasColon = /^\s*:/.test(lineText.slice(wordEnd));
    return { mode: 'item', path: [...seq.path, seq.index], prefix, replace: span(from), column: col, siblings: scan.siblings(pos.line, col, lastLine, false), doc, keyHasColon };
  }
  const container = scan.container(pos.line, col);
  if (!container) return null;
  const siblings = scan.siblings(pos.line, col, lastLine);
  // The line's own key (when the cursor is inside an existing key) is not a sibling.
  const own = shapeOf(lineText).key;
  if (own !== undefined && own !== prefix) siblings.delete(own);
  const keyHasColon = /^\s*:/.test(lineText.slice(wordEnd));
  return { mode: 'key', path: container, prefix, replace: span(from), column: col, siblings, doc, keyHasColon };
}
