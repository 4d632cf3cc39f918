import { toPromDuration } from '../durations';
import type { BudgetSli, BudgetSubject } from './types';

/**
 * PromQL for an SLO's error ratio over any window, per format (docs/budget-queries.md explains each rule). Every
 * query returns one sample, or nothing / NaN when there is no traffic. Event-counting SLIs also give the bad and
 * total event counts, so the burn-down can weigh time by traffic.
 *
 * Two idioms recur:
 * - `(sum(E) or vector(0))`: an error counter that has never been incremented often has no series at all; this reads
 *   it as 0. The total keeps "no data" apart: an absent total leaves the division empty, a zero total makes it NaN.
 * - `sum(…)` around the user's query: one number per SLO, whatever labels the query keeps.
 * Each side is evaluated once per ratio where the formula allows (Prometheus does not share subexpressions, and
 * 30-day ranges are costly): a good-events ratio is written 1 − good / total rather than (total − good) / total.
 */

export interface WindowQuery {
  /** Error ratio over the window. */
  ratio: string;
  /** Bad and total events over the window, when the SLI counts events. */
  errors?: string;
  total?: string;
}

export type QueryResult = WindowQuery | { unsupported: string };

const LABELS = String.raw`\{(?:[^{}"'\x60]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\x60[^\x60]*\x60)*\}`;
const SELECTOR = new RegExp(String.raw`^\s*(?:[A-Za-z_:][A-Za-z0-9_:]*\s*(?:${LABELS})?|${LABELS})\s*$`);

/** A plain instant-vector selector (`metric{a="b"}`), which can take a range `[w]` directly. */
export function isVectorSelector(q: string): boolean {
  return SELECTOR.test(q);
}

/** Sloth's template variable; Sloth renders it with the window (`5m`, `30d`, …). */
const SLOTH_WINDOW = /\{\{\s*\.window\s*\}\}/g;

function renderSloth(q: string, w: string): string | { unsupported: string } {
  const out = q.replace(SLOTH_WINDOW, w);
  if (out.includes('{{')) return { unsupported: 'the Sloth query uses template variables other than {{.window}}' };
  return out.trim();
}

/** A label-less count that may be absent, read as 0 when absent. */
const orZero = (x: string) => `(${x} or vector(0))`;
/** The same for counts that keep labels (grouped): 0 for each group the total has. */
const orZeroLike = (x: string, like: string) => `(${x} or ${like} * 0)`;

/** Error ratio from bad and total event counts (each a label-less `sum(…)`). */
function fromBad(bad: string, total: string): WindowQuery {
  const errors = orZero(bad);
  return { errors, total, ratio: `${errors} / ${total}` };
}

/** Error ratio from good and total event counts: 1 − good / total. */
function fromGood(good: string, total: string): WindowQuery {
  return { errors: `(${total} - ${orZero(good)})`, total, ratio: `1 - ${orZero(good)} / ${total}` };
}

/** Subquery resolution for an expression that is not a selector: its own innermost range, else 1m, ≤ 11,000 steps. */
export function subqueryStep(q: string, windowMs: number): string {
  const inner = /\[([0-9]+(?:ms|s|m|h|d|w|y))+\]/.exec(q);
  let stepMs = 60_000;
  if (inner) {
    const m = /^([0-9]+)(ms|s|m|h|d|w|y)$/.exec(inner[0].slice(1, -1));
    const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };
    if (m) stepMs = Math.max(1000, Number(m[1]) * unit[m[2]]);
  }
  const minStep = Math.ceil(windowMs / 11_000 / 60_000) * 60_000;
  return toPromDuration(Math.max(stepMs, minStep));
}

/** OpenSLO: events in the window from a counter (`increase`) or from per-sample counts (`sum_over_time`). */
function openSloEvents(q: string, counter: boolean, windowMs: number): string {
  const w = toPromDuration(windowMs);
  const fn = counter ? 'increase' : 'sum_over_time';
  const inner = isVectorSelector(q) ? `${fn}(${q.trim()}[${w}])` : `${fn}((${q.trim()})[${w}:${subqueryStep(q, windowMs)}])`;
  return `sum(${inner})`;
}

/** slo-generator's `_fmt_query`: `[window` becomes `[<seconds>s`, else `[<seconds>s]` is appended; operators wrap it. */
export function sloGeneratorQuery(filter: string, windowMs: number, operators: string[]): string {
  const sec = Math.round(windowMs / 1000);
  let q = filter.trim();
  q = q.includes('[window') ? q.split('[window').join(`[${sec}s`) : `${q}[${sec}s]`;
  for (const op of operators) q = `${op}(${q})`;
  return operators[operators.length - 1] === 'sum' ? q : `sum(${q})`;
}

function sliQuery(sli: BudgetSli, windowMs: number): QueryResult {
  const w = toPromDuration(windowMs);
  switch (sli.kind) {
    case 'sloth-events': {
      const e = renderSloth(sli.errorQuery, w);
      const t = renderSloth(sli.totalQuery, w);
      if (typeof e !== 'string') return e;
      if (typeof t !== 'string') return t;
      return fromBad(`sum(${e})`, `sum(${t})`);
    }
    case 'sloth-raw': {
      const r = renderSloth(sli.errorRatioQuery, w);
      if (typeof r !== 'string') return r;
      return { ratio: `max(${r})` };
    }
    case 'pyrra-ratio': {
      const plain = fromBad(`sum(increase(${sli.errors.trim()}[${w}]))`, `sum(increase(${sli.total.trim()}[${w}]))`);
      if (!sli.grouping?.length) return plain;
      // Pyrra keeps one objective per group: the budget is the worst group's (NaN groups, without traffic, drop out).
      const by = `by (${sli.grouping.join(', ')})`;
      const e = `sum ${by} (increase(${sli.errors.trim()}[${w}]))`;
      const t = `sum ${by} (increase(${sli.total.trim()}[${w}]))`;
      return { ...plain, ratio: `topk(1, (${orZeroLike(e, t)} / ${t}) >= 0)` };
    }
    case 'pyrra-latency':
      return fromGood(`sum(increase(${sli.success.trim()}[${w}]))`, `sum(increase(${sli.total.trim()}[${w}]))`);
    case 'pyrra-bool-gauge':
      return fromGood(`sum(sum_over_time(${sli.metric.trim()}[${w}]))`, `sum(count_over_time(${sli.metric.trim()}[${w}]))`);
    case 'ratio': {
      const total = openSloEvents(sli.total, sli.counter, windowMs);
      if (sli.bad) return fromBad(openSloEvents(sli.bad, sli.counter, windowMs), total);
      if (sli.good) return fromGood(openSloEvents(sli.good, sli.counter, windowMs), total);
      return { unsupported: 'the ratio metric has neither a good nor a bad query' };
    }
    case 'slo-generator-good-bad': {
      const good = sloGeneratorQuery(sli.good, windowMs, sli.operators);
      if (sli.bad) {
        const bad = sloGeneratorQuery(sli.bad, windowMs, sli.operators);
        const errors = orZero(bad);
        const total = `(${orZero(good)} + ${errors})`;
        return { errors, total, ratio: `${errors} / ${total}` };
      }
      if (sli.valid) return fromGood(good, sloGeneratorQuery(sli.valid, windowMs, sli.operators));
      return { unsupported: 'good_bad_ratio needs filter_bad or filter_valid' };
    }
    case 'slo-generator-query-sli': {
      const sec = Math.round(windowMs / 1000);
      const q = sli.expression.trim();
      const expr = q.includes('[window') ? q.split('[window').join(`[${sec}s`) : `${q}[${sec}s]`;
      return { ratio: `1 - min(${expr})` };
    }
    case 'slo-generator-distribution-cut': {
      if (!sli.expression.includes('}')) return { unsupported: 'distribution_cut needs a `{…}` matcher in the expression: slo-generator adds the `le` label inside it' };
      const good = sloGeneratorQuery(sli.expression.split('}').join(`, le="${sli.thresholdBucket}"}`), windowMs, ['increase', 'sum']);
      const valid = sloGeneratorQuery(sli.expression.split('_bucket').join('_count'), windowMs, ['increase', 'sum']);
      return fromGood(good, valid);
    }
    case 'unsupported':
      return { unsupported: sli.reason };
  }
}

/** The queries for one SLO over one window, honouring OpenSLO time-slice budgeting. */
export function windowQuery(subject: BudgetSubject, windowMs: number): QueryResult {
  if (subject.unsupported) return { unsupported: subject.unsupported };
  if (!subject.sli) return { unsupported: 'the SLO has no SLI to query' };
  const ts = subject.timeslices;
  if (!ts) return sliQuery(subject.sli, windowMs);
  const inner = sliQuery(subject.sli, ts.sliceMs);
  if ('unsupported' in inner) return inner;
  const w = toPromDuration(windowMs);
  const slice = toPromDuration(ts.sliceMs);
  if (ts.method === 'Timeslices') {
    if (ts.sliceTarget === undefined) return { unsupported: 'Timeslices budgeting needs `timeSliceTarget`' };
    // A slice is bad when its error ratio exceeds 1 − timeSliceTarget; slices without traffic (NaN) count as good.
    const limit = Number((1 - ts.sliceTarget).toPrecision(12));
    return { ratio: `avg_over_time(((${inner.ratio}) > bool ${limit})[${w}:${slice}])` };
  }
  // RatioTimeslices: the mean of the slices' error ratios; slices without traffic (NaN) are left out.
  return { ratio: `avg_over_time(((${inner.ratio}) >= 0)[${w}:${slice}])` };
}
