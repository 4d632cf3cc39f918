import type { ServerCapabilities } from 'vscode-languageserver/node';
import type { ServerState } from './server';
import { Methods, type BudgetSubjectsParams, type BudgetSubjectsResult } from '../../../shared/src/protocol';
import { budgetSubjects, fileSubjects } from '../engine/budget/subjects';
import { intelSources } from './intel';

/**
 * `sloLens/budgetSubjects`: the SLOs as plain budget subjects (target, window, SLI queries, ranges). The editor asks
 * for them and queries Prometheus itself, so the data source URL and its token stay in the editor process; this
 * server never talks to Prometheus.
 */
export function registerBudgetRequests(state: ServerState, indexed: () => Promise<void>): ServerCapabilities {
  const sources = intelSources(state);
  state.connection.onRequest(Methods.budgetSubjects, async (params: BudgetSubjectsParams | undefined): Promise<BudgetSubjectsResult> => {
    const opts = { slothDefaultPeriod: state.engine.config.slothDefaultPeriod };
    const ws = state.engine.workspace;
    if (params?.uri) {
      const file = sources.current(params.uri);
      return { subjects: file ? fileSubjects(file, ws.view().view, { slothDefaultPeriod: state.engine.configFor(file.path).slothDefaultPeriod }) : [] };
    }
    await indexed();
    const files = [...ws.allFiles()].filter(f => f.model.slos.length > 0 && !state.engine.isIgnored(f));
    return { subjects: budgetSubjects(files, ws.view().view, opts) };
  });
  return {};
}
