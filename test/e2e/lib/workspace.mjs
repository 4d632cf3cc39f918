// The workspace the editor suites open: a fresh copy of examples/ plus test/e2e/fixtures/extra/, and what the
// engine says about it (findings in the CLI's JSON contract, the engine's quick-fix titles), computed before the
// editor starts so the suites compare the editor with the CLI.
import { cpSync, mkdirSync, writeFileSync, readFileSync, readdirSync, symlinkSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

export const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The deliberate defects documented in examples/README.md: file → rule ids it must show once the rule exists. */
export const EXAMPLE_DEFECTS = {
  'slos/login-sloth.yaml': ['slo/unrealistic-target'],
  'slos/catalog-openslo.yaml': ['slo/target-scale', 'slo/window-unit'],
  'slos/checkout-openslo.yaml': ['slo/burn-rate-inverted'],
  'rules/checkout-alerts.yaml': ['alert/missing-runbook', 'alert/runbook-key', 'schema/unknown-key', 'promql/syntax'],
  'rules/platform-prometheusrule.yaml': ['alert/runbook-not-found'],
  'runbooks/payments-refunds.yaml': ['runbook/incomplete', 'runbook/orphan'],
  'rules/e2e-duplicate-key.yaml': ['yaml/syntax'],
};

/**
 * A fresh copy under runDir/<slot>/examples (the folder name shows in the workbench title and explorer) with the
 * files of test/e2e/fixtures/extra/ added: all of them, or only those listed in `extras`.
 */
export function makeWorkspace(runDir, slot, extras) {
  const ws = join(runDir, slot, 'examples');
  cpSync(join(repo, 'examples'), ws, { recursive: true });
  const extra = join(repo, 'test', 'e2e', 'fixtures', 'extra');
  if (!extras) cpSync(extra, ws, { recursive: true });
  else for (const rel of extras) cpSync(join(extra, rel), join(ws, rel));
  return ws;
}

/** What the engine reports for `ws`: the CLI's JSON (through the built CLI, the contract) and the fixes per finding. */
export async function engineView(ws) {
  const cli = spawnSync(process.execPath, [join(repo, 'dist', 'cli.js'), 'check', '.', '--format', 'json'], { cwd: ws, encoding: 'utf8' });
  if (cli.status !== 0 && cli.status !== 1) throw new Error(`slo-lens check failed (${cli.status}): ${cli.stderr}`);
  const findings = JSON.parse(cli.stdout).findings;
  // Fix titles are not part of the CLI contract; ask the engine itself (the same code the server bundles).
  const { runCheck } = await import('../../../server/src/cli/check.ts');
  const { ALL_RULES } = await import('../../../server/src/engine/rules/index.ts');
  const result = runCheck({ paths: ['.'], format: 'json', cwd: ws, color: false }, '0');
  const fixes = [];
  for (const r of result.results) {
    for (const f of r.findings) {
      if (!f.fixes?.length) continue;
      fixes.push({ file: r.rel, rule: f.rule, range: r.file.lines.range(f.span), titles: f.fixes.map(x => x.title) });
    }
  }
  const registeredRules = ALL_RULES.flatMap(r => r.ids ?? [r.id]);
  return { cli: findings, fixes, registeredRules, requiredRules: EXAMPLE_DEFECTS };
}

/** The SLO over the e2e Prometheus's synthetic series (test/e2e/fixtures/extra/slos/api-availability.yaml). */
export const LIVE_SLO = { file: 'slos/api-availability.yaml', name: 'availability' };

/** `slo-lens budget . --prometheus URL --format json` in the workspace: the CLI's live numbers to compare with. */
export function cliBudget(ws, prometheusUrl) {
  const r = spawnSync(process.execPath, [join(repo, 'dist', 'cli.js'), 'budget', '.', '--prometheus', prometheusUrl, '--format', 'json'], { cwd: ws, encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`slo-lens budget failed (${r.status}): ${r.stderr}${r.stdout}`);
  return JSON.parse(r.stdout).slos;
}

/**
 * Compiles the extension-host suite (test/e2e/exthost/*.ts) into runDir/exthost with its config.json beside it;
 * runDir/node_modules links to the repository's, so `mocha` resolves. Returns the entry file.
 */
export async function buildExtHostSuite(runDir, config) {
  const out = join(runDir, 'exthost');
  mkdirSync(out, { recursive: true });
  const src = join(repo, 'test', 'e2e', 'exthost');
  // Each file is bundled on its own (the suites import the engine's budget formatting, the same code the extension
  // bundles); `vscode` comes from the extension host and mocha from the linked node_modules.
  await build({
    entryPoints: readdirSync(src).filter(n => n.endsWith('.ts')).map(n => join(src, n)),
    outdir: out, bundle: true, external: ['vscode', 'mocha'], platform: 'node', format: 'cjs', target: 'node18', sourcemap: 'inline', logLevel: 'warning',
  });
  if (!existsSync(join(runDir, 'node_modules'))) symlinkSync(join(repo, 'node_modules'), join(runDir, 'node_modules'));
  writeFileSync(join(out, 'config.json'), JSON.stringify(config, null, 2));
  return join(out, 'index.js');
}

export function readJson(file) { return JSON.parse(readFileSync(file, 'utf8')); }
