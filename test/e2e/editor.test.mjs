// SLO Lens in a real editor: package the .vsix, install it into a throwaway code-server profile, start a real
// Prometheus with 31 days of synthetic data, and run the extension-host suite (mocha with the real `vscode` API) and
// the UI suite (Chromium through Playwright) against it.
// Provisions Node 24, code-server and Debian Chromium on first use (scripts/provision.mjs; ~4 min the first time).
// Without CI=true a machine that cannot provision them skips with the reason; with CI=true that is a failure.
// Screenshots go to $E2E_ARTIFACTS (a temp folder when unset); their paths are printed. SLO_LENS_UPDATE_SCREENSHOT=1
// also copies the status bar + Problems panel screenshot to docs/images/ for the README.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, readFileSync, copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ensureEditorTools, mustProvision } from '../../scripts/provision.mjs';
import { makeProfile, installVsix, startCodeServer } from './lib/codeServer.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { runExtensionHostTests } from './lib/extHost.mjs';
import { runUiSuite } from './lib/ui.mjs';
import { packageVsix } from './lib/vsix.mjs';
import { makeWorkspace, engineView, LIVE_SLO, repo } from './lib/workspace.mjs';
import { prepareExtHostRun } from './lib/prepare.mjs';

const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
export const README_SCREENSHOT = 'docs/images/status-bar-and-problems.png';

test('SLO Lens in code-server and Chromium', { timeout: 30 * 60_000 }, async (t) => {
  let tools;
  const tp = Date.now();
  try {
    tools = ensureEditorTools();
  } catch (e) {
    if (mustProvision()) throw e;
    t.skip(`editor tools unavailable (CI=true would fail here): ${e.message}`);
    return;
  }
  t.diagnostic(`provisioned in ${secs(Date.now() - tp)}: code-server ${tools.codeServer.version} (${tools.codeServer.prefix}), ${tools.chromium}`);

  const runDir = mkdtempSync(join(tmpdir(), 'slo-lens-e2e-'));
  const artifacts = process.env.E2E_ARTIFACTS || join(runDir, 'artifacts');
  mkdirSync(artifacts, { recursive: true });
  let server, browser, prom;
  t.after(async () => {
    await browser?.close().catch(() => {});
    await server?.stop();
    await prom?.stop();
    // Keep the logs and screenshots (their paths are printed); E2E_KEEP=1 keeps the profile and workspaces too.
    if (!process.env.E2E_KEEP) {
      for (const name of readdirSync(runDir)) {
        if (name === 'code-server.log' || name === 'artifacts') continue;
        if (name === 'user') { for (const u of readdirSync(join(runDir, 'user'))) if (u !== 'logs') rmSync(join(runDir, 'user', u), { recursive: true, force: true }); continue; }
        rmSync(join(runDir, name), { recursive: true, force: true });
      }
    }
  });

  const vsix = join(runDir, `${pkg.name}-${pkg.version}.vsix`);
  let packaged;
  await t.test('npm run package builds a .vsix with dist/, schemas/, README, LICENSE and the icon only', () => {
    const r = packageVsix(vsix);
    packaged = r;
    const names = r.entries.map(e => e.name).sort();
    t.diagnostic(`.vsix ${(r.bytes / 1024).toFixed(1)} KiB, ${names.length} entries, in ${secs(r.ms)}: ${names.filter(n => !n.includes('/schemas/')).join(', ')} + ${names.filter(n => n.includes('/schemas/')).length} schemas`);
    assert.ok(r.bytes < 5 * 1024 * 1024, `${r.bytes} bytes is over 5 MB`);
    const shipped = names.filter(n => n.startsWith('extension/')).map(n => n.slice('extension/'.length));
    const allowed = /^(package\.json|readme\.md|LICENSE\.txt|images\/icon\.png|dist\/(extension|server|cli|cli-vendor|burndown)\.js|dist\/validator\.[\w.-]+\.js|schemas\/[\w.-]+\.json)$/;
    assert.deepEqual(shipped.filter(n => !allowed.test(n)), [], 'files that must not ship');
    // Every schema ships with its validator prebuilt at build time (without it the server compiles it at run time).
    const schemaNames = shipped.filter(n => n.startsWith('schemas/')).map(n => n.slice('schemas/'.length).replace(/\.schema\.json$/, '')).sort();
    const validatorNames = shipped.filter(n => n.startsWith('dist/validator.')).map(n => n.slice('dist/validator.'.length).replace(/\.js$/, '')).sort();
    assert.deepEqual(validatorNames, schemaNames, 'one prebuilt validator per schema');
    for (const must of ['package.json', 'readme.md', 'LICENSE.txt', 'images/icon.png', 'dist/extension.js', 'dist/server.js', 'dist/cli.js', 'dist/cli-vendor.js', 'dist/burndown.js']) {
      assert.ok(shipped.includes(must), `${must} is missing from the .vsix`);
    }
    assert.ok(shipped.some(n => n.startsWith('schemas/')), 'no schemas in the .vsix');
    const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
    assert.equal(manifest.engines.vscode, '^1.82.0', 'engines.vscode must match @types/vscode ~1.82');
    assert.match(JSON.parse(readFileSync(join(repo, 'node_modules', '@types', 'vscode', 'package.json'), 'utf8')).version, /^1\.82\./);
  });

  // Without a .vsix there is nothing to install; the subtest above says why.
  if (!packaged) throw new Error('npm run package failed, so the editor suites cannot run');
  const prep = await prepareExtHostRun(runDir);
  prom = prep.prom;
  const { workspace, view, budget, testsEntry } = prep;
  t.diagnostic(`prometheus ${prom.url} ready in ${secs(prep.promMs)} (${JSON.stringify(prom.timings)})`);
  t.diagnostic(`e2e workspace: ${view.cli.length} findings (${[...new Set(view.cli.map(f => f.rule))].join(', ')}), ${view.fixes.length} with fixes; ${budget.cli.length} SLOs, live: ${JSON.stringify(budget.cli.find(s => s.file === LIVE_SLO.file)?.errorBudget)}`);
  const cs = tools.codeServer;
  const profile = makeProfile(cs, runDir, { settings: { 'sloLens.prometheus.url': prom.url } });
  const ti = Date.now();
  const extensionPath = installVsix(cs, profile, vsix);
  const installMs = Date.now() - ti;
  server = await startCodeServer(cs, profile);
  t.diagnostic(`installed the .vsix in ${secs(installMs)}; code-server ${server.url} (pid ${server.pid}) healthy after ${secs(server.startupMs)}; log ${profile.log}`);
  browser = await launchBrowser(tools.chromium, runDir);

  await t.test('extension-host suite: diagnostics, quick fixes, settings and the live budget through the vscode API', async () => {
    const r = await runExtensionHostTests(browser, { url: server.url, extensionPath, testsPath: testsEntry, workspace });
    t.diagnostic(`extension-host suite exit ${r.code} after ${secs(r.ms)}`);
    assert.equal(r.code, 0, `extension-host tests failed:\n${r.output.join('\n')}`);
    assert.deepEqual(r.external, [], 'requests left 127.0.0.1');
  });

  await t.test('UI suite: status bar, CodeLens, Problems panel, hover and burn-down in the workbench', async () => {
    // A pristine copy with only the live SLO added (the extension-host suite edited its own copy), as a user would
    // see the examples; the CLI says what it must show.
    const uiWorkspace = makeWorkspace(runDir, 'ui-ws', [LIVE_SLO.file]);
    const uiView = await engineView(uiWorkspace);
    const severities = { errors: 0, warnings: 0, infos: 0 };
    for (const f of uiView.cli) severities[{ error: 'errors', warning: 'warnings', info: 'infos' }[f.severity] ?? 'infos']++;
    const r = await runUiSuite(browser, {
      url: server.url, workspace: uiWorkspace, rules: [...new Set(uiView.cli.map(f => f.rule))].sort(),
      counts: severities, live: LIVE_SLO, showcase: 'rules/checkout-alerts.yaml', artifacts, log: m => t.diagnostic(m),
    });
    t.diagnostic(`screenshots: ${Object.values(r.screenshots).join(', ')}`);
    assert.deepEqual(r.external, [], 'requests left 127.0.0.1');
    if (process.env.SLO_LENS_UPDATE_SCREENSHOT === '1') {
      mkdirSync(join(repo, 'docs', 'images'), { recursive: true });
      copyFileSync(r.screenshots['status-bar-and-problems.png'], join(repo, README_SCREENSHOT));
      t.diagnostic(`updated ${README_SCREENSHOT}`);
    }
  });
});

// The same extension-host suite in VS Code desktop through @vscode/test-electron (electron.mjs), for contributors who
// point VSCODE_EXECUTABLE_PATH at a VS Code binary. Without one there is no VS Code to run (none can be downloaded
// here), so the test is not registered; code-server above runs the suite on every machine.
if (process.env.VSCODE_EXECUTABLE_PATH) {
  test(`extension-host suite in VS Code desktop (${process.env.VSCODE_EXECUTABLE_PATH})`, { timeout: 15 * 60_000 }, async (t) => {
    const { runInVsCode } = await import('./electron.mjs');
    const code = await runInVsCode(process.env.VSCODE_EXECUTABLE_PATH, m => t.diagnostic(m));
    assert.equal(code, 0, 'VS Code reported failing extension-host tests');
  });
}
