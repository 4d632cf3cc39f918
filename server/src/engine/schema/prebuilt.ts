import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { ValidateFunction } from 'ajv';

/**
 * Validators generated at build time (Ajv standalone code, scripts/build/validators.mjs): one file per schema next to
 * the bundle, `dist/validator.<schema>.js`, loaded only when a document of that format is validated. Compiling the
 * Prometheus rules schema at run time cost ≈ 30 ms of a cold `slo-lens check` (creating Ajv, registering 25 schemas,
 * generating and compiling the code); loading its prebuilt file costs ≈ 1 ms, and Ajv itself is not loaded.
 *
 * The build defines SLO_LENS_VALIDATORS_HASH, a hash of the generated code, which each file also exports: a file
 * from another build is ignored. From the sources (tests, tsx) nothing is defined and the schema is compiled at run
 * time by the same Ajv options, so both paths validate alike (test/unit/schema-prebuilt.test.ts compares them).
 */
export function prebuiltValidator(id: string): ValidateFunction | undefined {
  const hash = process.env.SLO_LENS_VALIDATORS_HASH;
  if (!hash) return undefined;
  try {
    // createRequire keeps the bundler from trying to resolve a path that only exists next to the bundle.
    const m = createRequire(__filename)(path.join(__dirname, prebuiltFileName(id))) as { hash?: string; validate?: ValidateFunction };
    return m.hash === hash && typeof m.validate === 'function' ? m.validate : undefined;
  } catch {
    return undefined;
  }
}

/** `prometheus-rules.schema.json` → `validator.prometheus-rules.js`. */
export function prebuiltFileName(id: string): string {
  return `validator.${id.replace(/\.schema\.json$/, '').replace(/[^A-Za-z0-9._-]/g, '_')}.js`;
}
