import { allowedBadTime } from '../slo/math';
import { BURN_WINDOWS, type BudgetLevel, type BurnWindow, type WarningPolicy } from './types';

/**
 * Error-budget arithmetic (DESIGN.md "Error budget math"), as pure functions. Target t, budget B = 1 − t, window W,
 * observed error ratio e(w): burn(w) = e(w) / B, consumed = e(W) / B, remaining = 1 − consumed, allowed bad time =
 * B × W. Non-finite inputs give NaN, never an exception.
 *
 * A 100 % target has no budget (B = 0): no errors means nothing consumed (burn 0), any error means the budget is
 * infinitely overspent (burn +∞) — the honest answer for "how many budgets did we burn".
 */

/** B = 1 − t, rounded to 12 significant digits so 1 − 0.999 is 0.001, not 0.0010000000000000009. */
export function errorBudget(target: number): number {
  if (!Number.isFinite(target)) return NaN;
  return Number((1 - target).toPrecision(12));
}

/** Error ratio in budgets per window: 1 = burning exactly the budget over the window. NaN for no data. */
export function burnRate(errorRatio: number, budget: number): number {
  if (Number.isNaN(errorRatio) || Number.isNaN(budget) || budget < 0) return NaN;
  if (budget === 0) return errorRatio > 0 ? Infinity : errorRatio === 0 ? 0 : NaN;
  return errorRatio / budget;
}

/** Fraction of the budget consumed over the SLO window: the burn rate over the whole window. */
export function consumedFraction(windowErrorRatio: number, budget: number): number {
  return burnRate(windowErrorRatio, budget);
}

/** 1 − consumed; negative when overspent. */
export function remainingFraction(consumed: number): number {
  return 1 - consumed;
}

/** Allowed bad time over the window: B × W (99.9 % over 30 d → 2,592,000 ms = 43 m 12 s). */
export function allowedBadTimeMs(target: number, windowMs: number): number {
  if (!(target <= 1) || !(windowMs > 0)) return NaN;
  return Number(allowedBadTime(target, windowMs).toPrecision(12));
}

/**
 * How long until the remaining budget is gone at a steady burn rate: the budget is spent at `burn / W` per unit of
 * time, so remaining × W / burn. 0 when already spent; +∞ when not burning. (A rolling window also forgets old
 * errors, so this is the pessimistic estimate.)
 */
export function timeToExhaustionMs(remaining: number, burn: number, windowMs: number): number {
  if (Number.isNaN(remaining) || Number.isNaN(burn) || !(windowMs > 0)) return NaN;
  if (remaining <= 0) return 0;
  if (burn <= 0) return Infinity;
  if (burn === Infinity) return 0;
  return (remaining * windowMs) / burn;
}

/** The level of a computed budget: spent, close to spent or burning at a paging rate, or fine. */
export function budgetLevel(remaining: number, burns: Partial<Record<BurnWindow, number>>, policy: WarningPolicy): BudgetLevel {
  if (remaining <= 0) return 'exhausted';
  if (remaining < policy.remainingBelow) return 'warning';
  for (const w of BURN_WINDOWS) {
    const limit = policy.burnAtLeast[w];
    const b = burns[w];
    if (limit !== undefined && b !== undefined && b >= limit) return 'warning';
  }
  return 'ok';
}

/** The window whose burn is highest (for "fastest burn" in the status bar); undefined when none is known. */
export function fastestBurn(burns: Partial<Record<BurnWindow, number | null>>): { window: BurnWindow; rate: number } | undefined {
  let best: { window: BurnWindow; rate: number } | undefined;
  for (const w of BURN_WINDOWS) {
    const r = burns[w];
    if (r === null || r === undefined || Number.isNaN(r)) continue;
    if (!best || r > best.rate) best = { window: w, rate: r };
  }
  return best;
}
