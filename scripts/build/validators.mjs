// esbuild plugin: Ajv standalone validators generated at build time (server/src/engine/schema/prebuilt.ts explains
// why), written next to each bundle as dist/validator.<schema>.js, and the hash that ties them to the bundle defined
// as process.env.SLO_LENS_VALIDATORS_HASH. Used by esbuild.mjs and by the benchmark's build of the same bundles.
import { build, transform } from 'esbuild';
import { mkdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';

/** Runs the generator (TypeScript) once: bundled to a temp file, then required. */
async function generate(root) {
  const dir = mkdtempSync(join(tmpdir(), 'slo-lens-validators-'));
  try {
    const out = join(dir, 'gen.cjs');
    await build({ entryPoints: [join(root, 'server/src/engine/schema/standaloneBuild.ts')], outfile: out, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error', absWorkingDir: root });
    return createRequire(out)(out).standaloneValidators();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function prebuiltValidators() {
  let generated;
  const written = new Map();
  return {
    name: 'slo-lens-prebuilt-validators',
    async setup(b) {
      const opts = b.initialOptions;
      const root = opts.absWorkingDir ?? process.cwd();
      generated ??= generate(root);
      const { hash, files } = await generated;
      opts.define = { ...opts.define, 'process.env.SLO_LENS_VALIDATORS_HASH': JSON.stringify(hash) };
      const outdir = resolve(root, opts.outdir ?? dirname(opts.outfile));
      if (!written.has(outdir)) {
        written.set(outdir, (async () => {
          mkdirSync(outdir, { recursive: true });
          for (const f of files) {
            const code = opts.minify ? (await transform(f.code, { minify: true, loader: 'js', format: 'cjs', legalComments: 'none' })).code : f.code;
            writeFileSync(join(outdir, f.name), code);
          }
        })());
      }
      await written.get(outdir);
    },
  };
}
