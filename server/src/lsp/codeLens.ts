import type { CodeLens, ServerCapabilities } from 'vscode-languageserver/node';
import type { ServerState } from './server';
import { fileSubjects } from '../engine/budget/subjects';
import { staticBudgetText } from '../engine/budget/format';
import { intelSources } from './intel';

/** The command a budget lens runs; its first argument is the SLO's budget key (VS Code opens the burn-down). */
export const BURN_DOWN_COMMAND = 'sloLens.showBurnDown';

/**
 * A lens above each SLO with its static budget: "99.9 % over 30d allows 43m 12s of errors". It needs no data source,
 * so it is useful offline and in any LSP client. VS Code's client replaces the title with live numbers (budget left,
 * burn rates) when it has them, keyed by the `key` argument.
 */
export function registerCodeLens(state: ServerState): ServerCapabilities {
  // The open document as it is now, even when diagnostics have not caught up with the last keystroke yet.
  const sources = intelSources(state);
  state.connection.onCodeLens(params => {
    const file = sources.current(params.textDocument.uri);
    if (!file || !file.model.slos.length) return [];
    const lenses: CodeLens[] = [];
    for (const s of fileSubjects(file, state.engine.workspace.view().view, { slothDefaultPeriod: state.engine.configFor(file.path).slothDefaultPeriod })) {
      const text = staticBudgetText(s);
      if (!text) continue;
      const title = s.objective && file.model.slos.filter(x => x.name === s.name).length > 1 ? `${s.objective}: ${text}` : text;
      lenses.push({ range: s.range, command: { title, command: BURN_DOWN_COMMAND, arguments: [s.key] } });
    }
    return lenses;
  });
  return { codeLensProvider: { resolveProvider: false } };
}
