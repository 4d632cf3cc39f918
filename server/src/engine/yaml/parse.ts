import { parseEvents, getScalarValue, type Event, type ScalarEvent } from 'js-yaml';
import type { ParsedYaml, YDocument, YMap, YNode, YSeq, YScalar, YAlias, YamlProblem, ScalarStyle, ScalarValue } from './ast';

/** Nesting deeper than this is reported, not followed: no real SLO or rule file comes near it. */
export const MAX_DEPTH = 256;

const STYLES: Record<number, ScalarStyle> = { 1: 'plain', 2: 'single', 3: 'double', 4: 'literal', 5: 'folded' };

interface YamlErrorLike { message?: string; reason?: string; mark?: { position?: number } }

/**
 * Parses YAML text into positioned documents. A syntax error never loses the whole file: when the stream does not
 * parse, each `---`-separated document is parsed on its own, so the good documents still get checked and the bad one
 * gets a `yaml/syntax` finding at the error's position.
 */
export function parseYaml(text: string): ParsedYaml {
  const problems: YamlProblem[] = [];
  try {
    const docs = build(text, parseEvents(text, { maxDepth: MAX_DEPTH }), 0, 0, problems);
    return { docs, problems };
  } catch (err) {
    const docs: YDocument[] = [];
    for (const chunk of splitDocuments(text)) {
      const sub = text.slice(chunk.start, chunk.end);
      try {
        const built = build(text, shift(parseEvents(sub, { maxDepth: MAX_DEPTH }), chunk.start), chunk.start, docs.length, problems);
        docs.push(...built);
      } catch (e) {
        problems.push(toProblem(e, text, chunk.start, chunk.end));
      }
    }
    if (!problems.some(p => p.kind !== 'duplicate-key')) problems.push(toProblem(err, text, 0));
    return { docs, problems };
  }
}

function toProblem(err: unknown, text: string, base: number, limit = text.length): YamlProblem {
  const e = err as YamlErrorLike;
  const reason = e.reason ?? (e.message ?? String(err)).split('\n')[0].replace(/\s*\(\d+:\d+\)$/, '');
  let pos = Math.min(limit, base + Math.max(0, e.mark?.position ?? 0));
  // An error found at the end of a document belongs to its last line, not to the next document's `---`.
  if (pos >= limit) pos = lastContentOffset(text, base, limit);
  // Point at the token the parser stopped on (to the end of the line), not a whole document.
  let end = pos;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r' && end - pos < 200) end++;
  const tooDeep = /depth|nesting/i.test(reason);
  return { kind: tooDeep ? 'limit' : 'syntax', message: reason, span: { start: pos, end: Math.max(end, Math.min(pos + 1, text.length)) } };
}

/** The offset of the last character of the last line with content (not blank, not a comment) before `limit`. */
function lastContentOffset(text: string, base: number, limit: number): number {
  let end = limit;
  while (end > base) {
    const lineStart = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(Math.max(lineStart, base), end);
    if (line.trim() !== '' && !line.trim().startsWith('#')) return Math.max(base, Math.max(lineStart, base) + line.trimEnd().length - 1);
    end = Math.max(base, lineStart - 1);
    if (lineStart === 0) break;
  }
  return base;
}

/** Offsets of each document in a stream, split at `---`/`...` marker lines. */
export function splitDocuments(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const re = /^(---|\.\.\.)(?=[ \t]|\r?$)/gm;
  let start = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (m.index > start || m[1] === '...') out.push({ start, end: m.index });
    start = m[1] === '---' ? m.index : m.index + m[0].length;
  }
  out.push({ start, end: text.length });
  return out.filter(c => text.slice(c.start, c.end).trim() !== '');
}

function shift(events: Event[], by: number): Event[] {
  if (by === 0) return events;
  for (const e of events) {
    const r = e as unknown as Record<string, number>;
    for (const k of ['start', 'valueStart', 'valueEnd', 'anchorStart', 'anchorEnd', 'tagStart', 'tagEnd']) {
      if (typeof r[k] === 'number' && r[k] >= 0) r[k] += by;
    }
  }
  return events;
}

type Open = { node: YMap | YSeq; pendingKey: YNode | null; keys: Map<string, YNode> | null };

function build(text: string, events: Event[], base: number, firstIndex: number, problems: YamlProblem[]): YDocument[] {
  const docs: YDocument[] = [];
  const anchors = new Map<string, YNode>();
  const stack: Open[] = [];
  let doc: YDocument | null = null;

  let lastEnd = base;
  const attach = (node: YNode) => {
    const top = stack[stack.length - 1];
    if (node.start < 0) {
      // An empty value (`key:` or `- `) has no text of its own: place it just after the key's colon or the dash.
      let at = top && top.node.kind === 'map' && top.pendingKey ? top.pendingKey.end : lastEnd;
      const colon = text.indexOf(':', at);
      if (top && top.node.kind === 'map' && top.pendingKey && colon >= 0 && colon - at < 1000) at = colon + 1;
      node.start = node.end = at;
      if (node.kind === 'scalar') node.valueStart = node.valueEnd = at;
    }
    lastEnd = Math.max(lastEnd, node.end);
    if (!top) {
      if (doc) doc.root = node;
      return;
    }
    if (top.node.kind === 'seq') {
      top.node.items.push(node);
    } else if (top.pendingKey === null) {
      top.pendingKey = node;
    } else {
      const key = top.pendingKey;
      top.node.pairs.push({ key, value: node });
      top.pendingKey = null;
      const k = key.kind === 'scalar' ? key.text : null;
      if (k !== null && k !== '<<') {
        top.keys ??= new Map();
        const prev = top.keys.get(k);
        if (prev) problems.push({ kind: 'duplicate-key', message: `duplicate key \`${k}\` (first defined on an earlier line); YAML keeps only one of them`, span: { start: key.start, end: key.end } });
        else top.keys.set(k, key);
      }
    }
  };

  const anchorOf = (e: { anchorStart: number; anchorEnd: number }) => e.anchorStart >= 0 ? text.slice(e.anchorStart, e.anchorEnd) : undefined;
  const tagOf = (e: { tagStart: number; tagEnd: number }) => e.tagStart >= 0 ? text.slice(e.tagStart, e.tagEnd) : undefined;

  for (const e of events) {
    switch (e.type) {
      case 1: { // document
        doc = { index: firstIndex + docs.length, root: null, start: docs.length === 0 ? base : (docs[docs.length - 1].end), end: base };
        docs.push(doc);
        break;
      }
      case 2:
      case 3: { // sequence / mapping
        const anchor = anchorOf(e);
        const tag = tagOf(e);
        const start = Math.min(e.start, anchor !== undefined ? e.anchorStart - 1 : e.start, tag !== undefined ? e.tagStart : e.start);
        const node: YMap | YSeq = e.type === 3
          ? { kind: 'map', pairs: [], flow: e.style === 2, start, end: e.start + 1, anchor, tag }
          : { kind: 'seq', items: [], flow: e.style === 2, start, end: e.start + 1, anchor, tag };
        if (anchor !== undefined) anchors.set(anchor, node);
        attach(node);
        stack.push({ node, pendingKey: null, keys: null });
        break;
      }
      case 4: { // scalar
        const node = scalar(text, e);
        if (node.anchor !== undefined) anchors.set(node.anchor, node);
        attach(node);
        break;
      }
      case 5: { // alias
        const name = text.slice(e.anchorStart, e.anchorEnd);
        const node: YAlias = { kind: 'alias', name, target: anchors.get(name), start: e.anchorStart - 1, end: e.anchorEnd };
        attach(node);
        break;
      }
      case 6: { // pop
        const top = stack.pop();
        if (top) {
          const n = top.node;
          const last = n.kind === 'map' ? (n.pairs.length ? n.pairs[n.pairs.length - 1].value : null) : (n.items.length ? n.items[n.items.length - 1] : null);
          n.end = Math.max(n.end, last ? last.end : n.end);
          if (n.flow) n.end = closingBracket(text, n.end, n.kind === 'map' ? '}' : ']');
        } else if (doc) {
          doc.end = Math.max(doc.end, doc.root ? doc.root.end : doc.start);
        }
        break;
      }
    }
  }
  // Each document runs until the next one starts (so trailing comments belong to it).
  for (let i = 0; i < docs.length; i++) docs[i].end = i + 1 < docs.length ? Math.max(docs[i].end, docs[i + 1].start) : Math.max(docs[i].end, text.length);
  return docs;
}

function closingBracket(text: string, from: number, bracket: string): number {
  for (let i = from; i < text.length && i < from + 10_000; i++) {
    if (text[i] === bracket) return i + 1;
  }
  return from;
}

function scalar(text: string, e: ScalarEvent): YScalar {
  const style = STYLES[e.style] ?? 'plain';
  const decoded = getScalarValue(text, e);
  const tag = e.tagStart >= 0 ? text.slice(e.tagStart, e.tagEnd) : undefined;
  const anchor = e.anchorStart >= 0 ? text.slice(e.anchorStart, e.anchorEnd) : undefined;
  let start = e.valueStart;
  let end = e.valueEnd;
  if (style === 'single' || style === 'double') { start -= 1; end += 1; }
  if (style === 'literal' || style === 'folded') {
    // Point at the `|`/`>` header, so a finding on the value starts where the user sees it.
    let i = e.valueStart - 1;
    while (i > 0 && text[i] !== '|' && text[i] !== '>') i--;
    start = i >= 0 ? i : e.valueStart;
    // Block scalar bodies end before the trailing newline(s) for display purposes.
    while (end > e.valueStart && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  }
  if (anchor !== undefined) start = Math.min(start, e.anchorStart - 1);
  if (tag !== undefined) start = Math.min(start, e.tagStart);
  return { kind: 'scalar', value: resolve(decoded, style, tag), text: decoded, style, start, end, valueStart: e.valueStart, valueEnd: e.valueEnd, anchor, tag };
}

const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** YAML 1.2 core schema resolution of a plain scalar (what Go's yaml.v3 and Kubernetes decoders do). */
export function resolve(raw: string, style: ScalarStyle, tag?: string): ScalarValue {
  if (tag === '!!str' || tag === '!') return raw;
  if (style !== 'plain') return raw;
  if (tag === '!!int' || tag === '!!float') { const n = Number(raw); return Number.isNaN(n) ? raw : n; }
  switch (raw) {
    case '': case '~': case 'null': case 'Null': case 'NULL': return null;
    case 'true': case 'True': case 'TRUE': return true;
    case 'false': case 'False': case 'FALSE': return false;
    case '.inf': case '.Inf': case '.INF': case '+.inf': case '+.Inf': case '+.INF': return Infinity;
    case '-.inf': case '-.Inf': case '-.INF': return -Infinity;
    case '.nan': case '.NaN': case '.NAN': return NaN;
  }
  const c = raw.charCodeAt(0);
  if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 48)) return raw;
  if (INT.test(raw)) return Number(raw);
  if (/^0o[0-7]+$/.test(raw)) return parseInt(raw.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(raw)) return parseInt(raw.slice(2), 16);
  if (FLOAT.test(raw)) return Number(raw);
  return raw;
}
