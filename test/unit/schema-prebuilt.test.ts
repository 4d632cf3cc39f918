import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { standaloneValidators } from '../../server/src/engine/schema/standaloneBuild';
import { instance } from '../../server/src/engine/schema/validator';
import { prebuiltFileName } from '../../server/src/engine/schema/prebuilt';
import { allSchemas, schemaIdFor } from '../../server/src/engine/schema/catalog';
import { collectFiles, readText } from '../../server/src/engine/files';
import { loadSource } from '../../server/src/engine/source';
import { toValue, ExpansionLimit } from '../../server/src/engine/yaml/value';
import { CORPUS_DIR } from '../harness/corpus';

const root = path.join(__dirname, '..', '..');

/** Every leaf of a different type, in turn: strings become numbers, numbers strings, booleans null… (errors galore). */
function mutate(v: unknown, n = { i: 0 }): unknown {
  if (Array.isArray(v)) return v.map(x => mutate(x, n));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [n.i++ % 7 === 3 ? `${k}_` : k, mutate(x, n)]));
  if (n.i++ % 3 !== 0) return v;
  return typeof v === 'string' ? 5 : typeof v === 'number' ? String(v) : typeof v === 'boolean' ? null : 'x';
}

test('validators generated at build time give the same errors as the schemas compiled at run time', () => {
  const { hash, files } = standaloneValidators();
  assert.equal(files.length, allSchemas().length);
  const dir = mkdtempSync(path.join(tmpdir(), 'slo-lens-prebuilt-'));
  try {
    const prebuilt = new Map<string, ValidateFunction>();
    for (const f of files) writeFileSync(path.join(dir, f.name), f.code);
    for (const s of allSchemas()) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const m = require(path.join(dir, prebuiltFileName(s.$id!))) as { hash: string; validate: ValidateFunction };
      assert.equal(m.hash, hash);
      prebuilt.set(s.$id!, m.validate);
    }
    const ajv = instance();
    let docs = 0, withErrors = 0;
    const inputs = collectFiles(['examples', 'test/fixtures'].map(p => path.join(root, p)).concat(CORPUS_DIR), 5_000);
    for (const file of inputs) {
      if (!/\.ya?ml$/.test(file)) continue;
      const source = loadSource('file://' + file, file, readText(file), 0);
      for (const { doc, detected } of source.docs) {
        const id = detected && schemaIdFor(detected.format, detected.kind);
        if (!id) continue;
        let value: unknown;
        try { value = toValue(doc.root); } catch (e) { if (e instanceof ExpansionLimit) continue; throw e; }
        for (const v of [value, mutate(value)]) {
          const runtime: ValidateFunction = ajv.getSchema(id)!;
          const generated: ValidateFunction = prebuilt.get(id)!;
          const a: boolean = runtime(v), b: boolean = generated(v);
          assert.equal(b, a, `${file}: ${id}`);
          assert.deepEqual(generated.errors ?? null, runtime.errors ?? null, `${file}: ${id}`);
          docs++;
          if (!a) withErrors++;
        }
      }
    }
    // The comparison covered real documents, valid and not.
    assert.ok(docs > 200 && withErrors > 100, `${docs} documents, ${withErrors} with errors`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
