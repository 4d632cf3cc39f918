/**
 * Error-budget arithmetic on plain numbers: no YAML, no I/O, no clock. Targets are fractions (0.999 = 99.9 %), windows
 * are milliseconds. Rules, hover, CodeLens and the live budget all use these so that every number a user sees is
 * computed the same way.
 *
 *   budget B = 1 − target; allowed bad time = B × window; burn rate = error ratio ÷ B, at most 1 ÷ B.
 *   A burn-rate alert `error ratio > factor × B` can fire only when factor × B < 1 (an error ratio never exceeds 1).
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Floating-point slack for comparisons at exact boundaries (14.4 × (1 − 0.930555…) is 1 in exact arithmetic). */
const EPSILON = 1e-9;

/** The error budget as a fraction of events or time: 1 − target, never negative. */
export function errorBudget(target: number): number {
  return Math.max(0, 1 - target);
}

/** Bad time the target allows over a window (99.9 % over 30 d → 43 m 12 s), in ms. 0 for targets of 100 % or more. */
export function allowedBadTime(target: number, windowMs: number): number {
  return errorBudget(target) * windowMs;
}

/** The highest burn rate that can ever be measured: every event bad → 1 ÷ B. Infinity at a 100 % target. */
export function maxBurnRate(target: number): number {
  const b = errorBudget(target);
  return b > 0 ? 1 / b : Infinity;
}

/**
 * Whether a burn-rate condition `burn rate > factor` (equivalently `error ratio > factor × B`) can ever be true.
 * With `inclusive` (`>=`, OpenSLO `gte`) the boundary itself is reachable, but only when every event fails.
 */
export function tierCanFire(factor: number, target: number, inclusive = false): boolean {
  const threshold = factor * errorBudget(target);
  return inclusive ? threshold <= 1 + EPSILON : threshold < 1 - EPSILON;
}

/** The target above which a tier with this factor can fire: 1 − 1 ÷ factor (14.4 → 0.930555…). 0 for factors ≤ 1. */
export function lowestFiringTarget(factor: number): number {
  return factor > 1 ? 1 - 1 / factor : 0;
}

/** Burn-rate factor that spends `budgetPercent` of the budget of `periodMs` within `longWindowMs` (Sloth's formula). */
export function factorFor(budgetPercent: number, periodMs: number, longWindowMs: number): number {
  return (budgetPercent / 100) * periodMs / longWindowMs;
}

/** Percent of the period's budget a tier has spent when it fires: factor × long window ÷ period × 100. */
export function budgetPercentFor(factor: number, periodMs: number, longWindowMs: number): number {
  return factor * longWindowMs / periodMs * 100;
}

/** How long a constant burn rate takes to spend the whole budget of a window (Pyrra's `exhaustion` label). */
export function timeToExhaustion(burnRate: number, windowMs: number): number {
  return burnRate > 0 ? windowMs / burnRate : Infinity;
}

/** "Nines" of a target: 0.999 → 3, 0.9995 → 3.3. */
export function nines(target: number): number {
  const b = errorBudget(target);
  return b > 0 ? -Math.log10(b) : Infinity;
}

/** Targets people actually pick, for tables in hovers and docs. */
export const COMMON_TARGETS: readonly number[] = [0.9, 0.95, 0.99, 0.995, 0.999, 0.9995, 0.9999, 0.99999];

export interface NinesRow {
  target: number;
  nines: number;
  /** Error budget as a fraction. */
  budget: number;
  /** Allowed bad time over the window, ms. */
  allowedBadMs: number;
}

/** Allowed bad time per target over a window: the classic "nines" table. */
export function ninesTable(windowMs: number, targets: readonly number[] = COMMON_TARGETS): NinesRow[] {
  return targets.map(target => ({ target, nines: nines(target), budget: errorBudget(target), allowedBadMs: allowedBadTime(target, windowMs) }));
}

/** True when two targets are the same up to floating-point noise (99.9 / 100 vs 0.999). */
export function sameTarget(a: number, b: number): boolean {
  return Math.abs(a - b) < EPSILON;
}
