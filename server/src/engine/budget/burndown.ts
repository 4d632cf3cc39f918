import { errorBudget } from './math';
import type { PrometheusClient } from './prometheus';
import { windowQuery } from './queries';
import type { BudgetSubject, ChartTier } from './types';

/**
 * The data of the burn-down chart: budget remaining across the SLO window, from `query_range`, against the ideal
 * linear burn (1 at the window's start, 0 at its end), plus the 1h and 6h burn rates over the same span with the
 * format's alerting tiers.
 *
 * Remaining at time t = 1 − (bad events from the window's start to t) / (budget × all events in the window), so the
 * last point equals the budget's `remaining`. SLIs that are not event counts (Sloth raw, slo-generator query_sli,
 * time slices) are weighed by time: each step contributes its error ratio × step / window.
 */

export interface BurnDownData {
  name: string;
  target: number;
  window: string;
  /** Unix seconds. */
  start: number;
  end: number;
  step: number;
  weighting: 'events' | 'time';
  remaining: [number, number][];
  ideal: [number, number][];
  burn: { window: '1h' | '6h'; points: [number, number][] }[];
  tiers: ChartTier[];
  warnings: string[];
}

export interface BurnDownOptions { end?: number; points?: number; signal?: AbortSignal }

export async function burnDown(subject: BudgetSubject, client: PrometheusClient, opts: BurnDownOptions = {}): Promise<BurnDownData> {
  if (subject.unsupported) throw new Error(subject.unsupported);
  if (subject.target === undefined || !subject.window) throw new Error('the SLO needs a target and a window for a burn-down');
  const B = errorBudget(subject.target);
  if (!(B > 0)) throw new Error('a 100 % target has no budget to burn down');
  const W = subject.window.ms / 1000;
  const end = Math.floor(opts.end ?? Date.now() / 1000);
  const points = Math.max(10, Math.min(opts.points ?? 240, 2000));
  const step = Math.max(60, Math.ceil(W / points / 60) * 60);
  const start = end - Math.floor(W / step) * step;
  const q = windowQuery(subject, step * 1000);
  if ('unsupported' in q) throw new Error(q.unsupported);
  const warnings: string[] = [];
  const first = start + step;
  const range = (expr: string) => client.queryRange(expr, first, end, step, opts.signal).then(r => {
    for (const w of r.warnings) if (!warnings.includes(w)) warnings.push(w);
    return seriesMax(r.data.map(s => s.points));
  });

  let remaining: [number, number][];
  let weighting: 'events' | 'time';
  const burnQueries = (['1h', '6h'] as const).map(w => {
    const bq = windowQuery(subject, w === '1h' ? 3_600_000 : 21_600_000);
    return 'unsupported' in bq ? Promise.resolve(new Map<number, number>()) : range(bq.ratio);
  });
  if (q.errors && q.total) {
    weighting = 'events';
    const [bad, total] = await Promise.all([range(q.errors), range(q.total)]);
    let allEvents = 0;
    for (const v of total.values()) if (Number.isFinite(v)) allEvents += v;
    let cum = 0;
    remaining = [[start, 1]];
    for (let t = first; t <= end; t += step) {
      const b = bad.get(t);
      if (b !== undefined && Number.isFinite(b)) cum += b;
      remaining.push([t, allEvents > 0 ? 1 - cum / (B * allEvents) : 1]);
    }
    if (allEvents === 0) warnings.push('no events in the window: nothing to burn down');
  } else {
    weighting = 'time';
    const ratio = await range(q.ratio);
    let cum = 0;
    remaining = [[start, 1]];
    for (let t = first; t <= end; t += step) {
      const r = ratio.get(t);
      if (r !== undefined && Number.isFinite(r)) cum += (r * step) / W;
      remaining.push([t, 1 - cum / B]);
    }
  }
  const burns = await Promise.all(burnQueries);
  return {
    name: subject.name, target: subject.target, window: subject.window.text, start, end, step, weighting, remaining,
    ideal: [[start, 1], [end, 1 - (end - start) / W]],
    burn: (['1h', '6h'] as const).map((w, i) => ({
      window: w,
      points: [...burns[i].entries()].filter(([, v]) => Number.isFinite(v)).sort((a, b) => a[0] - b[0]).map(([t, v]) => [t, v / B] as [number, number]),
    })),
    tiers: subject.tiers ?? [],
    warnings,
  };
}

/** One value per timestamp: the largest across series (a query that keeps labels yields several). */
function seriesMax(series: [number, number][][]): Map<number, number> {
  const out = new Map<number, number>();
  for (const points of series) for (const [t, v] of points) {
    const have = out.get(t);
    if (have === undefined || Number.isNaN(have) || v > have) out.set(t, v);
  }
  return out;
}
