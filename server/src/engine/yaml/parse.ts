import type { Event, ScalarEvent } from 'js-yaml';
import { jsYaml } from './jsYaml';
import type { ParsedYaml, YDocument, YMap, YNode, YSeq, YScalar, YAlias, YamlProblem, ScalarStyle } from './ast';
import { DEFAULT_NODE_BUDGET } from './value';
import { resolve } from './resolve';
import { blockScalarSpan, closingBracket, duplicateKey } from './nodes';
import { fastParse } from './fastTree';

/** Nesting deeper than this is reported, not followed: no real SLO or rule file comes near it. */
export const MAX_DEPTH = 256;
/** When the stream does not parse, at most this many documents are reported broken before recovery stops. */
export const MAX_BROKEN_DOCUMENTS = 100;
/** Documents after this many in one file are not parsed (one `limit` problem says so). */
export const MAX_DOCUMENTS = 1000;

const STYLES: Record<number, ScalarStyle> = { 1: 'plain', 2: 'single', 3: 'double', 4: 'literal', 5: 'folded' };

interface YamlErrorLike { message?: string; reason?: string; mark?: { position?: number } }

/**
 * Parses YAML text into positioned documents. A syntax error never loses the whole file: when the stream does not
 * parse, each `---`-separated document is parsed on its own, so the good documents still get checked and the bad one
 * gets a `yaml/syntax` finding at the error's position. Common block YAML is read by a fast path (fastTree.ts) that
 * builds the same tree or leaves the text to js-yaml; `fastPath: false` always uses js-yaml (for the tests that
 * compare the two).
 */
export function parseYaml(text: string, fastPath = true): ParsedYaml {
  const cut = documentLimit(text);
  if (cut >= 0) {
    // Parse up to the limit only: the offsets of what is kept are those of the whole text.
    const head = parseYaml(text.slice(0, cut), fastPath);
    head.problems.push({ kind: 'limit', message: `this file has more than ${MAX_DOCUMENTS} YAML documents; SLO Lens checks the first ${MAX_DOCUMENTS} and not the rest`, span: { start: cut, end: cut + 3 } });
    return head;
  }
  const fast = fastPath ? fastParse(text) : null;
  if (fast) return fast;
  const problems: YamlProblem[] = [];
  try {
    const docs = build(text, jsYaml().parseEvents(text, { maxDepth: MAX_DEPTH }), 0, 0, problems);
    return { docs, problems };
  } catch (err) {
    const docs: YDocument[] = [];
    let failed = 0;
    for (const chunk of splitDocuments(text)) {
      // Each failing document costs an exception with a source snippet; a file of thousands of broken documents
      // would take seconds. Past the limit, one finding says the rest is not checked.
      if (failed >= MAX_BROKEN_DOCUMENTS) {
        problems.push({ kind: 'limit', message: `more than ${MAX_BROKEN_DOCUMENTS} documents in this file do not parse; the documents from here on are not checked`, span: { start: chunk.start, end: Math.min(chunk.end, text.indexOf('\n', chunk.start) >>> 0) } });
        break;
      }
      const sub = text.slice(chunk.start, chunk.end);
      try {
        const built = build(text, shift(jsYaml().parseEvents(sub, { maxDepth: MAX_DEPTH }), chunk.start), chunk.start, docs.length, problems);
        docs.push(...built);
      } catch (e) {
        failed++;
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
  const message = tooDeep ? `${reason}: the document nests deeper than SLO Lens follows (${MAX_DEPTH} levels), so it is not checked further` : reason;
  return { kind: tooDeep ? 'limit' : 'syntax', message, span: { start: pos, end: Math.max(end, Math.min(pos + 1, text.length)) } };
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

/**
 * The offset of the `---` that starts document MAX_DOCUMENTS + 1, or -1. Real multi-document files (rendered manifest
 * bundles) hold hundreds of documents; a file of tens of thousands of empty ones would cost a second per keystroke.
 */
function documentLimit(text: string): number {
  if (text.length < MAX_DOCUMENTS * 4) return -1;
  const re = /^---(?=[ \t]|\r?$)/gm;
  let n = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    // A leading `---` opens the first document rather than separating two.
    if (m.index > 0 && ++n >= MAX_DOCUMENTS) return m.index;
  }
  return -1;
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
  const aliases: YAlias[] = [];
  /** Every anchored node in definition order (an anchor name may be reused; the map keeps only the last). */
  const anchored: YNode[] = [];
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
        if (prev) problems.push(duplicateKey(key as YScalar));
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
        if (anchor !== undefined) { anchors.set(anchor, node); anchored.push(node); }
        attach(node);
        stack.push({ node, pendingKey: null, keys: null });
        break;
      }
      case 4: { // scalar
        const node = scalar(text, e);
        if (node.anchor !== undefined) { anchors.set(node.anchor, node); anchored.push(node); }
        attach(node);
        break;
      }
      case 5: { // alias
        const name = text.slice(e.anchorStart, e.anchorEnd);
        const node: YAlias = { kind: 'alias', name, target: anchors.get(name), start: e.anchorStart - 1, end: e.anchorEnd };
        attach(node);
        aliases.push(node);
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
  if (aliases.length) defuseAliasBombs(docs, anchored, aliases, problems);
  // Each document runs until the next one starts (so trailing comments belong to it).
  for (let i = 0; i < docs.length; i++) docs[i].end = i + 1 < docs.length ? Math.max(docs[i].end, docs[i + 1].start) : Math.max(docs[i].end, text.length);
  return docs;
}

/**
 * An alias bomb ("billion laughs": anchors that alias each other nine times over) is tiny as text and huge once
 * expanded. The tree never expands aliases, but anything that turns a document into plain values would, so a document
 * whose aliases expand to more than DEFAULT_NODE_BUDGET values is reported and not checked further (its root is
 * dropped). Prometheus and Kubernetes reject such files too ("excessive aliasing"). Sizes are counted without expanding:
 * each node's expanded size is memoised, anchored nodes first in the order they were defined.
 */
function defuseAliasBombs(docs: YDocument[], anchored: YNode[], aliases: YAlias[], problems: YamlProblem[]): void {
  const memo = new Map<YNode, number>();
  const size = (n: YNode): number => {
    const known = memo.get(n);
    if (known !== undefined) return known;
    memo.set(n, 1); // an alias to its own ancestor counts once (toValue does not follow it either)
    let total = 1;
    if (n.kind === 'alias') {
      total = n.target ? size(n.target) : 1;
    } else if (n.kind === 'map') {
      for (const p of n.pairs) total += size(p.key) + size(p.value);
    } else if (n.kind === 'seq') {
      for (const i of n.items) total += size(i);
    }
    memo.set(n, Math.min(total, Number.MAX_SAFE_INTEGER));
    return memo.get(n)!;
  };
  // Anchored nodes first, in definition order: an alias only names an earlier anchor, so recursion stays as deep as
  // the nesting (at most MAX_DEPTH), never as long as a chain of anchors.
  for (const n of anchored) size(n);
  for (const doc of docs) {
    if (!doc.root) continue;
    const total = size(doc.root);
    if (total <= DEFAULT_NODE_BUDGET) continue;
    // Point at the alias that expands the most: the line a user has to change.
    let at: YNode = doc.root;
    for (const a of aliases) if (a.start >= doc.root.start && a.end <= doc.root.end && (at === doc.root || size(a) > size(at))) at = a;
    problems.push({
      kind: 'limit', span: { start: at.start, end: at.end },
      message: `the aliases in this document expand to about ${total.toExponential(1).replace('e+', 'e')} values, more than the ${DEFAULT_NODE_BUDGET} SLO Lens expands (an alias bomb); Prometheus and Kubernetes reject it too, and SLO Lens does not check this document further`,
    });
    doc.root = null;
  }
}

function scalar(text: string, e: ScalarEvent): YScalar {
  const style = STYLES[e.style] ?? 'plain';
  const decoded = jsYaml().getScalarValue(text, e);
  const tag = e.tagStart >= 0 ? text.slice(e.tagStart, e.tagEnd) : undefined;
  const anchor = e.anchorStart >= 0 ? text.slice(e.anchorStart, e.anchorEnd) : undefined;
  let start = e.valueStart;
  let end = e.valueEnd;
  if (style === 'single' || style === 'double') { start -= 1; end += 1; }
  if (style === 'literal' || style === 'folded') ({ start, end } = blockScalarSpan(text, e.valueStart, e.valueEnd));
  if (anchor !== undefined) start = Math.min(start, e.anchorStart - 1);
  if (tag !== undefined) start = Math.min(start, e.tagStart);
  return { kind: 'scalar', value: resolve(decoded, style, tag), text: decoded, style, start, end, valueStart: e.valueStart, valueEnd: e.valueEnd, anchor, tag };
}

export { resolve } from './resolve';
