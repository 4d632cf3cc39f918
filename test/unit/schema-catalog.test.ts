import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { allSchemas, FORMAT_SCHEMAS, schemaById } from '../../server/src/engine/schema/catalog';
import { compileAllStrict } from '../../server/src/engine/schema/validator';
import { resolveRef } from '../../server/src/engine/schema/resolve';
import { SCHEMA_RULE_IDS, keyChoices } from '../../server/src/engine/schema/explain';
import type { JsonSchema } from '../../server/src/engine/schema/types';

const root = path.join(__dirname, '..', '..');

/** Every subschema with the JSON pointer it sits at and whether it is inside an `if`/`then`/`else`/`not` condition. */
function* walk(s: unknown, at: string, inCondition = false): Generator<{ schema: JsonSchema; at: string; inCondition: boolean }> {
  if (!s || typeof s !== 'object') return;
  if (Array.isArray(s)) { for (let i = 0; i < s.length; i++) yield* walk(s[i], `${at}/${i}`, inCondition); return; }
  yield { schema: s as JsonSchema, at, inCondition };
  for (const [k, v] of Object.entries(s)) {
    if (k === 'enum' || k === 'const' || k === 'enumDescriptions' || k.startsWith('x-')) continue;
    yield* walk(v, `${at}/${k}`, inCondition || k === 'if' || k === 'then' || k === 'else' || k === 'not');
  }
}

test('every file in schemas/ is bundled, and every schema compiles in strict mode against the draft-07 meta-schema', () => {
  const files = readdirSync(path.join(root, 'schemas')).filter(f => f.endsWith('.schema.json')).sort();
  assert.deepEqual(allSchemas().map(s => s.$id).sort(), files);
  for (const f of files) assert.equal(JSON.parse(readFileSync(path.join(root, 'schemas', f), 'utf8')).$id, f, `${f}: $id must be its file name`);
  const times = compileAllStrict();
  assert.equal(times.size, files.length);
});

test('every format and kind maps to a schema that exists', () => {
  for (const [format, f] of Object.entries(FORMAT_SCHEMAS)) {
    for (const [kind, id] of Object.entries(f!.kinds)) assert.ok(schemaById(id) !== undefined, `${format} ${kind || '(no kind)'} → ${id}`);
  }
});

test('every $ref resolves', () => {
  for (const s of allSchemas()) {
    for (const { schema, at } of walk(s, '')) {
      if (schema.$ref) assert.ok(resolveRef(schema.$ref, s.$id!), `${s.$id}#${at}: $ref ${schema.$ref} does not resolve`);
    }
  }
});

// The messages rely on this: a oneOf/anyOf either only chooses between keys (one message: "needs `a` or `b`" /
// "`a` and `b` cannot be used together"), or sits in an `if` condition, whose errors Ajv never reports.
test('oneOf/anyOf are only key choices (or inside if-conditions), so Ajv cascades collapse into one message', () => {
  for (const s of allSchemas()) {
    for (const { schema, at, inCondition } of walk(s, '')) {
      for (const k of ['oneOf', 'anyOf'] as const) {
        if (schema[k] && !inCondition) assert.ok(keyChoices(schema[k]), `${s.$id}#${at}/${k} is not a key choice`);
      }
    }
  }
});

test('every declared property has a description (hover and completion show it)', () => {
  const missing: string[] = [];
  for (const s of allSchemas()) {
    for (const { schema, at, inCondition } of walk(s, '')) {
      if (inCondition || at.includes('/allOf/')) continue;
      for (const [key, prop] of Object.entries(schema.properties ?? {})) {
        if (typeof prop !== 'object') continue;
        let cur: JsonSchema | undefined = prop;
        let base = s.$id!;
        let description = cur.description;
        for (let i = 0; !description && cur?.$ref && i < 8; i++) {
          const r = resolveRef(cur.$ref, base);
          cur = r && typeof r.target === 'object' ? r.target : undefined;
          base = r?.base ?? base;
          description = cur?.description ?? (cur?.allOf as JsonSchema[] | undefined)?.map(m => m.$ref ? (resolveRef(m.$ref, base)?.target as JsonSchema)?.description : m.description).find(Boolean);
        }
        if (!description) missing.push(`${s.$id}#${at}/properties/${key}`);
      }
    }
  }
  assert.deepEqual(missing, []);
});

test('every schema rule id has a docs page', () => {
  for (const id of SCHEMA_RULE_IDS) {
    const page = path.join(root, 'docs', 'rules', `${id}.md`);
    assert.ok(existsSync(page), `missing ${page}`);
    assert.match(readFileSync(page, 'utf8'), new RegExp(`^# ${id.replace('/', '\\/')}\\n`));
  }
});
