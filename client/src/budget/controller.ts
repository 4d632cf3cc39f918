import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Methods, type BudgetSubjectsParams, type BudgetSubjectsResult } from '../../../shared/src/protocol';
import { computeBudgets } from '../../../server/src/engine/budget/compute';
import { PrometheusClient, PromError } from '../../../server/src/engine/budget/prometheus';
import { DEFAULT_WARNING_POLICY, type BudgetStatus, type BudgetSubject } from '../../../server/src/engine/budget/types';
import { allDataSources, dataSourceFor, tokenFor, type DataSource } from './dataSource';
import { TOKEN_KEY_PREFIX } from './trust';

/**
 * Keeps the live budgets of the workspace's SLOs: asks the language server for the SLOs (as budget subjects), groups
 * them by data source (a workspace folder may use its own Prometheus), and computes the budgets with the engine,
 * here in the editor process, so the token never leaves it. Refreshes on an interval, on save and on command; one
 * refresh at a time (a request during a refresh schedules one more); everything is asynchronous, nothing waits on it.
 */

export interface BudgetSnapshot {
  subjects: BudgetSubject[];
  statuses: Map<string, BudgetStatus>;
  /** When the last refresh finished (unix ms) and whether it reached every data source. */
  updatedAt?: number;
  lastError?: string;
  refreshing: boolean;
  dataSources: DataSource[];
  /** How long the last refresh took. */
  lastMs?: number;
}

export class BudgetController implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private timer: NodeJS.Timeout | undefined;
  private saveTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private abort = new AbortController();
  private clients = new Map<string, PrometheusClient>();
  readonly snapshot: BudgetSnapshot = { subjects: [], statuses: new Map(), refreshing: false, dataSources: [] };

  constructor(private readonly context: vscode.ExtensionContext, private readonly client: LanguageClient, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      vscode.workspace.onDidSaveTextDocument(doc => {
        if (doc.languageId !== 'yaml') return;
        if (this.saveTimer) clearTimeout(this.saveTimer);
        this.saveTimer = setTimeout(() => void this.refresh('save'), 1000);
      }),
      vscode.workspace.onDidChangeConfiguration(e => {
        if (!e.affectsConfiguration('sloLens.prometheus')) return;
        this.clients.clear();
        this.schedule();
        void this.refresh('settings');
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => { this.clients.clear(); void this.refresh('trust'); }),
      context.secrets.onDidChange(e => { if (e.key.startsWith(TOKEN_KEY_PREFIX)) { this.clients.clear(); void this.refresh('token'); } }),
    );
    this.schedule();
  }

  private intervalMs(): number {
    const s = vscode.workspace.getConfiguration('sloLens').get<number>('prometheus.refreshIntervalSeconds', 60);
    return Math.max(10, Number.isFinite(s) ? s : 60) * 1000;
  }

  private schedule(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => void this.refresh('interval'), this.intervalMs());
  }

  /** Data older than this shows its age. */
  staleAfterMs(): number { return this.intervalMs() * 2 + 5000; }

  status(key: string): BudgetStatus | undefined { return this.snapshot.statuses.get(key); }
  subject(key: string): BudgetSubject | undefined { return this.snapshot.subjects.find(s => s.key === key); }
  hasDataSource(): boolean { return allDataSources().length > 0; }

  /** SLOs of one file, straight from the server (fast; no Prometheus). */
  async fileSubjects(uri: vscode.Uri): Promise<BudgetSubject[]> {
    const r = await this.client.sendRequest<BudgetSubjectsResult>(Methods.budgetSubjects, { uri: uri.toString() } satisfies BudgetSubjectsParams);
    return r.subjects;
  }

  /** A client for a data source, with its token (reused across refreshes so the retention lookup is cached). */
  async prometheus(ds: DataSource): Promise<PrometheusClient> {
    const token = await tokenFor(this.context.secrets, ds);
    const timeoutMs = Math.max(1, vscode.workspace.getConfiguration('sloLens').get<number>('prometheus.timeoutSeconds', 10)) * 1000;
    const key = `${ds.url}\u0000${token ? 'token' : ''}\u0000${timeoutMs}`;
    let c = this.clients.get(key);
    if (!c) { c = new PrometheusClient({ url: ds.url, token, timeoutMs }); this.clients.set(key, c); }
    return c;
  }

  /** Refreshes everything; concurrent calls share the running refresh and schedule one more after it. */
  refresh(reason: string): Promise<void> {
    if (this.running) { this.again = true; return this.running; }
    this.running = (async () => {
      try {
        do { this.again = false; await this.refreshOnce(reason); } while (this.again);
      } finally { this.running = undefined; }
    })();
    return this.running;
  }

  private async refreshOnce(reason: string): Promise<void> {
    const started = Date.now();
    this.snapshot.refreshing = true;
    this.changed.fire();
    try {
      const { subjects } = await this.client.sendRequest<BudgetSubjectsResult>(Methods.budgetSubjects, {} satisfies BudgetSubjectsParams);
      this.snapshot.subjects = subjects;
      const groups = new Map<string, { ds: DataSource; subjects: BudgetSubject[] }>();
      for (const s of subjects) {
        const ds = dataSourceFor(vscode.Uri.parse(s.uri));
        if (!ds) continue;
        let g = groups.get(ds.url);
        if (!g) groups.set(ds.url, g = { ds, subjects: [] });
        g.subjects.push(s);
      }
      this.snapshot.dataSources = allDataSources();
      const warnBelow = vscode.workspace.getConfiguration('sloLens').get<number>('prometheus.warnBelowPercent', 25);
      const policy = { ...DEFAULT_WARNING_POLICY, remainingBelow: Math.max(0, warnBelow) / 100 };
      const statuses = new Map<string, BudgetStatus>();
      const errors: string[] = [];
      let requests = 0;
      await Promise.all([...groups.values()].map(async g => {
        try {
          const client = await this.prometheus(g.ds);
          const r = await computeBudgets(g.subjects, client, { warningPolicy: policy, signal: this.abort.signal });
          requests += r.stats.requests;
          const failed = r.statuses.filter(st => st.status === 'error');
          const down = failed.length > 0 && failed.length === r.statuses.length;
          if (down) errors.push(`${g.ds.origin}: ${failed[0].message}`);
          // Server down: keep the last numbers (the status bar shows their age) rather than flipping every SLO to error.
          for (const st of r.statuses) {
            const prev = this.snapshot.statuses.get(st.key!);
            statuses.set(st.key!, down && prev && prev.status !== 'error' ? prev : st);
          }
        } catch (e) {
          // A bad URL or the like: nothing was asked; keep what we had.
          errors.push(`${g.ds.origin}: ${e instanceof PromError ? e.message : String(e)}`);
          for (const s of g.subjects) { const prev = this.snapshot.statuses.get(s.key); if (prev) statuses.set(s.key, prev); }
        }
      }));
      this.snapshot.statuses = statuses;
      this.snapshot.lastError = errors.length ? errors.join('; ') : undefined;
      if (groups.size && !errors.length) this.snapshot.updatedAt = Date.now();
      this.snapshot.lastMs = Date.now() - started;
      if (groups.size) this.log.info(`budget refresh (${reason}): ${statuses.size} SLOs from ${groups.size} data source(s) in ${this.snapshot.lastMs} ms, ${requests} requests${errors.length ? `; ${errors.join('; ')}` : ''}`);
    } catch (e) {
      // The language server is restarting or gone: keep the last numbers, show their age.
      this.snapshot.lastError = `language server: ${(e as Error)?.message ?? e}`;
      this.log.warn(`budget refresh (${reason}) failed: ${this.snapshot.lastError}`);
    } finally {
      this.snapshot.refreshing = false;
      this.changed.fire();
    }
  }

  dispose(): void {
    this.abort.abort();
    if (this.timer) clearInterval(this.timer);
    if (this.saveTimer) clearTimeout(this.saveTimer);
    for (const d of this.disposables) d.dispose();
  }
}
