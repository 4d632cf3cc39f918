// The live error budget in the editor, against the real Prometheus the runner started (31 days of synthetic
// counters): the status bar item, the CodeLens above the SLO, the hover on its target and the burn-down view. The
// editor's numbers must agree with `slo-lens budget` run against the same server (to 1 % of budget: the two ask at
// slightly different moments, and the window's edge moves).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { loadConfig, fileUri } from './helpers';
import { formatPercent, staticBudgetText, liveBudgetText } from '../../../server/src/engine/budget/format';
import { allowedBadTimeMs } from '../../../server/src/engine/budget/math';
import { formatDuration, parsePromDuration } from '../../../server/src/engine/durations';
import type { BudgetStatus } from '../../../server/src/engine/budget/types';

interface StatusView { visible: boolean; text: string; tooltip: string; backgroundColor?: string; command?: string; stale: boolean; scope: string }
interface Snapshot { subjects: number; statuses: BudgetStatus[]; updatedAt?: number; lastError?: string; dataSources: { url: string }[] }

const WITH_NUMBERS = new Set(['ok', 'warning', 'exhausted']);

/** Asks the extension to refresh until the SLO has numbers (the first refresh waits for the server's scan). */
async function liveStatus(name: string): Promise<{ status: BudgetStatus; snapshot: Snapshot }> {
  const deadline = Date.now() + 60_000;
  let last: Snapshot | undefined;
  while (Date.now() < deadline) {
    await vscode.commands.executeCommand('sloLens.refreshBudgets');
    last = await vscode.commands.executeCommand<Snapshot>('sloLens.getBudgetSnapshot');
    const status = last?.statuses.find(s => s.name === name && WITH_NUMBERS.has(s.status));
    if (status && last) return { status, snapshot: last };
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`no live budget for ${name} within 60 s; snapshot: ${JSON.stringify(last)}`);
}

suite('live error budget in the editor', () => {
  const config = loadConfig();
  const { budget } = config;
  const cli = budget.cli.find(s => s.name === budget.sloName && s.file === budget.sloFile);

  suiteSetup(() => {
    assert.ok(cli, `slo-lens budget did not report ${budget.sloName} in ${budget.sloFile}: ${JSON.stringify(budget.cli)}`);
    assert.ok(WITH_NUMBERS.has(cli.status), `the CLI has no numbers for ${budget.sloName}: ${JSON.stringify(cli)}`);
  });

  test('the budget numbers match `slo-lens budget` against the same Prometheus', async () => {
    const { status, snapshot } = await liveStatus(budget.sloName);
    assert.deepEqual(snapshot.dataSources.map(d => d.url), [budget.prometheusUrl]);
    assert.equal(snapshot.lastError, undefined);
    assert.equal(status.target, cli!.target);
    assert.equal(status.window, cli!.window);
    assert.equal(status.status, cli!.status);
    const d = Math.abs(status.errorBudget.remaining! - cli!.errorBudget.remaining!);
    assert.ok(d <= 0.01, `budget left: editor ${status.errorBudget.remaining} vs CLI ${cli!.errorBudget.remaining}`);
  });

  test('the status bar shows the SLO with the least budget left, with its numbers', async () => {
    const { status } = await liveStatus(budget.sloName);
    const view = await vscode.commands.executeCommand<StatusView>('sloLens.getStatusText', { refresh: false });
    assert.equal(view.visible, true);
    // Only this SLO has data in the e2e Prometheus, so it is the workspace's worst with numbers.
    assert.ok(view.text.includes(`${budget.sloName} ${formatPercent(status.errorBudget.remaining)} left`), view.text);
    assert.equal(view.command, 'sloLens.pickSlo');
    assert.ok(view.tooltip.includes(`from ${new URL(budget.prometheusUrl).origin}`), `the tooltip does not name the data source:\n${view.tooltip}`);
  });

  test('CodeLens above the SLO: the static budget and the live numbers', async () => {
    const { status } = await liveStatus(budget.sloName);
    const uri = fileUri(budget.sloFile);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const windowMs = parsePromDuration(cli!.window!)!;
    const staticText = staticBudgetText({ target: cli!.target!, window: { text: cli!.window!, ms: windowMs } });
    assert.ok(staticText);
    const deadline = Date.now() + 30_000;
    let titles: string[] = [];
    while (Date.now() < deadline) {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
      titles = (lenses ?? []).map(l => l.command?.title ?? '');
      if (titles.includes(staticText) && titles.some(t => t.startsWith('$(pulse) '))) break;
      await new Promise(r => setTimeout(r, 300));
    }
    assert.ok(titles.includes(staticText), `no "${staticText}" lens among ${JSON.stringify(titles)}`);
    const live = titles.find(t => t.startsWith('$(pulse) '));
    assert.ok(live, `no live lens among ${JSON.stringify(titles)}`);
    // Budget left and burns as the controller has them now (a refresh may land between two reads, so compare the
    // stable part: the budget left to the decimal the lens shows).
    assert.ok(live.includes(`${formatPercent(status.errorBudget.remaining)} budget left`) || live.includes(liveBudgetText(status)), live);
  });

  test('hovering the target shows the budget math', async () => {
    const uri = fileUri(budget.sloFile);
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = [...Array(doc.lineCount).keys()].find(i => /^\s*objective:/.test(doc.lineAt(i).text));
    assert.ok(line !== undefined, 'no objective: line');
    const col = doc.lineAt(line).text.indexOf(':') + 3;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, col));
    const text = (hovers ?? []).flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    const bad = formatDuration(allowedBadTimeMs(cli!.target!, parsePromDuration(cli!.window!)!));
    assert.ok(text.includes(bad), `hover lacks the allowed bad time ${bad}:\n${text}`);
    assert.match(text, /Burn-rate alerts/);
  });

  test('the burn-down view draws its charts from Prometheus', async () => {
    const { status } = await liveStatus(budget.sloName);
    const result = await vscode.commands.executeCommand<{ rendered: boolean; points?: number; tiers?: number; error?: string }>('sloLens.showBurnDown', status.key);
    assert.equal(result.rendered, true, result.error);
    assert.ok((result.points ?? 0) > 10, `only ${result.points} points`);
    assert.ok((result.tiers ?? 0) > 0, 'no burn-rate tiers drawn');
    const tab = vscode.window.tabGroups.all.flatMap(g => g.tabs).find(t => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('sloLens.burnDown'));
    assert.ok(tab, 'no burn-down tab');
    assert.equal(tab.label, `Burn-down: ${budget.sloName}`);
  });
});
