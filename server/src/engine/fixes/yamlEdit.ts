import type { TextEdit } from '../findings';
import type { LineIndex } from '../text';
import { asMap, asScalar, deref, pairOf, type YMap, type YNode, type YScalar } from '../yaml/ast';

/**
 * Text edits on YAML that keep everything the user wrote: an insertion adds lines at the indentation of the
 * mapping it extends (block) or an entry before the closing brace (flow); a rename or a new value replaces one
 * token. Nothing is re-serialized, so comments, quoting, blank lines and key order stay as they were.
 */
export interface YamlText { text: string; lines: LineIndex }

function newline(text: string): string { return text.includes('\r\n') ? '\r\n' : '\n'; }

function column(doc: YamlText, offset: number): number { return doc.lines.position(offset).character; }

/** End of the line that holds `offset` (before its line break), including a trailing comment. */
function lineEnd(doc: YamlText, offset: number): number {
  const line = doc.lines.position(offset).line;
  return doc.lines.lineStart(line) + doc.lines.lineText(line).length;
}

/** Where a block mapping's last entry ends: the last character of its value (or of its key when the value is empty). */
function lastEntryEnd(map: YMap): number {
  const last = map.pairs[map.pairs.length - 1];
  const value = last.value;
  const end = value.end > value.start ? value.end - 1 : value.end;
  return Math.max(last.key.end - 1, end);
}

/** The indentation step of the document: how far a nested block mapping sits right of its parent key. */
export function indentStep(doc: YamlText, map: YMap): number {
  const seen = new Set<YNode>();
  const visit = (m: YMap, depth: number): number | undefined => {
    if (depth > 8 || seen.has(m)) return undefined;
    seen.add(m);
    for (const p of m.pairs) {
      const child = asMap(p.value);
      if (child && !child.flow && child.pairs.length) {
        const step = column(doc, child.pairs[0].key.start) - column(doc, p.key.start);
        if (step > 0 && step <= 8) return step;
        const deeper = visit(child, depth + 1);
        if (deeper) return deeper;
      }
    }
    return undefined;
  };
  return visit(map, 0) ?? 2;
}

/** A scalar for `value`: in the quoting style of `like` when it is quoted, plain when that is safe, else double-quoted. */
export function yamlScalar(value: string, like?: YScalar | null): string {
  if (like?.style === 'double') return JSON.stringify(value);
  if (like?.style === 'single') return `'${value.replace(/'/g, "''")}'`;
  const plainSafe = /^[A-Za-z0-9_./~%][^\s,[\]{}]*$/.test(value) && !/:(\s|$)|\s#/.test(value)
    && !/^(true|false|null|yes|no|on|off|~|[-+]?[0-9.]+([eE][-+]?[0-9]+)?)$/i.test(value);
  return plainSafe ? value : JSON.stringify(value);
}

/** The quoting style in use among a mapping's string values (so an added value looks like its neighbours). */
export function valueStyleOf(map: YMap | null | undefined): YScalar | undefined {
  for (const p of map?.pairs ?? []) {
    const s = asScalar(p.value);
    if (s && s.style !== 'literal' && s.style !== 'folded' && s.text) return s;
  }
  return undefined;
}

/**
 * Adds an entry to a mapping after its last entry. `body` is the entry's text relative to the key's column: its
 * first line is `key: value` (or `key:`), further lines are indented further by the caller using `step`.
 */
export function insertEntry(doc: YamlText, map: YMap, entry: (step: number) => { block: string[]; flow: string }): TextEdit {
  const step = indentStep(doc, map);
  const parts = entry(step);
  if (map.flow) {
    if (!map.pairs.length) return { span: { start: map.start + 1, end: map.start + 1 }, newText: parts.flow };
    const last = map.pairs[map.pairs.length - 1];
    return { span: { start: last.value.end, end: last.value.end }, newText: `, ${parts.flow}` };
  }
  const nl = newline(doc.text);
  const indent = ' '.repeat(column(doc, map.pairs[0].key.start));
  const at = lineEnd(doc, lastEntryEnd(map));
  return { span: { start: at, end: at }, newText: parts.block.map(l => nl + indent + l).join('') };
}

/** Renames a mapping key in place (inside its quotes, if it has any). */
export function renameKey(key: YScalar, newKey: string): TextEdit {
  return { span: { start: key.valueStart, end: key.valueEnd }, newText: newKey };
}

/** Replaces a scalar value, quotes included, with `text` (already a YAML scalar). */
export function replaceScalar(node: YScalar, text: string): TextEdit {
  return { span: { start: node.start, end: node.end }, newText: text };
}

/**
 * Sets `key: value` in the mapping found under `mapKey` in `parent` (e.g. `annotations` of an alert), creating
 * that mapping when it is absent or empty. Returns undefined when `mapKey` holds something that is not a mapping.
 */
export function setNestedEntry(doc: YamlText, parent: YMap, mapKey: string, key: string, value: string): TextEdit | undefined {
  const pair = pairOf(parent, mapKey);
  const existing = asMap(pair?.value);
  if (existing && existing.pairs.length) {
    const current = pairOf(existing, key);
    const currentValue = asScalar(current?.value);
    if (current && currentValue) return currentValue.start === currentValue.end
      ? { span: { start: currentValue.start, end: currentValue.start }, newText: ' ' + yamlScalar(value, valueStyleOf(existing)) }
      : replaceScalar(currentValue, yamlScalar(value, currentValue.style !== 'plain' ? currentValue : valueStyleOf(existing)));
    if (current) return undefined;
    const scalar = yamlScalar(value, valueStyleOf(existing));
    return insertEntry(doc, existing, () => ({ block: [`${key}: ${scalar}`], flow: `${key}: ${scalar}` }));
  }
  const scalar = yamlScalar(value, valueStyleOf(parent));
  if (existing) {
    // `annotations: {}`: fill the braces.
    if (existing.flow) return { span: { start: existing.start + 1, end: existing.end - 1 }, newText: `${key}: ${scalar}` };
    return undefined;
  }
  if (pair) {
    const v = deref(pair.value);
    const s = asScalar(v);
    if (!s || s.value !== null) return undefined;
    // `annotations:` with nothing after it (or `~`): give it a block mapping on the next line.
    if (parent.flow || s.start !== s.end) return replaceScalar(s, `{${key}: ${scalar}}`);
    const nl = newline(doc.text);
    const step = indentStep(doc, parent);
    const indent = ' '.repeat(column(doc, pair.key.start) + step);
    const at = lineEnd(doc, pair.key.start);
    return { span: { start: at, end: at }, newText: `${nl}${indent}${key}: ${scalar}` };
  }
  if (!parent.pairs.length) return undefined;
  return insertEntry(doc, parent, step => ({ block: [`${mapKey}:`, `${' '.repeat(step)}${key}: ${scalar}`], flow: `${mapKey}: {${key}: ${scalar}}` }));
}
