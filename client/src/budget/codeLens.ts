import * as vscode from 'vscode';
import { CodeLensRequest, type LanguageClient } from 'vscode-languageclient/node';
import type { BudgetController } from './controller';
import { liveBudgetText } from '../../../server/src/engine/budget/format';
import { age } from './statusBar';

/**
 * Live numbers in the server's budget lenses. The server puts a lens above each SLO with its static budget ("99.9 %
 * over 30d allows 43m 12s of errors") and the SLO's budget key as the command argument; this middleware adds, before
 * it, a lens with the live budget (left, burn rates, age when stale), and asks VS Code to redraw lenses when the
 * numbers change.
 */
export function installLiveLenses(client: LanguageClient, controller: BudgetController): vscode.Disposable {
  const middleware = client.middleware;
  const previous = middleware.provideCodeLenses;
  middleware.provideCodeLenses = async (document, token, next) => {
    const lenses = (await (previous ? previous(document, token, next) : next(document, token))) ?? [];
    const out: vscode.CodeLens[] = [];
    const snap = controller.snapshot;
    const ageMs = snap.updatedAt ? Date.now() - snap.updatedAt : undefined;
    const stale = !!snap.lastError || (ageMs !== undefined && ageMs > controller.staleAfterMs());
    for (const lens of lenses) {
      const key = lens.command?.command === 'sloLens.showBurnDown' ? lens.command.arguments?.[0] : undefined;
      const status = typeof key === 'string' ? controller.status(key) : undefined;
      if (status) {
        const title = `$(pulse) ${liveBudgetText(status)}${stale && ageMs !== undefined ? ` · ${age(ageMs)} old` : ''}`;
        out.push(new vscode.CodeLens(lens.range, { title, command: 'sloLens.showBurnDown', arguments: [key], tooltip: 'Show the burn-down chart' }));
      }
      out.push(lens);
    }
    return out;
  };
  const redraw = () => {
    const feature = client.getFeature(CodeLensRequest.method);
    for (const editor of vscode.window.visibleTextEditors) feature.getProvider(editor.document)?.onDidChangeCodeLensEmitter.fire();
  };
  const sub = controller.onDidChange(() => { if (!controller.snapshot.refreshing) redraw(); });
  return { dispose: () => { sub.dispose(); middleware.provideCodeLenses = previous; } };
}
