import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { BudgetController } from './controller';
import { BudgetStatusBar, COMMANDS, pickSlo, revealSlo } from './statusBar';
import { installLiveLenses } from './codeLens';
import { showBurnDown } from './burnDown';
import { clearToken, configureDataSource, setToken } from './dataSource';

/**
 * The live error budget in the editor: controller (refresh loop), status bar, live CodeLens titles, burn-down view,
 * data source and token commands. Test hooks (not in the palette): `sloLens.getStatusText` returns what the status
 * bar shows; `sloLens.getBudgetSnapshot` the numbers behind it.
 */
export function activateBudget(context: vscode.ExtensionContext, client: LanguageClient, output: vscode.LogOutputChannel): void {
  const controller = new BudgetController(context, client, output);
  const statusBar = new BudgetStatusBar(controller);
  context.subscriptions.push(
    controller, statusBar, installLiveLenses(client, controller),
    vscode.commands.registerCommand(COMMANDS.refresh, () => controller.refresh('command')),
    vscode.commands.registerCommand(COMMANDS.pick, () => pickSlo(controller)),
    vscode.commands.registerCommand(COMMANDS.reveal, (key: string) => revealSlo(controller, key)),
    vscode.commands.registerCommand(COMMANDS.burnDown, (key?: string) => showBurnDown(context, controller, typeof key === 'string' ? key : undefined)),
    vscode.commands.registerCommand(COMMANDS.configure, async () => { if (await configureDataSource()) await controller.refresh('configured'); }),
    vscode.commands.registerCommand(COMMANDS.setToken, () => setToken(context.secrets)),
    vscode.commands.registerCommand(COMMANDS.clearToken, () => clearToken(context.secrets)),
    vscode.commands.registerCommand(COMMANDS.statusText, async (opts?: { refresh?: boolean }) => {
      if (opts?.refresh) await controller.refresh('test');
      statusBar.render();
      return statusBar.current();
    }),
    vscode.commands.registerCommand(COMMANDS.snapshot, () => {
      const s = controller.snapshot;
      return { subjects: s.subjects.length, statuses: [...s.statuses.values()], updatedAt: s.updatedAt, lastError: s.lastError, lastMs: s.lastMs, dataSources: s.dataSources.map(d => ({ url: d.url, level: d.level, allowToken: d.allowToken })) };
    }),
  );
  // The first refresh waits for the server's workspace scan (the request answers after indexing); nothing blocks on it.
  void controller.refresh('startup');
}
