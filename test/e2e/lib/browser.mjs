// Headless Debian Chromium driven by playwright-core, with the flags that work in a container, and a record of any
// request that leaves 127.0.0.1 (the suites must not need the outside network).
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** Launches Chromium with HOME-like folders under runDir (it writes crash reports and dconf there). */
export async function launchBrowser(executablePath, runDir) {
  const home = join(runDir, 'browser-home');
  mkdirSync(home, { recursive: true });
  const browser = await chromium.launch({
    executablePath, headless: true, args: FLAGS,
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache') },
  });
  return browser;
}

/**
 * A page that records requests which reached the network for hosts other than 127.0.0.1 into `external`. Webview
 * resources use a `*.vscode-resource.vscode-cdn.net` URL that the workbench's service worker answers locally; those
 * count only if the service worker did not serve them.
 */
export async function newPage(browser, viewport = { width: 1400, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const external = [];
  const isExternal = (r) => {
    const u = new URL(r.url());
    return ['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol) && u.hostname !== '127.0.0.1' && u.hostname !== 'localhost';
  };
  page.on('requestfinished', async r => {
    if (!isExternal(r)) return;
    const res = await r.response().catch(() => null);
    if (!res?.fromServiceWorker()) external.push(r.url());
  });
  page.on('requestfailed', r => { if (isExternal(r)) external.push(`${r.url()} (failed: ${r.failure()?.errorText})`); });
  return { context, page, external };
}
