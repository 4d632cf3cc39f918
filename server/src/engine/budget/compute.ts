import { formatDuration } from '../durations';
import { formatTarget } from './format';
import { allowedBadTimeMs, budgetLevel, burnRate, consumedFraction, errorBudget, remainingFraction, timeToExhaustionMs } from './math';
import { PromError, type PrometheusClient } from './prometheus';
import { windowQuery } from './queries';
import { BURN_WINDOWS, BURN_WINDOW_MS, DEFAULT_WARNING_POLICY, type BudgetStatus, type BudgetSubject, type BurnWindow, type WarningPolicy } from './types';

/**
 * Live budgets for many SLOs. Each SLO needs its error ratio over five windows (its own and 1h, 6h, 1d, 3d). The
 * distinct expressions are tagged with `label_replace(…, "slo_lens_q", "<n>", "", "")` and joined with `or` into a few
 * instant queries, sent with limited concurrency. When Prometheus rejects a joined query (one SLO's query is bad),
 * it is split in halves until the bad part stands alone, so only that SLO shows the error. When the server itself
 * fails (refused, timeout, 401, HTML, …) the remaining requests are not sent: every SLO gets `error` with the same
 * message at once.
 */

export interface ComputeOptions {
  /** Evaluation time, unix seconds (default: the server's now). */
  time?: number;
  /** Expressions per joined query. */
  batchSize?: number;
  /** Longest joined query in characters (a proxy may cap request sizes). */
  maxQueryChars?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  warningPolicy?: WarningPolicy;
  signal?: AbortSignal;
  /** Look up the server's retention and warn about longer windows (default true). */
  checkRetention?: boolean;
}

export interface ComputeStats { expressions: number; requests: number; ms: number }

interface Value { value: number; labels?: Record<string, string>; error?: string; warnings?: string[] }

const TAG = 'slo_lens_q';

export async function computeBudgets(subjects: BudgetSubject[], client: PrometheusClient, opts: ComputeOptions = {}): Promise<{ statuses: BudgetStatus[]; stats: ComputeStats }> {
  const started = Date.now();
  const requestsBefore = client.requests;
  const policy = opts.warningPolicy ?? DEFAULT_WARNING_POLICY;
  // Distinct expressions, shared by SLOs that ask the same thing (e.g. one SLO written in two formats).
  const exprIndex = new Map<string, number>();
  const exprs: string[] = [];
  const intern = (q: string) => { let i = exprIndex.get(q); if (i === undefined) { i = exprs.length; exprs.push(q); exprIndex.set(q, i); } return i; };
  const plans = subjects.map(s => {
    const problem = staticProblem(s);
    if (problem) return { problem };
    const windows = [s.window!.ms, ...BURN_WINDOWS.map(w => BURN_WINDOW_MS[w])];
    const ids: number[] = [];
    for (const ms of windows) {
      const q = windowQuery(s, ms);
      if ('unsupported' in q) return { problem: q.unsupported };
      ids.push(intern(q.ratio));
    }
    return { ids };
  });

  const retention = opts.checkRetention === false ? Promise.resolve(undefined) : client.retentionMs().catch(() => undefined);
  const values = await evaluate(exprs, client, opts);
  const retentionMs = await retention;
  const evaluatedAt = Date.now();

  const statuses = subjects.map((s, i) => {
    const plan = plans[i];
    if ('problem' in plan) return base(s, 'unsupported', plan.problem, evaluatedAt);
    const [own, ...burns] = plan.ids!.map(id => values[id]);
    return assemble(s, own, burns, policy, retentionMs, evaluatedAt);
  });
  return { statuses, stats: { expressions: exprs.length, requests: client.requests - requestsBefore, ms: Date.now() - started } };
}

/** Why an SLO cannot have a live budget, before any query. */
function staticProblem(s: BudgetSubject): string | undefined {
  if (s.unsupported) return s.unsupported;
  if (s.target === undefined) return 'the SLO has no target';
  if (!(s.target >= 0 && s.target <= 1)) return `the target reads as ${formatTarget(s.target)} %, outside 0–100 % (check its scale)`;
  if (!s.window) return 'the SLO has no window';
  if (!s.sli) return 'the SLO has no SLI to query';
  return undefined;
}

function base(s: BudgetSubject, status: BudgetStatus['status'], message: string | undefined, evaluatedAt: number): BudgetStatus {
  const total = s.target !== undefined && s.target >= 0 && s.target <= 1 ? errorBudget(s.target) : null;
  const allowed = s.target !== undefined && s.window ? allowedBadTimeMs(s.target, s.window.ms) : NaN;
  return {
    file: s.file, name: s.name, ...(s.service !== undefined ? { service: s.service } : {}),
    target: s.target ?? null, window: s.window?.text ?? null, sli: null,
    errorBudget: { total, consumed: null, remaining: null },
    burnRates: { '1h': null, '6h': null, '1d': null, '3d': null },
    status, ...(message ? { message } : {}),
    ...(s.objective ? { objective: s.objective } : {}), format: s.format, key: s.key,
    allowedBadTimeMs: Number.isFinite(allowed) ? allowed : null, evaluatedAt,
    ...(s.notes?.length ? { warnings: [...s.notes] } : {}),
  };
}

const finite = (n: number): number | null => (Number.isFinite(n) ? n : null);

function assemble(s: BudgetSubject, own: Value, burns: Value[], policy: WarningPolicy, retentionMs: number | undefined, evaluatedAt: number): BudgetStatus {
  const warnings = [...(s.notes ?? [])];
  if (retentionMs !== undefined && s.window!.ms > retentionMs) {
    warnings.push(`the SLO window (${s.window!.text}) is longer than the server's retention (${formatDuration(retentionMs)}): the budget covers only the data kept`);
  }
  for (const v of [own, ...burns]) for (const w of v.warnings ?? []) if (!warnings.includes(w)) warnings.push(`Prometheus: ${w}`);
  const withWarnings = (st: BudgetStatus) => (warnings.length ? { ...st, warnings } : st);
  if (own.error) return withWarnings(base(s, 'error', own.error, evaluatedAt));
  const B = errorBudget(s.target!);
  const e = own.value;
  if (Number.isNaN(e)) {
    const st = base(s, 'no-data', own.labels === undefined
      ? `no samples for the SLI over ${s.window!.text}: check the metric names and labels`
      : `no traffic over ${s.window!.text} (0 of 0 requests): the error ratio is undefined`, evaluatedAt);
    return withWarnings(st);
  }
  if (!Number.isFinite(e)) return withWarnings(base(s, 'error', `the error ratio over ${s.window!.text} is ${e > 0 ? '+' : '-'}Inf: the total query is 0 where the error query is not; check that it counts all requests`, evaluatedAt));
  if (e > 1 + 1e-9) warnings.push(`the error ratio is ${e.toPrecision(4)}, above 1: the error query counts more than the total query`);
  if (e < -1e-9) warnings.push(`the error ratio is negative (${e.toPrecision(4)}): the good query counts more than the total query`);
  if (own.labels && Object.keys(own.labels).length) warnings.push(`worst group: ${Object.entries(own.labels).map(([k, v]) => `${k}="${v}"`).join(', ')}`);
  const consumed = consumedFraction(e, B);
  const remaining = remainingFraction(consumed);
  const burnRates = {} as Record<BurnWindow, number | null>;
  const burnNums: Partial<Record<BurnWindow, number>> = {};
  BURN_WINDOWS.forEach((w, i) => {
    const v = burns[i];
    const r = v.error ? NaN : burnRate(v.value, B);
    burnRates[w] = finite(r);
    if (Number.isFinite(r)) burnNums[w] = r;
    else if (r === Infinity) burnNums[w] = r;
  });
  const level = budgetLevel(remaining, burnNums, policy);
  const message = level === 'exhausted' ? (B === 0 ? 'a 100 % target has no error budget: any error exhausts it' : `the error budget is spent: ${formatPct(-remaining)} over`)
    : level === 'warning' ? (remaining < policy.remainingBelow ? `less than ${formatPct(policy.remainingBelow)} of the budget is left` : 'burning at a paging rate')
    : undefined;
  const current = burnNums['1h'] ?? NaN;
  const tte = timeToExhaustionMs(remaining, current, s.window!.ms);
  return {
    ...base(s, level, message, evaluatedAt),
    sli: finite(1 - e),
    errorBudget: { total: B, consumed: finite(consumed), remaining: finite(remaining) },
    burnRates,
    timeToExhaustionMs: Number.isNaN(tte) || tte === Infinity ? null : tte,
    ...(warnings.length ? { warnings } : {}),
  };
}

const formatPct = (f: number) => `${Number((f * 100).toFixed(1))} %`;

/** Evaluates distinct expressions in joined, concurrency-limited queries. Never throws. */
async function evaluate(exprs: string[], client: PrometheusClient, opts: ComputeOptions): Promise<Value[]> {
  const out: Value[] = exprs.map(() => ({ value: NaN }));
  const batchSize = Math.max(1, opts.batchSize ?? 20);
  const maxChars = opts.maxQueryChars ?? 60_000;
  const batches: number[][] = [];
  let cur: number[] = [];
  let chars = 0;
  exprs.forEach((q, i) => {
    if (cur.length && (cur.length >= batchSize || chars + q.length > maxChars)) { batches.push(cur); cur = []; chars = 0; }
    cur.push(i); chars += q.length + 60;
  });
  if (cur.length) batches.push(cur);

  let fatal: PromError | undefined;
  const runBatch = async (ids: number[]): Promise<void> => {
    if (fatal) { for (const i of ids) out[i] = { value: NaN, error: fatal.message }; return; }
    const joined = ids.length === 1 ? exprs[ids[0]] : ids.map(i => `label_replace(${exprs[i]}, "${TAG}", "${i}", "", "")`).join(' or ');
    try {
      const { data, warnings } = await client.query(joined, opts.time, opts.signal);
      const seen = new Set<number>();
      for (const sample of data) {
        const id = ids.length === 1 ? ids[0] : Number(sample.labels[TAG]);
        if (!ids.includes(id)) continue;
        const { [TAG]: _tag, ...labels } = sample.labels;
        // Several series for one expression (a raw query that keeps labels): the worst one counts.
        if (!seen.has(id) || sample.value > out[id].value || Number.isNaN(out[id].value)) out[id] = { value: sample.value, labels, warnings };
        seen.add(id);
      }
      for (const i of ids) if (!seen.has(i)) out[i] = { value: NaN, warnings };
    } catch (e) {
      const err = e instanceof PromError ? e : new PromError('network', String(e));
      if (err.serverLevel) { fatal ??= err; for (const i of ids) out[i] = { value: NaN, error: err.message }; return; }
      if (ids.length === 1) { out[ids[0]] = { value: NaN, error: err.message }; return; }
      // One bad query spoils the joined one: split in halves until the bad one stands alone.
      const half = Math.ceil(ids.length / 2);
      await pool([ids.slice(0, half), ids.slice(half)], runBatch, 2);
    }
  };
  await pool(batches, runBatch, opts.concurrency ?? 4);
  return out;
}

/** Runs fn over items with at most `limit` in flight. */
async function pool<T>(items: T[], fn: (item: T) => Promise<void>, limit: number): Promise<void> {
  let next = 0;
  const worker = async () => { while (next < items.length) { const item = items[next++]; await fn(item); } };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
