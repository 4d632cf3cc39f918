import type * as JsYaml from 'js-yaml';

/**
 * js-yaml, loaded on first use: common block YAML never needs it (yaml/fastTree.ts reads it and decodes literal
 * blocks itself), and a cold `slo-lens check` then neither compiles nor initialises it (the CLI bundle keeps it in
 * dist/cli-vendor.js, docs/BENCHMARKS.md).
 */
export function jsYaml(): typeof JsYaml {
  return loaded ??= require('js-yaml') as typeof JsYaml;
}
let loaded: typeof JsYaml | undefined;
