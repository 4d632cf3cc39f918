/**
 * Schema validation for every format SLO Lens detects.
 *
 * The schemas live in `schemas/` (one JSON Schema draft-07 file per format and kind, plus shared `*.common` files)
 * and are bundled into the server. Besides standard keywords they carry annotations for people and editors:
 * `description` on properties, `enumDescriptions` next to `enum`, `title` for the noun used in messages, and
 * `x-expected` / `x-because` / `x-message` / `x-renamed` for messages (see ./types.ts).
 *
 * API for other features (hover, completion, rules):
 *
 * - `schemaFor(format, kind?)` → the raw schema object for a detected format and kind, exactly as in `schemas/`
 *   (`$ref`s unresolved). For a kinded format whose `kind` is missing or unknown it returns a small envelope schema
 *   whose `properties.kind.enum` lists the valid kinds. Undefined for `openslo-unknown` (an OpenSLO look-alike
 *   apiVersion, which validation reports as `schema/enum`).
 *
 * - `subschemaAt(format, kind, path)` → the candidate subschemas for the value at a document path, e.g.
 *   `subschemaAt('prometheus-rules', undefined, ['groups', 0, 'rules', 3])` → the rule schema(s). Sequence indexes
 *   are numbers, mapping keys strings. `$ref` is resolved (also across files); `allOf`/`anyOf`/`oneOf` members and the
 *   `then`/`else` branches of `if` are flattened into the list; `properties`, `patternProperties`,
 *   `additionalProperties` and `items` are followed. Completion unions `properties` keys and `enum` values over the
 *   list; hover takes the first `description`. Returns [] where nothing is known (free-form maps).
 *
 * - `validateDocument(root, format, kind)` → the schema problems of one document (or one item of a top-level OpenSLO
 *   list) with exact spans, quick-fix edits and rule ids (`schema/required`, `schema/unknown-key`, …). Pure: the
 *   compiled validators are cached per schema, compiled on first use.
 */
import type { FormatId } from '../formats/detect';
import type { Span } from '../text';
import { asMap, asScalar, nodeAtPath, pairOf, type YNode } from '../yaml/ast';
import { ExpansionLimit, toValue, DEFAULT_NODE_BUDGET } from '../yaml/value';
import { FORMAT_SCHEMAS, schemaIdFor } from './catalog';
import { explain, pointer, type SchemaIssue } from './explain';
import { locate } from './locate';
import { closest } from './suggest';
import { runValidator } from './validator';

export { schemaFor, subschemaAt } from './resolve';
export { SCHEMA_RULE_IDS, type SchemaRuleId, type SchemaIssue } from './explain';
export { FORMAT_SCHEMAS, allSchemas, schemaIdFor } from './catalog';
export type { JsonSchema, JsonSchemaOrBool } from './types';

export interface SchemaEdit { span: Span; newText: string }

export interface LocatedIssue extends SchemaIssue {
  span: Span;
  /** Edits for the issue's quick fix, when it has one. */
  edits?: SchemaEdit[];
  fixTitle?: string;
}

/**
 * Validates one document against the schema of its format and kind. Returns null when the document cannot be
 * checked (aliases expand past the budget: `yaml/syntax` and the robustness limits report that), never throws for
 * bad input.
 */
export function validateDocument(root: YNode | null, format: FormatId, kind: string | undefined, opts: { text?: string; budget?: number } = {}): LocatedIssue[] | null {
  if (format === 'openslo-unknown' && root) return apiVersionIssues(root);
  const f = FORMAT_SCHEMAS[format];
  if (!f || !root) return [];
  const id = schemaIdFor(format, kind);
  if (!id) return kindIssues(root, format, kind);
  let value: unknown;
  try {
    value = toValue(root, opts.budget ?? DEFAULT_NODE_BUDGET);
  } catch (e) {
    if (e instanceof ExpansionLimit) return null;
    throw e;
  }
  const nullKeys = new Set<string>();
  dropNullKeys(value, nullKeys);
  const errors = runValidator(id, value);
  if (!errors.length) return [];
  const issues = explain(errors, { rootId: id, value, format: f, nullKeys });
  const out: LocatedIssue[] = [];
  for (const i of issues) {
    const span = locate(root, i.path, i.target, opts.text);
    if (!span) continue;
    out.push({ ...i, span, ...fixFor(root, i, opts.text) });
  }
  return out;
}

/** The document's `kind` is missing or not one its format has. */
function kindIssues(root: YNode, format: FormatId, kind: string | undefined): LocatedIssue[] {
  const f = FORMAT_SCHEMAS[format]!;
  const kinds = Object.keys(f.kinds).filter(k => k !== '');
  const map = asMap(root);
  const kindPair = pairOf(map, 'kind');
  const apiVersion = asScalar(pairOf(map, 'apiVersion')?.value)?.text;
  const family = apiVersion ? `\`apiVersion: ${apiVersion}\`` : f.label;
  if (kind === undefined || !kindPair) {
    const at = pairOf(map, 'apiVersion') ?? map?.pairs[0];
    if (!at) return [];
    return [{
      rule: 'schema/required', message: `missing \`kind\`: ${family} needs one of ${kinds.map(k => `\`${k}\``).join(', ')}`,
      path: [], target: 'container', data: { missing: ['kind'] }, span: { start: at.key.start, end: at.key.end },
    }];
  }
  const suggestion = closest(kind, kinds);
  const value = kindPair.value;
  const span = value.end > value.start ? { start: value.start, end: value.end } : { start: kindPair.key.start, end: kindPair.key.end };
  return [{
    rule: 'schema/enum',
    message: `\`kind: ${kind}\` is not a kind of ${family}; expected one of ${kinds.map(k => `\`${k}\``).join(', ')}${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`,
    path: ['kind'], target: 'value', data: { allowed: kinds, suggestion }, span,
    ...(suggestion && value.end > value.start ? { edits: [{ span, newText: suggestion }], fixTitle: `Change to \`${suggestion}\`` } : {}),
  }];
}

const OPENSLO_VERSIONS = ['openslo/v1alpha', 'openslo/v1', 'openslo.com/v2alpha'];

/**
 * An OpenSLO look-alike version (`openslo.com/v1`, `openslo/v2alpha`): no tool reads it, so nothing else in the
 * document can be checked until it is fixed. The suggestion goes by the version part, which is what people get right.
 */
function apiVersionIssues(root: YNode): LocatedIssue[] {
  const pair = pairOf(asMap(root), 'apiVersion');
  const value = asScalar(pair?.value);
  if (!pair || !value || value.end <= value.start) return [];
  const version = value.text.split('/').pop()?.toLowerCase();
  const suggestion = OPENSLO_VERSIONS.find(v => v.endsWith('/' + version)) ?? closest(value.text, OPENSLO_VERSIONS);
  const span = { start: value.start, end: value.end };
  return [{
    rule: 'schema/enum',
    message: `\`apiVersion: ${value.text}\` is not an OpenSLO version, so no OpenSLO tool reads this document; valid versions are ${OPENSLO_VERSIONS.map(v => `\`${v}\``).join(', ')}${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`,
    path: ['apiVersion'], target: 'value', data: { allowed: OPENSLO_VERSIONS, suggestion }, span,
    ...(suggestion ? { edits: [{ span, newText: suggestion }], fixTitle: `Change to \`${suggestion}\`` } : {}),
  }];
}

/**
 * Removes keys whose value is empty (`key:` or `key: null`), in place (the value is a fresh copy from `toValue`).
 * Every tool SLO Lens mirrors decodes those as "not set" (Go zero values, Python None checks), so an empty optional
 * key is fine and an empty required key is reported as "has no value" — the removed keys are remembered for that.
 */
function dropNullKeys(v: unknown, nullKeys: Set<string>, path: (string | number)[] = []): void {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) { path.push(i); dropNullKeys(v[i], nullKeys, path); path.pop(); }
    return;
  }
  if (v === null || typeof v !== 'object') return;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  for (let i = 0; i < keys.length; i++) { // indexed: see pairOf in yaml/ast.ts
    const k = keys[i];
    path.push(k);
    if (o[k] === null) { nullKeys.add(pointer(path)); delete o[k]; } else dropNullKeys(o[k], nullKeys, path);
    path.pop();
  }
}

function fixFor(root: YNode, issue: SchemaIssue, text?: string): Pick<LocatedIssue, 'edits' | 'fixTitle'> {
  const fix = issue.fix;
  if (!fix) return {};
  if (fix.kind === 'rename-key') {
    const at = locate(root, issue.path, 'key', text);
    return at ? { edits: [{ span: at, newText: fix.to }], fixTitle: `Rename to \`${fix.to}\`` } : {};
  }
  const at = locate(root, issue.path, 'value', text);
  if (!at) return {};
  if (fix.kind === 'replace-value') return { edits: [{ span: at, newText: fix.to }], fixTitle: `Change to \`${fix.to}\`` };
  const scalar = asScalar(nodeAtPath(root, issue.path));
  if (!scalar || scalar.style !== 'plain') return {};
  const quoted = JSON.stringify(scalar.text);
  return { edits: [{ span: { start: scalar.start, end: scalar.end }, newText: quoted }], fixTitle: `Quote as ${quoted}` };
}
