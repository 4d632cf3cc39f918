import type { Span } from '../text';
import { asMap, deref, keyText, pairOf, type YNode, type YPair } from '../yaml/ast';
import type { Path, Target } from './explain';

/**
 * Where a schema problem is shown in the text. The rules: an unknown or forbidden key → that key; a wrong value →
 * the value (its key when the value is a multi-line mapping or list); a missing key → the key of the mapping that
 * lacks it (`spec:`), or the first key of a sequence item (`- alert:`), or `kind:` for a whole document. When the
 * path leads through a merge key (`<<: *base`) or an alias, the nearest node that exists in this text is used.
 */
export function locate(root: YNode | null, path: Path, target: Target, text?: string): Span | undefined {
  const found = walk(root, path);
  let at: Span | undefined;
  if (found.depth === path.length) {
    if (target === 'key') at = found.pair ? span(found.pair.key) : containerSpan(found.node, found.pair, path.length === 0);
    else if (target === 'value') at = valueSpan(found.node, found.pair);
    else at = containerSpan(found.node, found.pair, path.length === 0);
    if (at && at.end === at.start && text) at = dashOf(at.start, text);
  } else {
    // The path ends below what the text has (a merged or aliased key): point at the deepest ancestor that exists.
    const merge = asMap(found.node)?.pairs.find(p => keyText(p) === '<<');
    at = merge ? span(merge.value) : containerSpan(found.node, found.pair, found.depth === 0);
  }
  if (at && at.end > at.start) return at;
  // An empty sequence item has no text of its own: show it on its parent, never on nothing.
  return path.length ? locate(root, path.slice(0, -1), 'container', text) : at;
}

/**
 * The `-` of an empty sequence item (`-` alone on its line). The parser places the empty value at the end of
 * whatever came before it, so look back on the same line, then forward past blanks and comments.
 */
function dashOf(offset: number, text: string): Span | undefined {
  for (let i = Math.min(offset, text.length) - 1; i >= 0 && text[i] !== '\n'; i--) {
    if (text[i] === '-') return { start: i, end: i + 1 };
    if (text[i] !== ' ' && text[i] !== '\t') break;
  }
  for (let i = offset; i < text.length; i++) {
    const c = text[i];
    if (c === '-') return { start: i, end: i + 1 };
    if (c === '#') { while (i < text.length && text[i] !== '\n') i++; continue; }
    if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return undefined;
  }
  return undefined;
}

interface Walked { node: YNode | null; pair?: YPair; depth: number }

function walk(root: YNode | null, path: Path): Walked {
  let node = deref(root);
  let pair: YPair | undefined;
  let depth = 0;
  for (const seg of path) {
    if (!node) break;
    let next: YNode | null = null;
    let nextPair: YPair | undefined;
    if (node.kind === 'map') {
      nextPair = pairOf(node, String(seg));
      next = nextPair ? deref(nextPair.value) : null;
    } else if (node.kind === 'seq' && typeof seg === 'number') {
      next = deref(node.items[seg]);
      nextPair = undefined;
    }
    if (!next && !nextPair) break;
    node = next;
    pair = nextPair;
    depth++;
  }
  return { node, pair, depth };
}

function span(n: YNode): Span {
  return { start: n.start, end: n.end };
}

/** A value that spans lines (a block mapping or list) is shown at its key, so the squiggle stays readable. */
function valueSpan(node: YNode | null, pair: YPair | undefined): Span | undefined {
  if (node && node.kind === 'scalar') {
    if (node.end > node.start) return span(node);
    return pair ? span(pair.key) : span(node);
  }
  if (pair) return span(pair.key);
  if (node && (node.kind === 'map' || node.kind === 'seq')) return firstLine(node);
  return undefined;
}

/** The place for "this mapping lacks a key": its own key, or its first key (sequence items, documents). */
function containerSpan(node: YNode | null, pair: YPair | undefined, isRoot: boolean): Span | undefined {
  if (pair) return span(pair.key);
  const map = asMap(node);
  if (map) {
    if (isRoot) {
      const kind = pairOf(map, 'kind') ?? pairOf(map, 'apiVersion') ?? pairOf(map, 'version');
      if (kind) return span(kind.key);
    }
    const first = map.pairs[0];
    if (first) return span(first.key);
  }
  return node ? firstLine(node) : undefined;
}

function firstLine(node: YNode): Span {
  if (node.kind === 'map' && node.pairs[0]) return span(node.pairs[0].key);
  if (node.kind === 'seq' && node.items[0]) return firstLine(node.items[0]);
  return span(node);
}
