// esbuild plugin for the CLI bundle: what the CLI loads only sometimes — the lezer PromQL grammar (used when the fast
// PromQL check is unsure), js-yaml (used when the fast YAML reader is unsure, and to decode some scalars), Ajv (used
// only if a schema has no prebuilt validator) and the JSON Schemas (read to explain a schema problem) — goes into one
// separate file, dist/cli-vendor.js, which the CLI requires when it first needs something from it. A cold
// `slo-lens check` then compiles 390 KB instead of 1.1 MB (docs/BENCHMARKS.md). The language server keeps them in its
// bundle (it starts once). One vendor file, so the grammar and our code share one copy of @lezer/common.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const LAZY = { '@prometheus-io/lezer-promql': 'lezerPromql', '@lezer/common': 'lezerCommon', '@lezer/lr': 'lezerLr', ajv: 'ajv', 'js-yaml': 'jsYaml' };

/** The JSON Schemas (schemas/*.schema.json), which catalog.ts requires on first use, go into the vendor file too. */
const SCHEMA = /(^|[\\/])schemas[\\/]([\w.-]+\.schema\.json)$/;

/** The vendor bundle: each lazily required package under its export name, and the schemas by file name. */
export async function buildVendor(common, outfile) {
  const root = common.absWorkingDir ?? process.cwd();
  const schemas = readdirSync(join(root, 'schemas')).filter(f => f.endsWith('.schema.json')).sort();
  const contents = [
    ...Object.entries(LAZY).map(([pkg, name]) => `exports.${name} = require(${JSON.stringify(pkg)});`),
    `exports.schemas = {${schemas.map(f => `${JSON.stringify(f)}: () => require(${JSON.stringify('./schemas/' + f)})`).join(', ')}};`,
  ].join('\n');
  await build({ ...common, plugins: [], stdin: { contents, resolveDir: root, loader: 'js' }, outfile });
}

/** Plugin for the CLI bundle: `require('<lazy package>')` in our sources becomes `require('./cli-vendor.js').<name>`. */
export function lazyVendor() {
  return {
    name: 'slo-lens-lazy-vendor',
    setup(b) {
      const filter = new RegExp(`^(${Object.keys(LAZY).map(k => k.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
      // Only our sources' requires: inside node_modules (the grammar requiring @lezer/lr) they stay as they are.
      const ours = args => !/[\\/]node_modules[\\/]/.test(args.importer);
      b.onResolve({ filter }, args => ours(args) ? { path: args.path, namespace: 'lazy-vendor' } : undefined);
      b.onLoad({ filter: /.*/, namespace: 'lazy-vendor' }, args => ({ contents: `module.exports = require('./cli-vendor.js').${LAZY[args.path]};`, loader: 'js' }));
      b.onResolve({ filter: SCHEMA }, args => ours(args) ? { path: SCHEMA.exec(args.path)[2], namespace: 'lazy-schema' } : undefined);
      b.onLoad({ filter: /.*/, namespace: 'lazy-schema' }, args => ({ contents: `module.exports = require('./cli-vendor.js').schemas[${JSON.stringify(args.path)}]();`, loader: 'js' }));
      b.onResolve({ filter: /^\.\/cli-vendor\.js$/ }, args => ({ path: args.path, external: true }));
    },
  };
}
