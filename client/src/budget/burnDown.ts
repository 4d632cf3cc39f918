import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { BudgetController } from './controller';
import { dataSourceFor } from './dataSource';
import { burnDown } from '../../../server/src/engine/budget/burndown';
import { PromError } from '../../../server/src/engine/budget/prometheus';
import { formatBurn, formatPercent, liveBudgetText, staticBudgetText } from '../../../server/src/engine/budget/format';
import type { BudgetSubject } from '../../../server/src/engine/budget/types';
import type { FromView, ToView } from './webview/burnDownView';

/**
 * The burn-down view: a webview with the bundled Chart.js script (dist/burndown.js), a strict Content-Security-Policy
 * (no remote content, scripts and styles only with this page's nonce) and theme colours. The extension queries
 * Prometheus (query_range, through the engine) and posts the data; the page only draws.
 */

export interface BurnDownResult { rendered: boolean; points?: number; tiers?: number; error?: string }

let panel: vscode.WebviewPanel | undefined;
let current: { key: string; pending?: (r: BurnDownResult) => void } | undefined;
let ready: Promise<void> | undefined;

/** `sloLens.showBurnDown [key]`: resolves when the chart is drawn (or says why not), for tests. */
export async function showBurnDown(context: vscode.ExtensionContext, controller: BudgetController, key?: string): Promise<BurnDownResult> {
  const subject = key ? (controller.subject(key) ?? await findSubject(controller, key)) : await pickSubject(controller);
  if (!subject) return { rendered: false, error: key ? `no SLO ${key}` : 'no SLO picked' };
  const ds = dataSourceFor(vscode.Uri.parse(subject.uri));
  if (!ds) {
    const text = staticBudgetText(subject);
    void vscode.window.showInformationMessage(`${subject.name}${text ? `: ${text}` : ''}. Configure a Prometheus data source to see its burn-down.`, 'Configure…')
      .then(c => (c ? vscode.commands.executeCommand('sloLens.configurePrometheus') : undefined));
    return { rendered: false, error: 'no data source' };
  }
  open(context, controller);
  current = { key: subject.key };
  return draw(controller, subject);
}

async function findSubject(controller: BudgetController, key: string): Promise<BudgetSubject | undefined> {
  await controller.refresh('burn-down');
  return controller.subject(key);
}

async function pickSubject(controller: BudgetController): Promise<BudgetSubject | undefined> {
  if (!controller.snapshot.subjects.length) await controller.refresh('burn-down');
  const items = controller.snapshot.subjects.map(s => ({ label: s.name, description: s.objective, detail: vscode.workspace.asRelativePath(vscode.Uri.parse(s.uri)), s }));
  return (await vscode.window.showQuickPick(items, { title: 'Burn-down of which SLO?', matchOnDetail: true }))?.s;
}

function open(context: vscode.ExtensionContext, controller: BudgetController): void {
  if (panel) { panel.reveal(vscode.ViewColumn.Beside, true); return; }
  const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
  panel = vscode.window.createWebviewPanel('sloLens.burnDown', 'SLO burn-down', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
    enableScripts: true, localResourceRoots: [dist], retainContextWhenHidden: false,
  });
  const nonce = randomBytes(18).toString('base64');
  const script = panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'burndown.js'));
  panel.webview.html = html(panel.webview.cspSource, nonce, script.toString());
  let resolveReady!: () => void;
  let readyOnce = false;
  ready = new Promise(r => { resolveReady = r; });
  panel.webview.onDidReceiveMessage((m: FromView) => {
    if (m.type === 'ready') {
      // A page reloaded after being hidden asks again: draw the current SLO once more.
      const again = readyOnce && current && !current.pending;
      readyOnce = true;
      resolveReady();
      if (again) { const s = controller.subject(current!.key); if (s) void draw(controller, s); }
    }
    else if (m.type === 'refresh' && current) { const s = controller.subject(current.key); if (s) void draw(controller, s); }
    else if (m.type === 'rendered') { current?.pending?.({ rendered: true, points: m.points, tiers: m.tiers }); if (current) current.pending = undefined; }
  });
  panel.onDidDispose(() => { panel = undefined; ready = undefined; current?.pending?.({ rendered: false, error: 'closed' }); current = undefined; });
}

async function draw(controller: BudgetController, subject: BudgetSubject): Promise<BurnDownResult> {
  const p = panel;
  if (!p || !ready) return { rendered: false, error: 'no panel' };
  p.title = `Burn-down: ${subject.name}`;
  const title = `${subject.name}${subject.objective ? ` · ${subject.objective}` : ''}`;
  const timeout = new Promise<void>(r => setTimeout(r, 10_000));
  await Promise.race([ready, timeout]);
  const post = (m: ToView) => void p.webview.postMessage(m);
  post({ type: 'loading', title });
  const ds = dataSourceFor(vscode.Uri.parse(subject.uri));
  if (!ds) { post({ type: 'error', title, message: 'No Prometheus data source is configured.' }); return { rendered: false, error: 'no data source' }; }
  try {
    const client = await controller.prometheus(ds);
    const data = await burnDown(subject, client);
    const status = controller.status(subject.key);
    const last = data.remaining[data.remaining.length - 1]?.[1];
    const summary = [
      staticBudgetText(subject),
      status ? liveBudgetText(status).replace(/\$\([^)]*\)\s*/g, '') : `${formatPercent(last)} left`,
      `max 1h burn ${formatBurn(Math.max(0, ...data.burn[0].points.map(x => x[1])))}`,
    ].filter(Boolean).join(' · ');
    const notes = [
      data.weighting === 'events' ? 'Weighted by events (bad ÷ budget × all events in the window).' : 'Weighted by time (each step’s error ratio).',
      `From ${ds.origin}, step ${Math.round(data.step / 60)} min.`,
      ...data.warnings.map(w => `Prometheus: ${w}`),
    ];
    const rendered = new Promise<BurnDownResult>(resolve => {
      if (current) current.pending = resolve;
      setTimeout(() => resolve({ rendered: false, error: 'the view did not report drawing within 15 s' }), 15_000);
    });
    post({ type: 'data', title, summary, notes, data });
    return await rendered;
  } catch (e) {
    const message = e instanceof PromError ? e.message : (e as Error)?.message ?? String(e);
    post({ type: 'error', title, message });
    return { rendered: false, error: message };
  }
}

function html(cspSource: string, nonce: string, script: string): string {
  const csp = [
    "default-src 'none'", `img-src ${cspSource} data:`, `style-src 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`, `font-src ${cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>SLO burn-down</title>
<style nonce="${nonce}">
  body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 16px 16px; }
  header { display: flex; align-items: baseline; gap: 12px; flex-wrap: wrap; }
  h1 { font-size: 1.3em; font-weight: 600; margin: 14px 0 4px; }
  h2 { font-size: 1em; font-weight: 600; margin: 18px 0 6px; color: var(--vscode-descriptionForeground); }
  #summary, #notes, #status { color: var(--vscode-descriptionForeground); }
  #notes { font-size: 0.9em; margin-top: 12px; }
  .chart { position: relative; height: 260px; }
  button { margin-left: auto; color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 4px 12px; cursor: pointer; }
  button:hover { background: var(--vscode-button-hoverBackground); }
  button:focus { outline: 1px solid var(--vscode-focusBorder); }
</style>
</head>
<body>
<header><h1 id="title">SLO burn-down</h1><button id="refresh" type="button">Refresh</button></header>
<p id="status" role="status">Loading…</p>
<main id="charts" hidden>
  <p id="summary"></p>
  <h2>Budget remaining over the window</h2>
  <div class="chart"><canvas id="remaining" role="img" aria-label="Error budget remaining over the SLO window against the ideal linear burn"></canvas></div>
  <h2>Burn rate and alert tiers</h2>
  <div class="chart"><canvas id="burn" role="img" aria-label="Burn rate over 1 hour and 6 hours against the burn-rate alert tiers"></canvas></div>
  <p id="notes"></p>
</main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
