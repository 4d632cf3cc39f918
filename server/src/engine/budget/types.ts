import type { FormatId } from '../formats/detect';
import type { SliModel } from '../model/types';
import type { Range } from '../text';

/** The short windows a burn rate is reported for (DESIGN.md's budget JSON: `burnRates`). */
export const BURN_WINDOWS = ['1h', '6h', '1d', '3d'] as const;
export type BurnWindow = typeof BURN_WINDOWS[number];

export const BURN_WINDOW_MS: Record<BurnWindow, number> = { '1h': 3_600_000, '6h': 21_600_000, '1d': 86_400_000, '3d': 259_200_000 };

/**
 * How an SLO's error ratio is measured, as the budget queries need it: the model's SLI shapes plus the
 * slo-generator methods, whose query text the model does not keep in a queryable form (the window goes into the
 * metric filter, and `operators` wrap it).
 */
export type BudgetSli =
  | SliModel
  /** `good_bad_ratio`: counts of good and bad (or valid) events; each filter gets the window and the operators. */
  | { kind: 'slo-generator-good-bad'; good: string; bad?: string; valid?: string; operators: string[] }
  /** `query_sli`: an expression whose value is the SLI itself (a good fraction). */
  | { kind: 'slo-generator-query-sli'; expression: string }
  /** `distribution_cut`: a `_bucket` expression; good = the `le` bucket, valid = the matching `_count`. */
  | { kind: 'slo-generator-distribution-cut'; expression: string; thresholdBucket: string };

/** OpenSLO time-slice budgeting: the error ratio is the share of bad slices (or the mean of slice error ratios). */
export interface TimesliceBudgeting {
  method: 'Timeslices' | 'RatioTimeslices';
  sliceMs: number;
  /** Timeslices: a slice is good when its SLI reaches this fraction. */
  sliceTarget?: number;
}

/**
 * One SLO as the budget engine sees it: plain data (no YAML nodes), so the language server can hand it to the
 * editor, which queries Prometheus itself (the token never leaves the editor process).
 */
export interface BudgetSubject {
  /** Stable within a workspace: the file's uri, the SLO's identity, and a counter for duplicates. */
  key: string;
  uri: string;
  /** Absolute path with `/` separators. */
  file: string;
  name: string;
  service?: string;
  /** OpenSLO: which objective (display name) this is, when the SLO has several. */
  objective?: string;
  format: FormatId;
  /** The target as a fraction, when the file gives one. */
  target?: number;
  window?: { text: string; ms: number };
  sli?: BudgetSli;
  timeslices?: TimesliceBudgeting;
  /** Why no live budget can be computed (no target, no window, an SLI we cannot query, an unresolved reference). */
  unsupported?: string;
  /** Notes that do not stop the computation (an implicit window, …). */
  notes?: string[];
  /** The burn-rate alert tiers the SLO's tool generates (or the SRE workbook's), for the burn-down chart. */
  tiers?: ChartTier[];
  /** Where the SLO is named (0-based, LSP-style), for lenses and "go to SLO". */
  range: Range;
}

/** A burn-rate tier as the chart draws it: a horizontal line at `factor`. */
export interface ChartTier { name: string; factor: number; longWindowMs: number; severity?: string }

export type BudgetLevel = 'ok' | 'warning' | 'exhausted';
export type BudgetStatusKind = BudgetLevel | 'no-data' | 'unsupported' | 'error';

/**
 * DESIGN.md's budget JSON for one SLO, plus optional extras (`key`, `message`, `warnings`, …). Numbers that cannot be
 * known (no data, a 100 % target with errors) are null: JSON has no NaN or Infinity.
 */
export interface BudgetStatus {
  file: string;
  name: string;
  service?: string;
  target: number | null;
  window: string | null;
  /** Observed SLI over the window (1 − error ratio). */
  sli: number | null;
  errorBudget: { total: number | null; consumed: number | null; remaining: number | null };
  burnRates: Record<BurnWindow, number | null>;
  status: BudgetStatusKind;
  /** Why the status is what it is, when it is not `ok` (a user can act on it). */
  message?: string;
  /** Things to know about the numbers (window longer than retention, ratio above 1, …). */
  warnings?: string[];
  objective?: string;
  format?: FormatId;
  key?: string;
  /** Allowed bad time over the window (budget × window), e.g. 43m 12s for 99.9 % over 30 d. */
  allowedBadTimeMs?: number | null;
  /** At the burn of the last hour, how long until the remaining budget is gone; null when not burning. */
  timeToExhaustionMs?: number | null;
  /** When the numbers were computed (unix ms) and for which evaluation time. */
  evaluatedAt?: number;
}

/** When a budget counts as a warning: little budget left, or a page-level burn (SRE workbook tiers). */
export interface WarningPolicy {
  /** Remaining fraction below which the status is `warning` (0.25 = a quarter of the budget left). */
  remainingBelow: number;
  /** Burn rates at or above which the status is `warning`, per window. */
  burnAtLeast: Partial<Record<BurnWindow, number>>;
}

export const DEFAULT_WARNING_POLICY: WarningPolicy = { remainingBelow: 0.25, burnAtLeast: { '1h': 14.4, '6h': 6 } };
