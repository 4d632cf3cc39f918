import type { FormatId } from '../formats/detect';
import type { ScalarValue } from '../yaml/ast';
import { subschemaAt, type JsonSchema } from '../schema';
import type { PathSeg } from './cursor';

/**
 * What the format's JSON Schema says at a YAML path, in the terms an editor needs: the keys a mapping may have, the
 * values a key takes, how its value is written, and its documentation. `subschemaAt` (engine/schema) has already
 * resolved `$ref`s and flattened unions, so every function here works on a list of candidate subschemas.
 */

export interface PropertyInfo {
  name: string;
  description?: string;
  required: boolean;
  /** The property's own candidate subschemas. */
  schemas: JsonSchema[];
}

export function schemasAt(format: FormatId, kind: string | undefined, path: readonly PathSeg[]): JsonSchema[] {
  return subschemaAt(format, kind, path);
}

/**
 * Keys a mapping at `path` may have, given the keys it already has (`present`): the union over every candidate
 * shape that fits them. Conditions written with `required` are decided from the present keys, so an alerting rule is
 * not offered `record` (`oneOf: [{required: [alert]}, {required: [record]}]`) and a recording rule is not offered
 * `for` (`if: {required: [record]}, then: {properties: {for: false}}`). Required in any candidate counts as required.
 */
export function propertiesAt(format: FormatId, kind: string | undefined, path: readonly PathSeg[], present: ReadonlySet<string> = new Set()): PropertyInfo[] {
  const parents = applicable(schemasAt(format, kind, path), present);
  const names = new Set<string>();
  const forbidden = new Set<string>();
  for (const p of parents) {
    for (const [name, sub] of Object.entries(p.properties ?? {})) (sub === false ? forbidden : names).add(name);
  }
  for (const name of exclusiveAlternatives(parents, present)) forbidden.add(name);
  const out: PropertyInfo[] = [];
  for (const name of names) {
    if (forbidden.has(name)) continue;
    const schemas = schemasAt(format, kind, [...path, name]);
    out.push({ name, description: describe(schemas), required: parents.some(p => p.required?.includes(name)), schemas });
  }
  return out;
}

/** Whether a condition written only with `required` (and `not: {required}`) holds for the present keys; undefined when it says more. */
function holds(cond: unknown, present: ReadonlySet<string>): boolean | undefined {
  if (!cond || typeof cond !== 'object') return undefined;
  const c = cond as JsonSchema;
  let ok = (c.required ?? []).every(k => present.has(k));
  // A condition is a conjunction of its keywords: a required key that is absent fails it whatever else it says (an
  // empty OpenSLO spec does not meet `if: {required: [objectives], properties: …}`, so `indicatorRef` stays offered).
  if (!ok) return false;
  const known = new Set(['required', 'not']);
  if (Object.keys(c).some(k => !known.has(k))) return undefined;
  if (c.not !== undefined) {
    const inner = holds(c.not, present);
    if (inner === undefined) return undefined;
    ok = ok && !inner;
  }
  return ok;
}

/** Drops the `then`/`else` branch whose `if` (decidable from the present keys) does not hold. */
function applicable(list: JsonSchema[], present: ReadonlySet<string>): JsonSchema[] {
  const drop = new Set<unknown>();
  for (const p of list) {
    if (p.if === undefined) continue;
    const h = holds(p.if, present);
    if (h === true && p.else !== undefined) drop.add(p.else);
    if (h === false && p.then !== undefined) drop.add(p.then);
  }
  return list.filter(p => !drop.has(p));
}

/** `oneOf` between branches that only require keys: once one branch's keys are present, the others' are not offered. */
function exclusiveAlternatives(list: JsonSchema[], present: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const p of list) {
    const branches = (p.oneOf ?? []).filter((b): b is JsonSchema => typeof b === 'object');
    if (branches.length < 2 || !branches.every(b => Object.keys(b).every(k => k === 'required'))) continue;
    const chosen = branches.filter(b => (b.required ?? []).length && (b.required ?? []).every(k => present.has(k)));
    if (chosen.length !== 1) continue;
    for (const b of branches) if (b !== chosen[0]) for (const k of b.required ?? []) if (!present.has(k)) out.push(k);
  }
  return out;
}

export function describe(schemas: JsonSchema[]): string | undefined {
  for (const s of schemas) if (s.description) return s.description;
  for (const s of schemas) if (s.title) return s.title;
  return undefined;
}

export interface EnumValue { value: ScalarValue; description?: string }

/** Scalar values the schemas allow by enumeration (`enum` with `enumDescriptions`, `const`, booleans). */
export function enumValues(schemas: JsonSchema[]): EnumValue[] {
  const out = new Map<string, EnumValue>();
  const add = (v: unknown, description?: string) => {
    if (v !== null && typeof v === 'object') return;
    const value = v as ScalarValue;
    const k = JSON.stringify(value);
    if (!out.has(k)) out.set(k, { value, description });
  };
  for (const s of schemas) {
    if (Array.isArray(s.enum)) s.enum.forEach((v, i) => add(v, s.enumDescriptions?.[i]));
    if (s.const !== undefined) add(s.const, s.description);
    // `true`/`false` only where a value is a boolean, not where any scalar goes (annotation values).
    const types = typesOf(s).filter(t => t !== 'null');
    if (types.length === 1 && types[0] === 'boolean') { add(true); add(false); }
  }
  return [...out.values()];
}

export function typesOf(s: JsonSchema): string[] {
  return Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
}

/** How a key's value is written: a nested mapping, a list, or a scalar on the same line. */
export function valueShape(schemas: JsonSchema[]): 'object' | 'array' | 'scalar' {
  let obj = false, arr = false, scalar = false;
  for (const s of schemas) {
    const types = typesOf(s);
    if (types.includes('object') || (!types.length && (s.properties || s.patternProperties || typeof s.additionalProperties === 'object'))) obj = true;
    if (types.includes('array') || (!types.length && s.items)) arr = true;
    if (types.some(t => t === 'string' || t === 'number' || t === 'integer' || t === 'boolean') || s.enum || s.const !== undefined) scalar = true;
  }
  if (scalar && !obj && !arr) return 'scalar';
  if (arr && !obj) return 'array';
  if (obj) return 'object';
  return 'scalar';
}

/** Whether the candidates describe a mapping with known keys (a sequence item then offers keys, not values). */
export function hasProperties(schemas: JsonSchema[]): boolean {
  return schemas.some(s => s.properties && Object.keys(s.properties).length > 0);
}

/**
 * Hover text for a key from the format's schema: its description, whether it is required, its type, the values it
 * takes (the one under the cursor in bold, with its own description) and its default.
 */
export function keyDocumentation(format: FormatId, kind: string | undefined, path: readonly PathSeg[], value?: ScalarValue): string | null {
  if (!path.length) return null;
  const here = schemasAt(format, kind, path);
  if (!here.length) return null;
  const parent = schemasAt(format, kind, path.slice(0, -1));
  const last = path[path.length - 1];
  const name = typeof last === 'number' ? `item ${last + 1}` : last;
  const description = describe(here);
  const required = typeof last === 'string' && parent.some(p => p.required?.includes(last));
  const shape = valueShape(here);
  const types = new Set<string>();
  for (const s of here) for (const t of typesOf(s)) types.add(t);
  const typeText = shape === 'object' ? 'mapping' : shape === 'array' ? 'list' : [...types].join(' | ');
  const lines = [`**${name}**${typeText ? ` (${typeText})` : ''}${required ? ' · required' : ''}`];
  if (description) lines.push('', description);
  const values = enumValues(here).filter(v => typeof v.value !== 'boolean');
  if (values.length && values.length <= 20) {
    const mine = values.find(v => value !== undefined && String(v.value) === String(value));
    lines.push('', 'Values: ' + values.map(v => v === mine ? `**\`${v.value}\`**` : `\`${v.value}\``).join(', '));
    if (mine?.description) lines.push('', `\`${mine.value}\`: ${mine.description}`);
  }
  const dflt = here.find(s => (s as { default?: unknown }).default !== undefined) as { default?: unknown } | undefined;
  if (dflt && (typeof dflt.default !== 'object' || dflt.default === null)) lines.push('', `Default: \`${String(dflt.default)}\``);
  if (!description && lines.length === 1) return null;
  return lines.join('\n');
}
