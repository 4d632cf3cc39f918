import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { allSchemas } from './catalog';
import { ANNOTATION_KEYWORDS } from './types';
import { prebuiltValidator } from './prebuilt';

export type AjvError = ErrorObject;

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

/**
 * One Ajv instance for the process. Every schema file is registered up front (cheap: no code is generated), and each
 * is compiled the first time a document of its format is validated, then reused. `allErrors` so one pass reports
 * every problem; `verbose` so errors carry the failing subschema and data that the messages are built from.
 * Meta-schema validation is left to the unit tests (`compileAllStrict`), so start-up does not pay for it.
 *
 * Start-up cost, measured on the shared 2-core machine: creating the instance ~15–50 ms; compiling one format's
 * schema on first use ~10–60 ms (all 25 ≈ 0.7 s under load). Ajv's code optimizer doubled compile time without
 * changing validation speed (0.17 ms for a 13k-line rules file either way), so it is off. The bundles do not compile
 * at all: they load the validator generated at build time for the one format asked for (prebuilt.ts, one file per
 * schema, so no bundle grows); this instance serves the sources (tests) and a bundle whose files are missing.
 */
export function instance(validateSchema = false, source = false): Ajv {
  // Required here, not imported: a bundle with prebuilt validators (prebuilt.ts) never loads Ajv on the check path.
  const AjvClass = (require('ajv') as typeof import('ajv')).default;
  const a = new AjvClass({
    allErrors: true,
    verbose: true,
    strict: true,
    // `required` inside oneOf branches lists keys declared at the parent; union types are deliberate.
    strictRequired: false,
    strictTypes: false,
    allowUnionTypes: true,
    validateSchema,
    inlineRefs: true,
    code: { optimize: false, source },
  });
  a.addVocabulary([...ANNOTATION_KEYWORDS]);
  for (const s of allSchemas()) a.addSchema(s);
  return a;
}

/** The compiled validator for a schema `$id`, compiled on first use. */
export function validatorFor(id: string): ValidateFunction | undefined {
  let v = compiled.get(id);
  if (v) return v;
  v = prebuiltValidator(id);
  if (!v) {
    ajv ??= instance();
    v = ajv.getSchema(id);
  }
  if (v) compiled.set(id, v);
  return v;
}

/** Validates a plain value; returns Ajv's raw errors (empty when valid). */
export function runValidator(id: string, value: unknown): AjvError[] {
  const v = validatorFor(id);
  if (!v) return [];
  return v(value) ? [] : [...(v.errors ?? [])];
}

/**
 * For tests and the benchmark: a fresh instance that checks every schema against the draft-07 meta-schema and
 * compiles all of them in strict mode. Returns the compile time per schema in milliseconds.
 */
export function compileAllStrict(): Map<string, number> {
  const a = instance(true);
  const times = new Map<string, number>();
  for (const s of allSchemas()) {
    const t = performance.now();
    if (!a.getSchema(s.$id!)) throw new Error(`schema ${s.$id} did not compile`);
    times.set(s.$id!, performance.now() - t);
  }
  return times;
}
