import { DAY_MS, HOUR_MS, MINUTE_MS, budgetPercentFor, errorBudget, factorFor, lowestFiringTarget, tierCanFire } from './math';

/**
 * Multi-window multi-burn-rate (MWMB) alert tiers as each tool generates them. A tier fires when the error ratio over
 * both its long and short window exceeds factor × (1 − target). Sources (see reference/slo-formats.md §5):
 * SRE Workbook ch. 5 table 5-8; Sloth `internal/alert/windows/google-{28d,30d}.yaml` and `window.go`
 * (`factor = budget% × period ÷ long window`); Pyrra `slo/rules.go` `Windows()`; slo-generator `samples/config.yaml`.
 */

export type TierTool = 'sloth' | 'pyrra' | 'sre-workbook' | 'slo-generator';

export interface BurnRateTier {
  tool: TierTool;
  /** How the tool names the tier: Sloth `page quick`, Pyrra `fastBurn`, slo-generator the step name. */
  name: string;
  /** The severity the tool gives the alert (`page`/`ticket`, `critical`/`warning`), when it has one. */
  severity?: string;
  factor: number;
  longWindowMs: number;
  /** Absent for single-window policies (slo-generator steps). */
  shortWindowMs?: number;
  /** Pyrra's `for:` duration. */
  forMs?: number;
  /** Share of the period's budget spent when the tier fires (factor × long window ÷ period). */
  budgetPercent: number;
  /** Whether the tool raises an alert for it (slo-generator steps may only report). */
  alerts: boolean;
}

/** One entry of a Sloth AlertWindows catalog (`spec.page.quick` …). */
export interface SlothAlertWindow { errorBudgetPercent: number; shortWindowMs: number; longWindowMs: number }
export interface SlothAlertWindows {
  periodMs: number;
  page: { quick: SlothAlertWindow; slow: SlothAlertWindow };
  ticket: { quick: SlothAlertWindow; slow: SlothAlertWindow };
}

/** Sloth's built-in catalog: the same budget percentages and windows for 30 d and 28 d; the factors follow from the period. */
function googleCatalog(periodMs: number): SlothAlertWindows {
  return {
    periodMs,
    page: {
      quick: { errorBudgetPercent: 2, shortWindowMs: 5 * MINUTE_MS, longWindowMs: HOUR_MS },
      slow: { errorBudgetPercent: 5, shortWindowMs: 30 * MINUTE_MS, longWindowMs: 6 * HOUR_MS },
    },
    ticket: {
      quick: { errorBudgetPercent: 10, shortWindowMs: 2 * HOUR_MS, longWindowMs: DAY_MS },
      slow: { errorBudgetPercent: 10, shortWindowMs: 6 * HOUR_MS, longWindowMs: 3 * DAY_MS },
    },
  };
}

export const SLOTH_CATALOG_30D: SlothAlertWindows = googleCatalog(30 * DAY_MS);
export const SLOTH_CATALOG_28D: SlothAlertWindows = googleCatalog(28 * DAY_MS);

/** The four tiers a Sloth catalog generates, with factors computed the way Sloth does. */
export function slothTiersFromCatalog(c: SlothAlertWindows): BurnRateTier[] {
  const tier = (name: string, severity: string, w: SlothAlertWindow): BurnRateTier => ({
    tool: 'sloth', name, severity, factor: roundFactor(factorFor(w.errorBudgetPercent, c.periodMs, w.longWindowMs)),
    longWindowMs: w.longWindowMs, shortWindowMs: w.shortWindowMs, budgetPercent: w.errorBudgetPercent, alerts: true,
  });
  return [
    tier('page quick', 'page', c.page.quick), tier('page slow', 'page', c.page.slow),
    tier('ticket quick', 'ticket', c.ticket.quick), tier('ticket slow', 'ticket', c.ticket.slow),
  ];
}

/**
 * Sloth's tiers for an SLO period: 30 d → 14.4 / 6 / 3 / 1, 28 d → 13.44 / 5.6 / 2.8 / 0.933. Undefined for other
 * periods: Sloth ships no catalog for them and refuses to generate ("SLO period time window is not supported").
 */
export function slothTiers(periodMs: number): BurnRateTier[] | undefined {
  if (periodMs === SLOTH_CATALOG_30D.periodMs) return slothTiersFromCatalog(SLOTH_CATALOG_30D);
  if (periodMs === SLOTH_CATALOG_28D.periodMs) return slothTiersFromCatalog(SLOTH_CATALOG_28D);
  return undefined;
}

/** Pyrra's fixed factors, highest first; its severities config names the tiers. */
export const PYRRA_FACTORS: readonly number[] = [14, 7, 2, 1];
const PYRRA_28D = [
  // name, severity, factor, long, short, for — the 28 d values that Pyrra scales to the SLO window.
  ['fastBurn', 'critical', 14, HOUR_MS, 5 * MINUTE_MS, 2 * MINUTE_MS],
  ['mediumBurn', 'critical', 7, 6 * HOUR_MS, 30 * MINUTE_MS, 15 * MINUTE_MS],
  ['slowBurn', 'warning', 2, DAY_MS, 2 * HOUR_MS, HOUR_MS],
  ['longTermBurn', 'warning', 1, 4 * DAY_MS, 6 * HOUR_MS, 3 * HOUR_MS],
] as const;

/**
 * Pyrra's four tiers for an SLO window: factors 14 / 7 / 2 / 1, windows scaled from their 28 d values and rounded to
 * the minute like Go's `Duration.Round(time.Minute)` (30 d → 1h04m/5m, 6h26m/32m, 1d1h43m/2h9m, 4d6h51m/6h26m).
 */
export function pyrraTiers(windowMs: number): BurnRateTier[] {
  const scale = (ms: number) => roundToMinute(ms * windowMs / (28 * DAY_MS));
  return PYRRA_28D.map(([name, severity, factor, long, short, forMs]) => {
    const longWindowMs = scale(long);
    return { tool: 'pyrra', name, severity, factor, longWindowMs, shortWindowMs: scale(short), forMs: scale(forMs), budgetPercent: budgetPercentFor(factor, windowMs, longWindowMs), alerts: true };
  });
}

/** The SRE Workbook's recommended tiers for a 30 d SLO (table 5-8). */
export const SRE_WORKBOOK_TIERS: readonly BurnRateTier[] = [
  { tool: 'sre-workbook', name: 'page 1h/5m', severity: 'page', factor: 14.4, longWindowMs: HOUR_MS, shortWindowMs: 5 * MINUTE_MS, budgetPercent: 2, alerts: true },
  { tool: 'sre-workbook', name: 'page 6h/30m', severity: 'page', factor: 6, longWindowMs: 6 * HOUR_MS, shortWindowMs: 30 * MINUTE_MS, budgetPercent: 5, alerts: true },
  { tool: 'sre-workbook', name: 'ticket 3d/6h', severity: 'ticket', factor: 1, longWindowMs: 3 * DAY_MS, shortWindowMs: 6 * HOUR_MS, budgetPercent: 10, alerts: true },
];

/** A step of a slo-generator error budget policy (`error_budget_policies.<name>.steps[]`). */
export interface SloGeneratorStep { name: string; burnRateThreshold: number; windowMs: number; alert: boolean }

/** slo-generator's sample `default` policy (`samples/config.yaml`): 1 h × 9 and 12 h × 3 alert; 7 d × 1.5 and 28 d × 1 report. */
export const SLO_GENERATOR_DEFAULT_POLICY: readonly SloGeneratorStep[] = [
  { name: '1 hour', burnRateThreshold: 9, windowMs: HOUR_MS, alert: true },
  { name: '12 hours', burnRateThreshold: 3, windowMs: 12 * HOUR_MS, alert: true },
  { name: '7 days', burnRateThreshold: 1.5, windowMs: 7 * DAY_MS, alert: false },
  { name: '28 days', burnRateThreshold: 1, windowMs: 28 * DAY_MS, alert: false },
];

/** slo-generator steps as tiers (single window; the budget share is relative to the longest step's window). */
export function sloGeneratorTiers(steps: readonly SloGeneratorStep[]): BurnRateTier[] {
  const period = Math.max(0, ...steps.map(s => s.windowMs));
  return steps.map(s => ({
    tool: 'slo-generator', name: s.name, factor: s.burnRateThreshold, longWindowMs: s.windowMs,
    budgetPercent: period > 0 ? budgetPercentFor(s.burnRateThreshold, period, s.windowMs) : 0, alerts: s.alert,
  }));
}

/** A tier evaluated against a target: what hovers and CodeLens show per tier. */
export interface TierStatus<T extends { factor: number } = BurnRateTier> {
  tier: T;
  /** Error ratio above which the tier fires: factor × (1 − target). */
  threshold: number;
  canFire: boolean;
  /** The tier fires only for targets above this (1 − 1 ÷ factor). */
  lowestTarget: number;
}

export function tierStatus<T extends { factor: number }>(tiers: readonly T[], target: number): TierStatus<T>[] {
  return tiers.map(tier => ({ tier, threshold: tier.factor * errorBudget(target), canFire: tierCanFire(tier.factor, target), lowestTarget: lowestFiringTarget(tier.factor) }));
}

/** The tiers that can never fire for a target (factor × (1 − target) ≥ 1). */
export function unreachableTiers<T extends { factor: number }>(tiers: readonly T[], target: number): T[] {
  return tiers.filter(t => !tierCanFire(t.factor, target));
}

function roundToMinute(ms: number): number {
  return Math.round(ms / MINUTE_MS) * MINUTE_MS;
}

/** Factors as Sloth prints them (14.4, 0.9333333333333333 → 0.933…); keeps 12 significant digits against float noise. */
function roundFactor(f: number): number {
  return Number(f.toPrecision(12));
}
