import type { Span } from '../text';

/** A positioned YAML tree: every node knows its source span, so any finding can point at the exact key or value. */
export type YNode = YScalar | YMap | YSeq | YAlias;

interface NodeBase extends Span {
  anchor?: string;
  tag?: string;
}

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded';
export type ScalarValue = string | number | boolean | null;

export interface YScalar extends NodeBase {
  kind: 'scalar';
  /** The value resolved with the YAML 1.2 core schema (numbers, booleans, null) for plain scalars. */
  value: ScalarValue;
  /** The decoded string content, whatever the resolved type. */
  text: string;
  style: ScalarStyle;
  /** Span of the content without quotes or block header; for block scalars, the body lines. */
  valueStart: number;
  valueEnd: number;
}

export interface YPair { key: YNode; value: YNode }

export interface YMap extends NodeBase {
  kind: 'map';
  pairs: YPair[];
  flow: boolean;
}

export interface YSeq extends NodeBase {
  kind: 'seq';
  items: YNode[];
  flow: boolean;
}

export interface YAlias extends NodeBase {
  kind: 'alias';
  name: string;
  /** The anchored node, when the anchor was defined before the alias. */
  target?: YNode;
}

export interface YDocument extends Span {
  index: number;
  root: YNode | null;
}

export interface YamlProblem {
  message: string;
  span: Span;
  kind: 'syntax' | 'duplicate-key' | 'limit';
}

export interface ParsedYaml {
  docs: YDocument[];
  problems: YamlProblem[];
}

/** Follows aliases to the node they stand for (bounded, since an alias may point at its own ancestor). */
export function deref(node: YNode | null | undefined): YNode | null {
  let n = node ?? null;
  for (let i = 0; n && n.kind === 'alias' && i < 32; i++) n = n.target ?? null;
  return n && n.kind === 'alias' ? null : n;
}

export function asMap(node: YNode | null | undefined): YMap | null {
  const n = deref(node);
  return n && n.kind === 'map' ? n : null;
}

export function asSeq(node: YNode | null | undefined): YSeq | null {
  const n = deref(node);
  return n && n.kind === 'seq' ? n : null;
}

export function asScalar(node: YNode | null | undefined): YScalar | null {
  const n = deref(node);
  return n && n.kind === 'scalar' ? n : null;
}

export function keyText(pair: YPair): string | null {
  const k = asScalar(pair.key);
  return k ? k.text : null;
}

export function pairOf(map: YMap | null | undefined, key: string): YPair | undefined {
  if (!map) return undefined;
  // Indexed, not for-of: in a short-lived CLI run this runs cold, where each for-of step allocates an iterator result.
  const pairs = map.pairs;
  for (let i = 0; i < pairs.length; i++) if (keyText(pairs[i]) === key) return pairs[i];
  return undefined;
}

/** The value node under `key`, or undefined when the key is absent. */
export function get(map: YMap | null | undefined, key: string): YNode | undefined {
  return pairOf(map, key)?.value;
}

export function getMap(map: YMap | null | undefined, key: string): YMap | null { return asMap(get(map, key)); }
export function getSeq(map: YMap | null | undefined, key: string): YSeq | null { return asSeq(get(map, key)); }
export function getScalar(map: YMap | null | undefined, key: string): YScalar | null { return asScalar(get(map, key)); }

/** The string form of a scalar value under `key` (numbers and booleans as written), or undefined. */
export function getString(map: YMap | null | undefined, key: string): string | undefined {
  const s = getScalar(map, key);
  if (!s || s.value === null) return undefined;
  return s.text;
}

export function getNumber(map: YMap | null | undefined, key: string): number | undefined {
  const s = getScalar(map, key);
  return s && typeof s.value === 'number' ? s.value : undefined;
}

/** Walks a JSON-pointer-like path (keys and indexes) through maps and sequences, following aliases. */
export function nodeAtPath(root: YNode | null, path: readonly (string | number)[]): YNode | null {
  let node = deref(root);
  for (const seg of path) {
    if (!node) return null;
    if (node.kind === 'map') {
      const p = pairOf(node, String(seg));
      node = p ? deref(p.value) : null;
    } else if (node.kind === 'seq') {
      const i = typeof seg === 'number' ? seg : Number(seg);
      node = Number.isInteger(i) ? deref(node.items[i]) : null;
    } else return null;
  }
  return node;
}

/** Like nodeAtPath, but returns the pair whose key is the last segment (to point at a key rather than its value). */
export function pairAtPath(root: YNode | null, path: readonly (string | number)[]): YPair | null {
  if (path.length === 0) return null;
  const parent = asMap(nodeAtPath(root, path.slice(0, -1)));
  return pairOf(parent, String(path[path.length - 1])) ?? null;
}

export interface PathStep { node: YNode; key?: string | number; pair?: YPair; inKey?: boolean }

/**
 * The chain of nodes that contain `offset`, outermost first: what hover, completion and definition start from.
 * Aliases are not followed (the text at the offset is the alias itself).
 */
export function pathAtOffset(root: YNode | null, offset: number): PathStep[] {
  const out: PathStep[] = [];
  let node: YNode | null = root;
  let key: string | number | undefined;
  let pair: YPair | undefined;
  let inKey = false;
  while (node) {
    out.push({ node, key, pair, inKey });
    let next: YNode | null = null;
    if (node.kind === 'map') {
      for (const p of node.pairs) {
        if (offset >= p.key.start && offset <= p.key.end) { next = p.key; key = keyText(p) ?? undefined; pair = p; inKey = true; break; }
        if (offset >= p.value.start && offset <= p.value.end && !(p.value.kind === 'scalar' && p.value.start === p.value.end && offset > p.value.end)) {
          next = p.value; key = keyText(p) ?? undefined; pair = p; inKey = false; break;
        }
      }
    } else if (node.kind === 'seq') {
      node.items.forEach((item, i) => { if (!next && offset >= item.start && offset <= item.end) { next = item; key = i; pair = undefined; inKey = false; } });
    }
    if (next === node) break;
    node = next;
  }
  return out;
}
