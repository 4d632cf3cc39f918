// esbuild plugin for the CLI bundle: the libraries the CLI loads only sometimes — the lezer PromQL grammar (used when
// the fast PromQL check is unsure) and Ajv (used only if a schema has no prebuilt validator) — go into one separate
// file, dist/cli-vendor.js, which the CLI requires when it first needs one of them. A cold `slo-lens check` then
// compiles 640 KB instead of 1.1 MB: ~8 ms of a 140 ms run (docs/BENCHMARKS.md). The language server keeps them in
// its bundle (it starts once). One vendor file, so the grammar and our code share one copy of @lezer/common.
import { build } from 'esbuild';

export const LAZY = { '@prometheus-io/lezer-promql': 'lezerPromql', '@lezer/common': 'lezerCommon', '@lezer/lr': 'lezerLr', ajv: 'ajv' };

/** The vendor bundle: each lazily required package under its export name. */
export async function buildVendor(common, outfile) {
  const contents = Object.entries(LAZY).map(([pkg, name]) => `exports.${name} = require(${JSON.stringify(pkg)});`).join('\n');
  await build({ ...common, plugins: [], stdin: { contents, resolveDir: common.absWorkingDir ?? process.cwd(), loader: 'js' }, outfile });
}

/** Plugin for the CLI bundle: `require('<lazy package>')` in our sources becomes `require('./cli-vendor.js').<name>`. */
export function lazyVendor() {
  return {
    name: 'slo-lens-lazy-vendor',
    setup(b) {
      const filter = new RegExp(`^(${Object.keys(LAZY).map(k => k.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
      b.onResolve({ filter }, args => /[\\/]node_modules[\\/]/.test(args.importer) ? undefined : { path: args.path, namespace: 'lazy-vendor' });
      b.onLoad({ filter: /.*/, namespace: 'lazy-vendor' }, args => ({ contents: `module.exports = require('./cli-vendor.js').${LAZY[args.path]};`, loader: 'js' }));
      b.onResolve({ filter: /^\.\/cli-vendor\.js$/ }, args => ({ path: args.path, external: true }));
    },
  };
}
