// Bundles the three entry points: the VS Code client, the language server and the CLI.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';
import { prebuiltValidators } from './scripts/build/validators.mjs';
import { buildVendor, lazyVendor } from './scripts/build/lazyVendor.mjs';

const production = process.argv.includes('--production');
// The server and the CLI load prebuilt schema validators (dist/validator.*.js) instead of compiling schemas at start.
const validators = prebuiltValidators();
const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js', plugins: [validators] }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', plugins: [validators, lazyVendor()], banner: { js: '#!/usr/bin/env node' } }),
  buildVendor(common, 'dist/cli-vendor.js'),
  build({ ...common, platform: 'browser', format: 'iife', target: 'es2020', entryPoints: ['client/src/budget/webview/burnDownView.ts'], outfile: 'dist/burndown.js' }),
]);
chmodSync('dist/cli.js', 0o755);
