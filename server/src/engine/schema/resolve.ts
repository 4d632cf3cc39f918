import type { FormatId } from '../formats/detect';
import { FORMAT_SCHEMAS, schemaById, schemaIdFor } from './catalog';
import type { JsonSchema, JsonSchemaOrBool } from './types';

/** A subschema together with the schema file it sits in, so that its relative `$ref`s resolve. */
export interface Located { schema: JsonSchema; base: string }

/** The value at a JSON pointer (`/definitions/x`) inside a schema, or undefined. */
export function atPointer(root: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return root;
  let cur: unknown = root;
  for (const raw of pointer.replace(/^\//, '').split('/')) {
    const seg = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

/** Resolves `file.json#/pointer` or `#/pointer` (relative to `base`) to the schema there. */
export function resolveRef(ref: string, base: string): { target: JsonSchemaOrBool; base: string } | undefined {
  const hash = ref.indexOf('#');
  const file = hash < 0 ? ref : ref.slice(0, hash);
  const pointer = hash < 0 ? '' : ref.slice(hash + 1);
  const id = file === '' ? base : file;
  const doc = schemaById(id);
  if (!doc) return undefined;
  const target = atPointer(doc, pointer);
  if (typeof target === 'boolean') return { target, base: id };
  if (!target || typeof target !== 'object') return undefined;
  return { target: target as JsonSchema, base: id };
}

/** Follows `$ref` chains (bounded) and returns the schema that has content. */
function deref(s: Located, depth = 0): Located[] {
  if (depth > 16) return [];
  if (!s.schema.$ref) return [s];
  const r = resolveRef(s.schema.$ref, s.base);
  if (!r || typeof r.target === 'boolean') return [];
  // A `$ref` with siblings (`description` next to it) keeps the siblings: they describe this use of the target.
  const siblings = Object.keys(s.schema).some(k => k !== '$ref');
  return [...(siblings ? [{ schema: { ...s.schema, $ref: undefined }, base: s.base }] : []), ...deref({ schema: r.target, base: r.base }, depth + 1)];
}

/**
 * Everything that applies at one place: the schema itself, its `$ref` target, and the members of `allOf`, `anyOf`,
 * `oneOf` and the `then`/`else` branches of `if` (completion offers the union; hover reads the first description).
 */
export function expand(s: Located, out: Located[] = [], depth = 0): Located[] {
  if (depth > 32) return out;
  for (const d of deref(s)) {
    if (out.some(o => o.schema === d.schema)) continue;
    out.push(d);
    const members = [...(d.schema.allOf ?? []), ...(d.schema.anyOf ?? []), ...(d.schema.oneOf ?? []),
      ...(d.schema.if !== undefined ? [d.schema.then, d.schema.else] : [])];
    for (const m of members) if (m && typeof m === 'object') expand({ schema: m, base: d.base }, out, depth + 1);
  }
  return out;
}

function child(s: JsonSchema, seg: string | number): JsonSchemaOrBool[] {
  const out: JsonSchemaOrBool[] = [];
  if (typeof seg === 'number') {
    if (Array.isArray(s.items)) out.push(s.items[seg] ?? s.additionalItems ?? true);
    else if (s.items !== undefined) out.push(s.items);
    return out;
  }
  const prop = s.properties?.[seg];
  if (prop !== undefined) return [prop];
  for (const [re, sub] of Object.entries(s.patternProperties ?? {})) if (new RegExp(re, 'u').test(seg)) out.push(sub);
  if (!out.length && s.additionalProperties !== undefined && typeof s.additionalProperties === 'object') out.push(s.additionalProperties);
  return out;
}

/** Envelope for a kinded format whose `kind` is missing or unknown: enough for completing `kind:`. */
function envelope(format: FormatId): JsonSchema | undefined {
  const f = FORMAT_SCHEMAS[format];
  if (!f) return undefined;
  const kinds = Object.keys(f.kinds).filter(k => k !== '');
  if (!kinds.length) return undefined;
  return { title: f.label, type: 'object', properties: { kind: { type: 'string', enum: kinds, description: `The ${f.label} object kind.` } } };
}

/**
 * The raw schema for a format and kind (as in `schemas/`), or, when the kind is missing or not one the format has,
 * a small envelope schema whose `kind` property lists the valid kinds. Undefined for formats without a schema.
 */
export function schemaFor(format: FormatId, kind?: string): JsonSchema | undefined {
  const id = schemaIdFor(format, kind);
  if (id) return schemaById(id);
  return envelope(format);
}

/**
 * The candidate subschemas that apply to the value at `path` (keys and sequence indexes) in a document of this
 * format and kind: `$ref`s resolved, `allOf`/`anyOf`/`oneOf`/`if`-`then`-`else` members flattened, `properties`,
 * `patternProperties`, `additionalProperties` and `items` followed. Empty when nothing is known about the place
 * (e.g. inside a free-form `connectionDetails`). Boolean schemas are dropped.
 */
export function subschemaAt(format: FormatId, kind: string | undefined, path: readonly (string | number)[]): JsonSchema[] {
  const id = schemaIdFor(format, kind);
  if (id) return subschemasById(id, path);
  const env = envelope(format);
  return env ? walk([{ schema: env, base: '' }], path) : [];
}

/** `subschemaAt` for a schema `$id` (the validator's view of a document). */
export function subschemasById(id: string, path: readonly (string | number)[]): JsonSchema[] {
  const root = schemaById(id);
  return root ? walk([{ schema: root, base: id }], path) : [];
}

function walk(start: Located[], path: readonly (string | number)[]): JsonSchema[] {
  let current: Located[] = [];
  for (const s of start) expand(s, current);
  for (const seg of path) {
    const next: Located[] = [];
    for (const c of current) {
      for (const sub of child(c.schema, seg)) if (typeof sub === 'object') expand({ schema: sub, base: c.base }, next);
    }
    if (!next.length) return [];
    current = next;
  }
  return current.map(c => c.schema);
}
