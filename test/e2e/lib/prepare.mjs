// What both editor runners (code-server here, VS Code desktop through @vscode/test-electron) prepare before the
// extension-host suite runs: a fresh copy of the examples, the engine's and the CLI's view of it, a real Prometheus
// with 31 days of synthetic data, and the compiled suite with its config.
import { makeWorkspace, engineView, buildExtHostSuite, cliBudget, LIVE_SLO } from './workspace.mjs';
import { startPrometheus } from '../../integration/helpers/prometheus.ts';

/** @returns {Promise<{ prom, workspace: string, view, budget, testsEntry: string, promMs: number }>} */
export async function prepareExtHostRun(runDir) {
  const t = Date.now();
  const prom = await startPrometheus({ days: 31, step: 60 });
  const promMs = Date.now() - t;
  try {
    const workspace = makeWorkspace(runDir, 'exthost-ws');
    const view = await engineView(workspace);
    const budget = { prometheusUrl: prom.url, cli: cliBudget(workspace, prom.url), sloFile: LIVE_SLO.file, sloName: LIVE_SLO.name };
    const testsEntry = await buildExtHostSuite(runDir, { ...view, budget });
    return { prom, workspace, view, budget, testsEntry, promMs };
  } catch (e) {
    await prom.stop();
    throw e;
  }
}
