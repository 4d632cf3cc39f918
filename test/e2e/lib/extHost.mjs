// Runs the extension-host mocha suite inside code-server: VS Code for the web reads `extensionDevelopmentPath` and
// `extensionTestsPath` from the `payload` URL parameter when the server runs with enable-smoke-test-driver, then
// reports through window.codeAutomationLog / codeAutomationExit (the mechanism of VS Code's test/integration/browser).
import { format } from 'node:util';
import { newPage } from './browser.mjs';

/** Workbench chatter that says nothing about the tests (connection set-up, the closed gallery port, shutdown). */
const NOISE = /^(Resolv|Creat|Updat|Unable to read file .*\(Canceled|\[(Service Worker|AgentHost|AccountPolicyGate|reconnection-grace-time|lifecycle)\]|connect ECONNREFUSED 127\.0\.0\.1:9)/;

/**
 * @returns {Promise<{ code: number | 'timeout', output: string[], external: string[], ms: number }>}
 */
export async function runExtensionHostTests(browser, { url, extensionPath, testsPath, workspace, timeoutMs = 300_000, echo = true }) {
  const started = Date.now();
  const { context, page, external } = await newPage(browser);
  const output = [];
  try {
    let exit;
    const done = new Promise(resolve => { exit = resolve; });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      // The arguments of the extension host's console call, format string first (mocha's reporter uses %s and %d).
      const line = format(...(Array.isArray(args) ? args : [args]));
      output.push(line);
      if (echo && !NOISE.test(line)) process.stdout.write(`    [ext-host ${type}] ${line}\n`);
    });
    await page.exposeFunction('codeAutomationExit', code => exit(code));
    const host = new URL(url).host;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', `vscode-remote://${host}${extensionPath}`],
      ['extensionTestsPath', `vscode-remote://${host}${testsPath}`],
      ['skipWelcome', 'true'],
    ]);
    await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
    let timer;
    const code = await Promise.race([done, new Promise(r => { timer = setTimeout(() => r('timeout'), timeoutMs); })]);
    clearTimeout(timer);
    return { code, output, external, ms: Date.now() - started };
  } finally {
    await context.close();
  }
}
