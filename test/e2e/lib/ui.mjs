// The UI suite: what a user sees in the workbench, driven through Chromium. Every check waits for its element (no
// sleeps); screenshots go to the artifacts folder.
import { join } from 'node:path';
import { newPage } from './browser.mjs';

const T = 60_000;
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * @param {{ url: string, workspace: string, rules: string[], counts: { errors: number, warnings: number, infos: number },
 *           live: { file: string, name: string }, showcase: string, artifacts: string, log: (m: string) => void }} o
 *   `showcase` is the file open in the editor for the status bar + Problems screenshot (the README's picture).
 * @returns {Promise<{ screenshots: Record<string, string>, external: string[] }>}
 */
export async function runUiSuite(browser, o) {
  const started = Date.now();
  const lap = (m) => o.log(`${((Date.now() - started) / 1000).toFixed(1)} s  ${m}`);
  const screenshots = {};
  const shot = async (page, name) => { const p = join(o.artifacts, name); await page.screenshot({ path: p }); screenshots[name] = p; return p; };
  const { context, page, external } = await newPage(browser);
  try {
    await page.goto(`${o.url}/?folder=${encodeURIComponent(o.workspace)}`, { waitUntil: 'domcontentloaded' });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: T });
    lap('workbench and explorer rendered');

    // The budget item in the status bar: the SLO with the least budget left (the only one with data here).
    const budgetItem = page.locator('.part.statusbar .statusbar-item', { hasText: new RegExp(`${escapeRe(o.live.name)} -?[0-9.]+ % left`) });
    await budgetItem.first().waitFor({ timeout: T });
    lap(`status bar: ${(await budgetItem.first().innerText()).trim()}`);

    // Open the live SLO through Quick Open; its CodeLens shows the static budget and the live numbers.
    await openFile(page, o.live.file);
    const liveLens = page.locator('.monaco-editor .codelens-decoration a', { hasText: /budget left/ });
    await liveLens.first().waitFor({ timeout: T });
    await page.locator('.monaco-editor .codelens-decoration a', { hasText: /allows .* of errors/ }).first().waitFor({ timeout: T });
    lap(`CodeLens: ${(await liveLens.first().innerText()).trim()}`);

    // Problems panel, with a rule file that has defects open: every rule id the CLI reports is listed, and the status
    // bar's counts match the CLI's.
    await openFile(page, o.showcase);
    await page.keyboard.press('Control+Shift+M');
    const codes = page.locator('.markers-panel .monaco-list-row .marker-code');
    await codes.first().waitFor({ timeout: T });
    for (const rule of o.rules) {
      const code = page.locator('.markers-panel .monaco-list-row .marker-code', { hasText: new RegExp(`^${escapeRe(rule)}$`) });
      if (await code.count() === 0) {
        // The list is virtualised: a row below the fold is not in the DOM. Filter the panel by the rule id instead.
        await filterProblems(page, rule);
        await code.first().waitFor({ timeout: T });
        await filterProblems(page, '');
      }
    }
    lap(`Problems panel lists ${o.rules.length} rule ids: ${o.rules.join(', ')}`);
    const counts = `Errors: ${o.counts.errors}, Warnings: ${o.counts.warnings}, Infos: ${o.counts.infos}`;
    await page.locator(`.part.statusbar [id="status.problems"][aria-label="${counts}"]`).waitFor({ timeout: T });
    lap(`status bar problem counts: ${counts}`);
    // The unfiltered list is back (more rows than one file's) before the picture is taken.
    await waitUntil(async () => (await codes.count()) >= Math.min(o.rules.length, 6), T, 'the unfiltered Problems list');
    // Selecting the first problem reveals it in the editor, so the picture shows the squiggle too.
    await page.locator('.markers-panel .monaco-list-row', { has: page.locator('.marker-code') }).first().click();
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: T });
    await shot(page, 'status-bar-and-problems.png');

    // Hover on the target: the budget as bad time and the burn-rate tiers.
    await openFile(page, o.live.file);
    const target = page.locator('.monaco-editor .view-line', { hasText: /^\s*objective:/ }).locator('span', { hasText: /^[0-9.]+$/ }).first();
    await target.hover({ timeout: T });
    const hover = page.locator('.monaco-hover', { hasText: /of bad time per/ });
    await hover.first().waitFor({ timeout: T });
    await page.locator('.monaco-hover', { hasText: /Burn-rate alerts/ }).first().waitFor({ timeout: T });
    lap('hover shows the budget math');
    await shot(page, 'hover-budget-math.png');
    await page.keyboard.press('Escape');

    // Burn-down: the live lens opens the webview, which draws both charts from Prometheus.
    await liveLens.first().click();
    await page.locator('.tabs-container .tab', { hasText: `Burn-down: ${o.live.name}` }).first().waitFor({ timeout: T });
    const frame = await findFrame(page, '#remaining', T);
    await frame.locator('#charts:not([hidden]) canvas#remaining').waitFor({ timeout: T });
    await frame.locator('#charts:not([hidden]) canvas#burn').waitFor({ timeout: T });
    const summary = (await frame.locator('#summary').innerText()).trim();
    if (!/budget left|left/.test(summary)) throw new Error(`burn-down summary without the budget left: ${summary}`);
    lap(`burn-down view rendered: ${summary}`);
    await shot(page, 'burn-down.png');
    return { screenshots, external };
  } catch (e) {
    await shot(page, 'ui-failure.png').catch(() => {});
    const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts().catch(() => []);
    const status = await page.locator('.part.statusbar').innerText().catch(() => '');
    throw new Error(`${e.message}\nstatus bar: ${JSON.stringify(status)}\nProblems rows: ${JSON.stringify(rows)}\nscreenshots: ${Object.values(screenshots).join(', ')}`, { cause: e });
  } finally {
    await context.close();
  }
}

async function openFile(page, rel) {
  const name = rel.split('/').pop();
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ timeout: T });
  await input.fill(rel);
  // Enter picks the focused row: wait until the filtered list has focused this file (the recent-files list that shows
  // first may have another file on top).
  await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: name }).first().waitFor({ timeout: T });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).first().waitFor({ timeout: T });
}

async function waitUntil(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

async function filterProblems(page, text) {
  const input = page.locator('.part.panel .viewpane-filter input, .part.panel .markers-panel-action-filter input').first();
  await input.click({ timeout: T });
  await input.fill(text);
}

/** Webviews live in nested iframes; returns the frame that contains `selector`. */
async function findFrame(page, selector, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const f of page.frames()) {
      if (await f.locator(selector).count().catch(() => 0)) return f;
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`no frame with ${selector} within ${timeoutMs} ms`);
}
