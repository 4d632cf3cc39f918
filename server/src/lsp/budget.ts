import type { ServerCapabilities } from 'vscode-languageserver/node';
import type { ServerState } from './server';
import { Methods, type BudgetSubjectsParams, type BudgetSubjectsResult } from '../../../shared/src/protocol';
import { fileSubjects } from '../engine/budget/subjects';
import { intelSources } from './intel';

/**
 * `sloLens/budgetSubjects`: the SLOs as plain budget subjects (target, window, SLI queries, ranges). The editor asks
 * for them and queries Prometheus itself, so the data source URL and its token stay in the editor process; this
 * server never talks to Prometheus.
 */
export function registerBudgetRequests(state: ServerState, indexed: () => Promise<void>): ServerCapabilities {
  const sources = intelSources(state);
  state.connection.onRequest(Methods.budgetSubjects, async (params: BudgetSubjectsParams | undefined): Promise<BudgetSubjectsResult> => {
    const ws = state.engine.workspace;
    // Each file with its own folder's Sloth period (multi-root workspaces may set different ones).
    const optsFor = (path: string) => ({ slothDefaultPeriod: state.engine.configFor(path).slothDefaultPeriod });
    if (params?.uri) {
      const file = sources.current(params.uri);
      return { subjects: file ? fileSubjects(file, ws.view().view, optsFor(file.path)) : [] };
    }
    await indexed();
    const view = ws.view().view;
    const files = [...ws.allFiles()].filter(f => f.model.slos.length > 0 && !state.engine.isIgnored(f));
    return { subjects: files.flatMap(f => fileSubjects(f, view, optsFor(f.path))) };
  });
  return {};
}
