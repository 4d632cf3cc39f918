import { formatDuration } from '../durations';
import { allowedBadTimeMs, fastestBurn } from './math';
import { BURN_WINDOWS, type BudgetStatus, type BudgetSubject } from './types';

/** How budgets read in the CLI, the CodeLens and the status bar: one wording everywhere. */

/** A target as a percentage without float noise: 0.999 → "99.9", 0.99995 → "99.995". */
export function formatTarget(fraction: number): string {
  return String(Number((fraction * 100).toPrecision(10)));
}

/** A budget fraction as a percentage with one decimal: 0.623 → "62.3 %"; null → "–". */
export function formatPercent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || Number.isNaN(fraction)) return '–';
  if (!Number.isFinite(fraction)) return fraction > 0 ? '∞ %' : '-∞ %';
  return `${(fraction * 100).toFixed(1)} %`;
}

/** A burn rate: 0.4×, 14.4×, 230×. */
export function formatBurn(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '–';
  if (!Number.isFinite(rate)) return '∞×';
  return `${rate >= 100 ? rate.toFixed(0) : rate >= 10 ? rate.toFixed(1) : rate.toFixed(2)}×`;
}

/** "99.9 % over 30d allows 43m 12s of errors": the budget as time, computable without any data source. */
export function staticBudgetText(subject: Pick<BudgetSubject, 'target' | 'window'>): string | undefined {
  if (subject.target === undefined || !subject.window) return undefined;
  const pct = formatTarget(subject.target);
  if (subject.target >= 1) return `${pct} % over ${subject.window.text} allows no errors at all`;
  if (subject.target < 0) return undefined;
  return `${pct} % over ${subject.window.text} allows ${formatDuration(allowedBadTimeMs(subject.target, subject.window.ms))} of errors`;
}

/** "62.3 % budget left · burn 1h 0.40× · 6h 0.50× · 1d 0.50× · 3d 0.50×", or what stands in the way. */
export function liveBudgetText(s: BudgetStatus): string {
  switch (s.status) {
    case 'error': return `budget: ${s.message ?? 'query failed'}`;
    case 'no-data': return `budget: no data${s.message ? ` (${s.message})` : ''}`;
    case 'unsupported': return `budget: not available (${s.message ?? 'unsupported'})`;
  }
  const burns = BURN_WINDOWS.map(w => `${w} ${formatBurn(s.burnRates[w])}`).join(' · ');
  const left = s.errorBudget.remaining === null ? 'budget spent' : `${formatPercent(s.errorBudget.remaining)} budget left`;
  return `${s.status === 'exhausted' ? '$(error) ' : s.status === 'warning' ? '$(warning) ' : ''}${left} · burn ${burns}`;
}

/** The status bar's short form: name, budget left, fastest burn. */
export function shortBudgetText(s: BudgetStatus): string {
  if (s.status === 'error') return `${s.name}: error`;
  if (s.status === 'no-data') return `${s.name}: no data`;
  if (s.status === 'unsupported') return `${s.name}: n/a`;
  const fast = fastestBurn(s.burnRates);
  const left = s.errorBudget.remaining === null ? 'spent' : `${formatPercent(s.errorBudget.remaining)} left`;
  return `${s.name} ${left}${fast ? ` · ${fast.window} ${formatBurn(fast.rate)}` : ''}`;
}

/**
 * Order for "worst first": spent, then least budget left; errors and missing data after every number (nothing to
 * rank them by), unsupported last.
 */
export function compareWorstFirst(a: BudgetStatus, b: BudgetStatus): number {
  const rank = (s: BudgetStatus) => (s.status === 'unsupported' ? 3 : s.status === 'error' ? 1 : s.status === 'no-data' ? 2 : 0);
  const r = rank(a) - rank(b);
  if (r) return r;
  const ra = a.errorBudget.remaining ?? -Infinity;
  const rb = b.errorBudget.remaining ?? -Infinity;
  return ra - rb || a.name.localeCompare(b.name);
}
