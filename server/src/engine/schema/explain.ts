import type { AjvError } from './validator';
import type { FormatSchemas } from './catalog';
import { subschemasById } from './resolve';
import { ANNOTATIONS, dataAt, isObj, isRecord, keyChoices, pointer, toPath, type Path } from './paths';
import { andList, describe, fmt, jsonType, label, list, orList, typeWords, withArticle } from './wording';
import { closest } from './suggest';
import type { JsonSchema, JsonSchemaOrBool } from './types';

/** The rule ids the schema rule reports; each has a page under docs/rules/schema/. */
export const SCHEMA_RULE_IDS = [
  'schema/required', 'schema/unknown-key', 'schema/type', 'schema/enum', 'schema/pattern',
  'schema/range', 'schema/length', 'schema/exclusive', 'schema/not-allowed',
] as const;
export type SchemaRuleId = typeof SCHEMA_RULE_IDS[number];


/**
 * Where a problem is shown: the key of the pair at `path`, the value at `path`, or — for a missing key — the mapping
 * at `path` (its key, or its first key when it is a sequence item or the document).
 */
export type { Path } from './paths';
export { keyChoices, pointer } from './paths';

export type Target = 'key' | 'value' | 'container';

export type SchemaFix =
  | { kind: 'rename-key'; to: string }
  | { kind: 'replace-value'; to: string }
  | { kind: 'quote-value' };

export interface SchemaIssue {
  rule: SchemaRuleId;
  message: string;
  path: Path;
  target: Target;
  /** Only set to lower the rule's default (unknown keys in formats whose tool ignores them). */
  severity?: 'warning';
  fix?: SchemaFix;
  data: Record<string, unknown>;
}

export interface ExplainContext {
  /** `$id` of the schema the document was validated against. */
  rootId: string;
  /** The validated value. */
  value: unknown;
  format: FormatSchemas;
  /** JSON pointers of mapping keys whose value was empty (null); they were removed before validation. */
  nullKeys: ReadonlySet<string>;
  /** `subschemasById(rootId, path)`, memoized for one document (set by `explain`). */
  schemasAt?: (path: Path) => JsonSchema[];
}

/** At most this many problems per document: a file in the wrong format must not produce thousands. */
export const MAX_ISSUES_PER_DOCUMENT = 200;


/**
 * Turns Ajv's errors into problems a person can act on: one per cause, with the place to show it. Ajv reports a
 * failed `oneOf` of key choices as one `required` error per branch plus the `oneOf` itself, and a failed `if` as an
 * extra error; those cascades collapse into a single message here.
 */
export function explain(errors: readonly AjvError[], ctx: ExplainContext): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  const memo = new Map<string, JsonSchema[]>();
  const lookup = (path: Path) => {
    const key = pointer(path);
    let hit = memo.get(key);
    if (!hit) { hit = subschemasById(ctx.rootId, path); memo.set(key, hit); }
    return hit;
  };
  ctx = { ...ctx, schemasAt: lookup };
  const consumed = new Set<string>();
  // Key choices first: they decide which `required` errors are part of a cascade.
  for (const e of errors) {
    if ((e.keyword === 'oneOf' || e.keyword === 'anyOf') && keyChoices(e.schema)) {
      for (let i = 0; i < (e.schema as unknown[]).length; i++) consumed.add(`${e.instancePath}|${e.schemaPath}/${i}/required`);
    }
  }
  for (const e of errors) {
    if (e.keyword === 'required' && consumed.has(`${e.instancePath}|${e.schemaPath}`)) continue;
    const issue = explainOne(e, ctx);
    if (issue) out.push(issue);
    // Merging can only shrink the list; well past the cap, the rest would be cut anyway.
    if (out.length >= 2 * MAX_ISSUES_PER_DOCUMENT) break;
  }
  return finish(out, ctx);
}

function explainOne(e: AjvError, ctx: ExplainContext): SchemaIssue | undefined {
  const path = toPath(e.instancePath, ctx.value);
  if (e.propertyName !== undefined) return badKey(e, path, ctx);
  switch (e.keyword) {
    case 'if': case 'propertyNames': return undefined;
    case 'required': return missing(path, String(e.params.missingProperty), e.parentSchema, ctx);
    case 'dependencies': case 'dependentRequired':
      return missing(path, String(e.params.missingProperty), e.parentSchema, ctx, `\`${String(e.params.property)}\` needs it`);
    case 'additionalProperties': return unknownKey(path, String(e.params.additionalProperty), e.parentSchema, ctx);
    case 'type': return wrongType(path, e, ctx);
    case 'enum': case 'const': return notInEnum(path, e, ctx);
    case 'pattern': case 'format': return badPattern(path, e, ctx);
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum': case 'multipleOf': return outOfRange(path, e);
    case 'minLength': case 'maxLength': case 'minItems': case 'maxItems': case 'minProperties': case 'maxProperties': return badLength(path, e);
    case 'oneOf': case 'anyOf': return choice(path, e, ctx);
    case 'not': return notAllowed(path, e, ctx);
    case 'false schema': return falseSchema(path, e, ctx);
    default:
      return { rule: 'schema/type', message: `${label(path)} ${e.message ?? 'is not valid here'}`, path, target: 'value', data: { keyword: e.keyword } };
  }
}

// ---- individual keywords -------------------------------------------------------------------------------------------

function missing(path: Path, key: string, parent: JsonSchemaOrBool | undefined, ctx: ExplainContext, reason?: string): SchemaIssue {
  const because = reason ?? (isObj(parent) ? parent['x-because'] : undefined);
  const where = noun(path, ctx);
  if (ctx.nullKeys.has(pointer([...path, key]))) {
    return { rule: 'schema/required', message: `\`${key}\` in ${where} has no value; it is required`, path: [...path, key], target: 'key', data: { missing: [key], empty: true } };
  }
  return { rule: 'schema/required', message: `missing \`${key}\` in ${where}${because ? `: ${because}` : ''}`, path, target: 'container', data: { missing: [key], because, where } };
}

function unknownKey(path: Path, key: string, parent: JsonSchemaOrBool | undefined, ctx: ExplainContext): SchemaIssue {
  const schema = isObj(parent) ? parent : {};
  const where = noun(path, ctx);
  const allowed = Object.keys(schema.properties ?? {});
  const renamed = schema['x-renamed']?.[key];
  const present = dataAt(ctx.value, path);
  let message: string;
  let suggestion: string | undefined;
  if (renamed) {
    suggestion = renamed;
    message = `unknown key \`${key}\` in ${where}: that is ${schema['x-renamed-note'] ?? 'an old name'}; write \`${renamed}\``;
  } else {
    suggestion = closest(key, allowed);
    message = suggestion
      ? `unknown key \`${key}\` in ${where}; did you mean \`${suggestion}\`?`
      : `unknown key \`${key}\` in ${where}${allowed.length ? `; expected one of ${list(allowed, 12)}` : ''}`;
  }
  if (ctx.format.unknownKeys === 'warning' && ctx.format.ignoredNote) message += ` (${ctx.format.ignoredNote})`;
  const canRename = suggestion !== undefined && !(isRecord(present) && suggestion in present);
  return {
    rule: 'schema/unknown-key', message, path: [...path, key], target: 'key',
    severity: ctx.format.unknownKeys === 'warning' ? 'warning' : undefined,
    fix: canRename ? { kind: 'rename-key', to: suggestion! } : undefined,
    data: { key, suggestion, allowed, where, renamedNote: renamed ? schema['x-renamed-note'] ?? 'an old name' : undefined },
  };
}

function wrongType(path: Path, e: AjvError, ctx: ExplainContext): SchemaIssue {
  const schema = isObj(e.parentSchema) ? e.parentSchema : {};
  const expected = expectedOf(schema, path, ctx) ?? typeWords(e.params.type as string | string[]);
  const data = e.data;
  const types = ([] as string[]).concat(e.params.type as string | string[]);
  const quotable = types.includes('string') && (typeof data === 'number' || typeof data === 'boolean');
  if (data === null) {
    return { rule: 'schema/type', message: `${label(path)} is empty; expected ${expected}`, path, target: 'value', data: { expected: types } };
  }
  return {
    rule: 'schema/type', message: `${label(path)} must be ${expected}, not ${describe(data)}`, path, target: 'value',
    fix: quotable ? { kind: 'quote-value' } : undefined, data: { expected: types, actual: jsonType(data) },
  };
}

function notInEnum(path: Path, e: AjvError, ctx: ExplainContext): SchemaIssue {
  const allowed = e.keyword === 'const' ? [e.params.allowedValue] : (e.params.allowedValues as unknown[]);
  const shown = typeof e.data === 'string' || typeof e.data === 'number' || typeof e.data === 'boolean' ? e.data : undefined;
  const suggestion = typeof shown === 'string' ? closest(shown, allowed.filter((a): a is string => typeof a === 'string')) : undefined;
  const head = shown !== undefined && typeof path[path.length - 1] === 'string' ? `\`${String(path[path.length - 1])}: ${fmt(shown)}\`` : label(path);
  const message = allowed.length === 1
    ? `${head} must be \`${fmt(allowed[0])}\``
    : `${head} is not one of ${list(allowed.map(fmt), 12)}${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`;
  const to = allowed.length === 1 && typeof allowed[0] === 'string' ? allowed[0] : suggestion;
  void ctx;
  return { rule: 'schema/enum', message, path, target: 'value', fix: to !== undefined ? { kind: 'replace-value', to } : undefined, data: { allowed, suggestion } };
}

function badPattern(path: Path, e: AjvError, ctx: ExplainContext): SchemaIssue {
  const schema = isObj(e.parentSchema) ? e.parentSchema : {};
  const expected = expectedOf(schema, path, ctx) ?? `a value matching \`${String(e.params.pattern ?? e.params.format)}\``;
  const head = typeof path[path.length - 1] === 'string' && typeof e.data !== 'object' ? `\`${String(path[path.length - 1])}: ${fmt(e.data)}\`` : label(path);
  return { rule: 'schema/pattern', message: `${head} is not valid: expected ${expected}`, path, target: 'value', data: { pattern: e.params.pattern } };
}

function badKey(e: AjvError, path: Path, ctx: ExplainContext): SchemaIssue | undefined {
  if (e.keyword === 'propertyNames') return undefined;
  const key = String(e.propertyName);
  const schema = isObj(e.parentSchema) ? e.parentSchema : {};
  const names = at(ctx, path).map(s => s.propertyNames).find(isObj);
  const expected = schema['x-expected'] ?? names?.['x-expected'] ?? 'a different key';
  const parent = path[path.length - 1];
  const what = typeof parent === 'string' ? `key \`${key}\` in \`${parent}\`` : `key \`${key}\``;
  return { rule: 'schema/pattern', message: `${what} is not valid: expected ${expected}`, path: [...path, key], target: 'key', data: { key } };
}

function outOfRange(path: Path, e: AjvError): SchemaIssue {
  const limit = e.params.limit as number;
  const words: Record<string, string> = {
    minimum: `at least ${limit}`, maximum: `at most ${limit}`, exclusiveMinimum: `greater than ${limit}`,
    exclusiveMaximum: `less than ${limit}`, multipleOf: `a multiple of ${String(e.params.multipleOf)}`,
  };
  const key = path[path.length - 1];
  const head = typeof key === 'string' ? `\`${key}: ${fmt(e.data)}\`` : label(path);
  const expected = isObj(e.parentSchema) ? e.parentSchema['x-expected'] : undefined;
  const message = expected ? `${head} is out of range: expected ${expected}` : `${head} must be ${words[e.keyword]}`;
  return { rule: 'schema/range', message, path, target: 'value', data: { keyword: e.keyword, limit } };
}

function badLength(path: Path, e: AjvError): SchemaIssue {
  const limit = e.params.limit as number;
  const schema = isObj(e.parentSchema) ? e.parentSchema : {};
  const data = e.data;
  if (e.keyword === 'minLength' || e.keyword === 'maxLength') {
    const len = typeof data === 'string' ? [...data].length : 0;
    const message = e.keyword === 'minLength' && limit === 1
      ? `${label(path)} must not be empty`
      : `${label(path)} is ${len} characters long; ${e.keyword === 'minLength' ? 'at least' : 'at most'} ${limit} allowed`;
    return { rule: 'schema/length', message, path, target: 'value', data: { keyword: e.keyword, limit, actual: len } };
  }
  if (e.keyword === 'minProperties' || e.keyword === 'maxProperties') {
    const n = isRecord(data) ? Object.keys(data).length : 0;
    const message = e.keyword === 'minProperties' && limit === 1 ? `${label(path)} must not be empty`
      : `${label(path)} has ${n} keys; ${e.keyword === 'minProperties' ? 'at least' : 'at most'} ${limit} allowed`;
    return { rule: 'schema/length', message, path, target: 'key', data: { keyword: e.keyword, limit, actual: n } };
  }
  const n = Array.isArray(data) ? data.length : 0;
  const exact = schema.minItems !== undefined && schema.minItems === schema.maxItems;
  const items = (k: number) => `${k} item${k === 1 ? '' : 's'}`;
  const rule = exact ? `exactly ${items(limit)}` : e.keyword === 'minItems' ? `at least ${items(limit)}` : `at most ${items(limit)}`;
  if (e.keyword === 'maxItems') {
    // The first item past the limit is the one to remove.
    return { rule: 'schema/length', message: `${label(path)} takes ${rule}, found ${n}; remove this one${n - limit > 1 ? ` and the ones after it` : ''}`, path: [...path, limit], target: 'value', data: { keyword: e.keyword, limit, actual: n } };
  }
  return { rule: 'schema/length', message: `${label(path)} needs ${rule}, found ${n}`, path, target: 'key', data: { keyword: e.keyword, limit, actual: n } };
}

/** `oneOf`/`anyOf` whose branches only require keys: "needs one of `a` or `b`" / "`a` and `b` cannot both be set". */
function choice(path: Path, e: AjvError, ctx: ExplainContext): SchemaIssue | undefined {
  const choices = keyChoices(e.schema);
  const where = noun(path, ctx);
  if (!choices) {
    return { rule: 'schema/type', message: `${label(path)} does not match any of the forms allowed in ${where}`, path, target: 'container', data: { keyword: e.keyword } };
  }
  // `required` passes on non-mappings, so a list or scalar "matches" every branch; the type error says what is wrong.
  if (!isRecord(e.data)) return undefined;
  const data = e.data;
  const present = choices.filter(c => c.every(k => k in data));
  if (present.length > 1) return exclusive(path, present.flat(), data, where);
  const options = choices.map(c => c.map(k => `\`${k}\``).join(' + '));
  return { rule: 'schema/required', message: `${where} needs ${options.length > 2 ? 'one of ' : ''}${orList(options)}`, path, target: 'container', data: { oneOf: choices } };
}

function exclusive(path: Path, keys: string[], data: Record<string, unknown>, where: string): SchemaIssue {
  const ordered = Object.keys(data).filter(k => keys.includes(k));
  const second = ordered[1] ?? ordered[0] ?? keys[keys.length - 1];
  return {
    rule: 'schema/exclusive', message: `${andList(ordered.map(k => `\`${k}\``))} cannot be used together in ${where}; keep one`,
    path: [...path, second], target: 'key', data: { keys: ordered },
  };
}

function notAllowed(path: Path, e: AjvError, ctx: ExplainContext): SchemaIssue {
  const inner = e.schema as JsonSchemaOrBool;
  const data = isRecord(e.data) ? e.data : {};
  if (isObj(inner) && inner.required && Object.keys(inner).every(k => k === 'required' || ANNOTATIONS.has(k))) {
    return exclusive(path, inner.required, data, noun(path, ctx));
  }
  const parent = isObj(e.parentSchema) ? e.parentSchema : {};
  const message = parent['x-message']?.replace(/\{key\}/g, String(path[path.length - 1] ?? '')) ?? `${label(path)} has a combination of keys that is not allowed in ${noun(path, ctx)}`;
  return { rule: 'schema/not-allowed', message, path, target: 'container', data: {} };
}

function falseSchema(path: Path, e: AjvError, ctx: ExplainContext): SchemaIssue {
  const key = String(path[path.length - 1] ?? '');
  // The message sits on the subschema that forbids the key (`then: {properties: {for: false}}`). Ajv's schemaPath is
  // relative to whichever `$ref` target was compiled on its own, so find the holder among the subschemas instead.
  const template = at(ctx, path.slice(0, -1)).find(s => s.properties?.[key] === false && s['x-message'])?.['x-message'];
  const message = template?.replace(/\{key\}/g, key) ?? `\`${key}\` is not allowed in ${noun(path.slice(0, -1), ctx)}`;
  return { rule: 'schema/not-allowed', message, path, target: 'key', data: { key } };
}

// ---- after the fact ------------------------------------------------------------------------------------------------

/**
 * Merges what belongs together: a missing required key that an unknown key nearby is a misspelling of becomes one
 * finding on the misspelled key; several missing keys of one mapping become one finding; duplicates go.
 */
function finish(issues: SchemaIssue[], ctx: ExplainContext): SchemaIssue[] {
  const where = new Map(issues.map(i => [i, pointer(i.path)]));
  const parentOf = (i: SchemaIssue) => pointer(i.path.slice(0, -1));
  const typos = new Map<string, SchemaIssue>();
  for (const i of issues) if (i.rule === 'schema/unknown-key' && typeof i.data.suggestion === 'string') typos.set(`${parentOf(i)}|${i.data.suggestion}`, i);
  // Where two alternatives are both present, what the second would additionally need is beside the point.
  const conflicted = new Set(issues.filter(i => i.rule === 'schema/exclusive').map(parentOf));
  const kept: SchemaIssue[] = [];
  const seen = new Set<string>();
  const requiredAt = new Map<string, SchemaIssue>();
  for (const i of issues) {
    const ptr = where.get(i)!;
    if (i.rule === 'schema/required' && i.target === 'container' && conflicted.has(ptr)) continue;
    if (i.rule === 'schema/required' && i.target === 'container' && Array.isArray(i.data.missing)) {
      const key = String(i.data.missing[0]);
      const typo = typos.get(`${ptr}|${key}`);
      if (typo) {
        // One finding for one slip; and an error even where unknown keys are ignored, since the tool fails on the
        // missing key.
        typo.message = typo.data.renamedNote
          ? `unknown key \`${String(typo.data.key)}\` in ${String(typo.data.where)}: that is ${String(typo.data.renamedNote)}; write \`${key}\` (required)`
          : `unknown key \`${String(typo.data.key)}\` in ${String(typo.data.where)}; did you mean \`${key}\`? \`${key}\` is required and missing`;
        typo.severity = undefined;
        continue;
      }
      const same = requiredAt.get(`${ptr}|${String(i.data.because)}`);
      if (same) {
        const all = [...(same.data.missing as string[]), key];
        same.data.missing = all;
        same.message = `missing ${andList(all.map(k => `\`${k}\``))} in ${String(same.data.where)}${same.data.because ? `: ${String(same.data.because)}` : ''}`;
        continue;
      }
      requiredAt.set(`${ptr}|${String(i.data.because)}`, i);
    }
    const dedupe = `${i.rule}|${ptr}|${i.message}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    kept.push(i);
  }
  void ctx;
  return kept.slice(0, MAX_ISSUES_PER_DOCUMENT);
}

function at(ctx: ExplainContext, path: Path): JsonSchema[] {
  return ctx.schemasAt ? ctx.schemasAt(path) : subschemasById(ctx.rootId, path);
}

// ---- words ---------------------------------------------------------------------------------------------------------

/** The noun for the mapping at `path`, from the schema's `title` (or `x-title-by-key`): "an alerting rule". */
function noun(path: Path, ctx: ExplainContext): string {
  const data = dataAt(ctx.value, path);
  const candidates = at(ctx, path);
  if (isRecord(data)) {
    for (const s of candidates) {
      // Only when the object says what it is: a rule with both `alert` and `record` is just "a rule".
      const hits = Object.entries(s['x-title-by-key'] ?? {}).filter(([k]) => k in data);
      if (hits.length === 1) return hits[0][1];
    }
  }
  const title = candidates.find(s => s.title)?.title;
  if (title) return withArticle(title);
  const last = path[path.length - 1];
  if (last === undefined) return 'the document';
  return typeof last === 'number' ? `item ${last + 1} of \`${String(path[path.length - 2] ?? '')}\`` : `\`${last}\``;
}

function expectedOf(schema: JsonSchema, path: Path, ctx: ExplainContext): string | undefined {
  return schema['x-expected'] ?? at(ctx, path).find(s => s['x-expected'])?.['x-expected'];
}

