import { createHash } from 'node:crypto';
import standaloneCode from 'ajv/dist/standalone';
import { allSchemas } from './catalog';
import { instance } from './validator';
import { prebuiltFileName } from './prebuilt';

/**
 * Build step (not bundled into the product): Ajv standalone code for every schema, compiled with the same options as
 * at run time, as self-contained CommonJS files for prebuilt.ts. The one runtime helper the code requires (Ajv's
 * `ucs2length`, for `minLength`/`maxLength`) is inlined so the files load without node_modules (the .vsix has none).
 */
export function standaloneValidators(): { hash: string; files: { name: string; code: string }[] } {
  const ajv = instance(false, true);
  const raw = allSchemas().map(s => {
    const v = ajv.getSchema(s.$id!);
    if (!v) throw new Error(`schema ${s.$id} did not compile`);
    return { name: prebuiltFileName(s.$id!), code: standaloneCode(ajv, v).replace(/require\("ajv\/dist\/runtime\/ucs2length"\)\.default/g, UCS2LENGTH) };
  });
  for (const f of raw) if (/\brequire\(/.test(f.code)) throw new Error(`${f.name}: standalone code still requires a module: ${/require\([^)]*\)/.exec(f.code)?.[0]}`);
  const hash = createHash('sha256').update(raw.map(f => f.code).join('\0')).digest('hex').slice(0, 16);
  return { hash, files: raw.map(f => ({ name: f.name, code: `${f.code}\nmodule.exports = { validate: module.exports, hash: ${JSON.stringify(hash)} };\n` })) };
}

/** Ajv's runtime/ucs2length (length in Unicode code points), inlined. */
const UCS2LENGTH = `(function ucs2length(str) { const len = str.length; let length = 0; let pos = 0; let value;
  while (pos < len) { length++; value = str.charCodeAt(pos++); if (value >= 0xd800 && value <= 0xdbff && pos < len) { value = str.charCodeAt(pos); if ((value & 0xfc00) === 0xdc00) pos++; } }
  return length; })`;
