import * as vscode from 'vscode';
import type { BudgetController } from './controller';
import { compareWorstFirst, formatBurn, formatPercent, formatTarget, shortBudgetText, staticBudgetText } from '../../../server/src/engine/budget/format';
import { BURN_WINDOWS, type BudgetStatus, type BudgetSubject } from '../../../server/src/engine/budget/types';
import { formatDuration } from '../../../server/src/engine/durations';

/**
 * One status bar item for the error budget: the active file's SLOs (or, when it has none, the workspace's), showing
 * the worst one's name, budget left and fastest burn. Warning/error theme backgrounds by level, a Markdown tooltip
 * with every SLO's numbers and command links, click → quick pick of all SLOs by budget left. Without a data source it
 * offers to configure one.
 */

export const COMMANDS = {
  refresh: 'sloLens.refreshBudgets',
  pick: 'sloLens.pickSlo',
  configure: 'sloLens.configurePrometheus',
  setToken: 'sloLens.setPrometheusToken',
  clearToken: 'sloLens.clearPrometheusToken',
  burnDown: 'sloLens.showBurnDown',
  reveal: 'sloLens.revealSlo',
  /** For tests (not in the palette): the item's text, tooltip, colour and command. */
  statusText: 'sloLens.getStatusText',
  /** For tests (not in the palette): the controller's numbers. */
  snapshot: 'sloLens.getBudgetSnapshot',
} as const;

export interface StatusView { visible: boolean; text: string; tooltip: string; backgroundColor?: string; command?: string; stale: boolean; scope: 'file' | 'workspace' | 'none' }

const ICON: Record<BudgetStatus['status'], string> = {
  ok: '$(pulse)', warning: '$(warning)', exhausted: '$(error)', error: '$(debug-disconnect)', 'no-data': '$(circle-slash)', unsupported: '$(circle-slash)',
};

/** "12s", "5m", "2h": the age of data. */
export function age(ms: number): string {
  if (ms < 60_000) return `${Math.max(0, Math.round(ms / 1000))}s`;
  return formatDuration(ms).split(' ')[0];
}

const cmd = (id: string, args?: unknown[]) => `command:${id}${args ? `?${encodeURIComponent(JSON.stringify(args))}` : ''}`;
const escapeMd = (s: string) => s.replace(/[\\`*_{}[\]()#+!|<>]/g, m => `\\${m}`);

export class BudgetStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private fileKeys: Set<string> | undefined;
  private view: StatusView = { visible: false, text: '', tooltip: '', stale: false, scope: 'none' };
  private ticker: NodeJS.Timeout;

  constructor(private readonly controller: BudgetController) {
    this.item = vscode.window.createStatusBarItem('sloLens.budget', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'SLO Lens: error budget';
    this.disposables.push(
      this.item,
      controller.onDidChange(() => this.render()),
      vscode.window.onDidChangeActiveTextEditor(() => void this.trackActive()),
    );
    // Re-render now and then so the data's age stays true between refreshes.
    this.ticker = setInterval(() => this.render(), 15_000);
    void this.trackActive();
  }

  /** The active file's SLO keys (asked from the server, so it is right even before the first refresh). */
  private async trackActive(): Promise<void> {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || doc.languageId !== 'yaml') { this.fileKeys = undefined; this.render(); return; }
    try {
      const subjects = await this.controller.fileSubjects(doc.uri);
      this.fileKeys = subjects.length ? new Set(subjects.map(s => s.key)) : undefined;
    } catch { this.fileKeys = undefined; }
    this.render();
  }

  current(): StatusView { return this.view; }

  render(): void {
    this.view = this.compute();
    const v = this.view;
    if (!v.visible) { this.item.hide(); return; }
    this.item.text = v.text;
    this.item.command = v.command;
    this.item.backgroundColor = v.backgroundColor ? new vscode.ThemeColor(v.backgroundColor) : undefined;
    const md = new vscode.MarkdownString(v.tooltip, true);
    md.isTrusted = { enabledCommands: Object.values(COMMANDS) };
    md.supportHtml = false;
    this.item.tooltip = md;
    this.item.accessibilityInformation = { label: v.text.replace(/\$\([^)]*\)\s*/g, ''), role: 'button' };
    this.item.show();
  }

  private compute(): StatusView {
    const snap = this.controller.snapshot;
    const subjects = snap.subjects;
    if (!subjects.length) return { visible: false, text: '', tooltip: '', stale: false, scope: 'none' };
    if (!this.controller.hasDataSource()) {
      const rows = subjects.slice(0, 15).map(s => `| ${escapeMd(s.name)} | ${escapeMd(staticBudgetText(s) ?? '–')} |`);
      const tooltip = [
        `**SLO error budgets** · ${subjects.length} SLO${subjects.length === 1 ? '' : 's'} in the workspace`, '',
        'No Prometheus data source is configured, so only the static budget is known:', '',
        '| SLO | budget |', '|---|---|', ...rows, ...(subjects.length > 15 ? [`| … ${subjects.length - 15} more | |`] : []), '',
        `[$(plug) Configure a data source](${cmd(COMMANDS.configure)})`,
      ].join('\n');
      return { visible: true, text: '$(plug) SLO budget: connect Prometheus', tooltip, command: COMMANDS.configure, stale: false, scope: 'none' };
    }
    const all = [...snap.statuses.values()];
    const inFile = this.fileKeys ? all.filter(s => this.fileKeys!.has(s.key!)) : [];
    const scope: 'file' | 'workspace' = inFile.length ? 'file' : 'workspace';
    const shown = (inFile.length ? inFile : all).sort(compareWorstFirst);
    const ageMs = snap.updatedAt ? Date.now() - snap.updatedAt : undefined;
    const stale = !!snap.lastError || (ageMs !== undefined && ageMs > this.controller.staleAfterMs());
    const staleText = stale && ageMs !== undefined ? ` · ${age(ageMs)} old` : '';
    if (!shown.length) {
      const text = snap.refreshing ? '$(sync~spin) SLO budget' : snap.lastError ? '$(debug-disconnect) SLO budget: unreachable' : '$(pulse) SLO budget';
      return { visible: true, text, tooltip: this.tooltip([], scope, ageMs), command: COMMANDS.pick, stale, scope, backgroundColor: snap.lastError ? 'statusBarItem.errorBackground' : undefined };
    }
    const worst = shown[0];
    const more = shown.length > 1 ? ` (+${shown.length - 1})` : '';
    const text = `${ICON[worst.status]} ${shortBudgetText(worst)}${more}${staleText}`;
    const bg = worst.status === 'warning' ? 'statusBarItem.warningBackground'
      : worst.status === 'exhausted' || worst.status === 'error' ? 'statusBarItem.errorBackground' : undefined;
    return { visible: true, text, tooltip: this.tooltip(shown, scope, ageMs), command: COMMANDS.pick, backgroundColor: bg, stale, scope };
  }

  private tooltip(shown: BudgetStatus[], scope: 'file' | 'workspace', ageMs: number | undefined): string {
    const snap = this.controller.snapshot;
    const sources = snap.dataSources.map(d => d.origin).join(', ');
    const head = `**SLO error budgets** · ${scope === 'file' ? 'this file' : 'workspace'} · ${ageMs !== undefined ? `updated ${age(ageMs)} ago` : 'not updated yet'} from ${escapeMd(sources)}`;
    const lines = [head, ''];
    if (snap.lastError) lines.push(`$(warning) ${escapeMd(snap.lastError)}`, '');
    if (shown.length) {
      lines.push('| SLO | target | left | 1h | 6h | 1d | 3d | |', '|---|---|---|---|---|---|---|---|');
      for (const s of shown.slice(0, 20)) {
        const target = s.target !== null && s.window ? `${formatTarget(s.target)} % / ${s.window}` : '–';
        const numbers = s.status === 'ok' || s.status === 'warning' || s.status === 'exhausted';
        lines.push(`| [${escapeMd(s.name)}](${cmd(COMMANDS.reveal, [s.key])}) | ${target} | ${numbers ? formatPercent(s.errorBudget.remaining) : '–'} | ${BURN_WINDOWS.map(w => (numbers ? formatBurn(s.burnRates[w]) : '–')).join(' | ')} | ${ICON[s.status]} ${s.status}${s.message && !numbers ? `: ${escapeMd(s.message)}` : ''} |`);
      }
      if (shown.length > 20) lines.push(`| … ${shown.length - 20} more | | | | | | | |`);
      lines.push('');
    }
    lines.push([
      `[$(refresh) Refresh](${cmd(COMMANDS.refresh)})`, `[$(list-flat) All SLOs](${cmd(COMMANDS.pick)})`,
      `[$(graph-line) Burn-down](${cmd(COMMANDS.burnDown, shown[0]?.key ? [shown[0].key] : undefined)})`,
      `[$(plug) Data source](${cmd(COMMANDS.configure)})`, `[$(key) Token](${cmd(COMMANDS.setToken)})`,
    ].join(' · '));
    return lines.join('\n');
  }

  dispose(): void {
    clearInterval(this.ticker);
    for (const d of this.disposables) d.dispose();
  }
}

/** `sloLens.pickSlo`: every SLO, least budget left first; pick → go to it; the chart button → burn-down. */
export async function pickSlo(controller: BudgetController): Promise<void> {
  if (!controller.snapshot.subjects.length) await controller.refresh('pick');
  const subjects = controller.snapshot.subjects;
  const status = (s: BudgetSubject) => controller.status(s.key);
  const sorted = [...subjects].sort((a, b) => {
    const sa = status(a), sb = status(b);
    if (sa && sb) return compareWorstFirst(sa, sb);
    return sa ? -1 : sb ? 1 : a.name.localeCompare(b.name);
  });
  const chart: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('graph-line'), tooltip: 'Show the burn-down' };
  type Item = vscode.QuickPickItem & { key: string };
  const items: Item[] = sorted.map(s => {
    const st = status(s);
    const numbers = st && (st.status === 'ok' || st.status === 'warning' || st.status === 'exhausted');
    return {
      key: s.key,
      label: `${st ? ICON[st.status] : '$(pulse)'} ${s.name}${s.objective ? ` · ${s.objective}` : ''}`,
      description: numbers ? `${formatPercent(st.errorBudget.remaining)} left · burn ${BURN_WINDOWS.map(w => `${w} ${formatBurn(st.burnRates[w])}`).join(' ')}` : st ? `${st.status}${st.message ? `: ${st.message}` : ''}` : staticBudgetText(s) ?? '',
      detail: `${vscode.workspace.asRelativePath(vscode.Uri.parse(s.uri))}${s.target !== undefined && s.window ? ` · ${formatTarget(s.target)} % over ${s.window.text}` : ''}`,
      buttons: [chart],
    };
  });
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = 'SLO error budgets (least budget left first)';
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.items = items;
  const done = new Promise<void>(resolve => {
    qp.onDidAccept(() => { const it = qp.selectedItems[0]; qp.hide(); if (it) void vscode.commands.executeCommand(COMMANDS.reveal, it.key); });
    qp.onDidTriggerItemButton(e => { qp.hide(); void vscode.commands.executeCommand(COMMANDS.burnDown, e.item.key); });
    qp.onDidHide(() => { qp.dispose(); resolve(); });
  });
  qp.show();
  await done;
}

/** `sloLens.revealSlo`: opens the file and selects the SLO's name. */
export async function revealSlo(controller: BudgetController, key: string): Promise<void> {
  const s = controller.subject(key);
  if (!s) return;
  const range = new vscode.Range(s.range.start.line, s.range.start.character, s.range.end.line, s.range.end.character);
  await vscode.window.showTextDocument(vscode.Uri.parse(s.uri), { selection: range, preserveFocus: false });
}
