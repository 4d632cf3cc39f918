#!/usr/bin/env node
// The same extension-host suite in VS Code desktop, through @vscode/test-electron, for contributors who have a VS Code
// binary (it cannot be downloaded on machines without the update service, so it is never fetched here):
//   VSCODE_EXECUTABLE_PATH=/usr/share/code/code node --import tsx test/e2e/electron.mjs
// npm test runs it (from editor.test.mjs) only when VSCODE_EXECUTABLE_PATH is set. The extension under test is the
// packaged .vsix, unpacked; Linux without a display needs xvfb-run.
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { packageVsix } from './lib/vsix.mjs';
import { extractZip } from './lib/zip.mjs';
import { prepareExtHostRun } from './lib/prepare.mjs';
import { repo } from './lib/workspace.mjs';

/** Runs the extension-host suite in the VS Code at `executable`; resolves with VS Code's exit code. */
export async function runInVsCode(executable, log = (m) => process.stdout.write(`${m}\n`)) {
  if (!existsSync(executable)) throw new Error(`VSCODE_EXECUTABLE_PATH=${executable} does not exist`);
  const runDir = mkdtempSync(join(tmpdir(), 'slo-lens-electron-'));
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  const vsix = packageVsix(join(runDir, `${pkg.name}-${pkg.version}.vsix`));
  const extension = join(runDir, 'extension');
  extractZip(vsix.file, extension, 'extension/');
  const prep = await prepareExtHostRun(runDir);
  try {
    const user = join(runDir, 'user');
    mkdirSync(join(user, 'User'), { recursive: true });
    const base = JSON.parse(readFileSync(join(repo, 'test', 'e2e', 'code-server-settings.json'), 'utf8'));
    writeFileSync(join(user, 'User', 'settings.json'), JSON.stringify({ ...base, 'sloLens.prometheus.url': prep.prom.url }, null, 2));
    log(`VS Code ${executable}: workspace ${prep.workspace}, Prometheus ${prep.prom.url}`);
    return await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: extension,
      extensionTestsPath: prep.testsEntry,
      launchArgs: [prep.workspace, '--user-data-dir', user, '--extensions-dir', join(runDir, 'extensions'), '--disable-extensions', '--skip-welcome', '--skip-release-notes', '--disable-workspace-trust'],
      extensionTestsEnv: { SLO_LENS_E2E_CONFIG: join(prep.testsEntry, '..', 'config.json') },
    });
  } finally {
    await prep.prom.stop();
    if (!process.env.E2E_KEEP) rmSync(runDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const exe = process.env.VSCODE_EXECUTABLE_PATH;
  if (!exe) { process.stderr.write('set VSCODE_EXECUTABLE_PATH to a VS Code binary (code-server runs in test/e2e/editor.test.mjs)\n'); process.exit(2); }
  runInVsCode(exe).then(code => process.exit(code), e => { process.stderr.write(`${e.stack ?? e}\n`); process.exit(1); });
}
