import type { SloModel, SloTarget } from '../model/types';
import { allowedBadTime, errorBudget, nines } from './math';
import { pyrraTiers, slothTiers, type BurnRateTier } from './tiers';
import { parsePromDuration } from '../durations';

/**
 * Bridges from the SLO model to the math: which window and which generated alert tiers apply to an SLO, and how a
 * target reads when its scale is slipped. Pure: the caller passes configuration (Sloth's period) in.
 */

/** Sloth has no per-SLO window; this is its CLI default (`--default-slo-period`), overridable in .slo-lens.yaml. */
export const SLOTH_DEFAULT_PERIOD_MS = 30 * 86_400_000;

/** Sloth's period from config text (`30d`, `28d`); the default when the text is not a duration. */
export function slothPeriodMs(configured: string | undefined): number {
  const ms = configured ? parsePromDuration(configured) : undefined;
  return ms && ms > 0 ? ms : SLOTH_DEFAULT_PERIOD_MS;
}

/** The SLO's window in ms: as written (OpenSLO, Pyrra), Sloth's configured period, or undefined (slo-generator). */
export function sloWindowMs(slo: SloModel, slothPeriod: number = SLOTH_DEFAULT_PERIOD_MS): number | undefined {
  if (slo.format === 'sloth-v1' || slo.format === 'sloth-crd') return slothPeriod;
  return slo.window?.ms;
}

/** The burn-rate alert tiers the SLO's tool generates from it (Sloth, Pyrra); undefined when the tool generates none. */
export function generatedTiers(slo: SloModel, slothPeriod: number = SLOTH_DEFAULT_PERIOD_MS): BurnRateTier[] | undefined {
  if (slo.format === 'sloth-v1' || slo.format === 'sloth-crd') return slothTiers(slothPeriod);
  if (slo.format === 'pyrra') return pyrraTiers(slo.window?.ms ?? 28 * 86_400_000);
  return undefined;
}

export interface BudgetSummary {
  target: number;
  budget: number;
  nines: number;
  windowMs: number;
  allowedBadMs: number;
}

export function budgetSummary(target: number, windowMs: number): BudgetSummary {
  return { target, budget: errorBudget(target), nines: nines(target), windowMs, allowedBadMs: allowedBadTime(target, windowMs) };
}

/** The number as written in the file (99.9 for `objective: 99.9`, 0.999 for `target: 0.999`). */
export function writtenValue(t: SloTarget): number {
  return t.scale === 'percent' ? t.fraction * 100 : t.fraction;
}

/**
 * A scale slip: a fraction where a percent is expected (`objective: 0.999` means 0.999 %) or a percent where a
 * fraction is expected (`target: 99.9`). Values that fit neither reading (negative, above 100) are not slips.
 */
export type ScaleSlip = 'fraction-in-percent' | 'percent-in-fraction';

export function scaleSlip(t: SloTarget): ScaleSlip | undefined {
  const v = writtenValue(t);
  if (t.scale === 'percent' && v > 0 && v < 1) return 'fraction-in-percent';
  if (t.scale === 'fraction' && v > 1 && v <= 100) return 'percent-in-fraction';
  return undefined;
}

/** The target the author most likely meant, as a fraction: the slip undone for a percent in a fraction field. */
export function intendedFraction(t: SloTarget): number {
  return scaleSlip(t) === 'percent-in-fraction' ? t.fraction / 100 : t.fraction;
}

/** The tool an SLO format belongs to, as messages name it. */
export function toolName(format: string): string {
  if (format.startsWith('sloth')) return 'Sloth';
  if (format.startsWith('openslo')) return 'OpenSLO';
  if (format === 'pyrra') return 'Pyrra';
  if (format.startsWith('slo-generator')) return 'slo-generator';
  return format;
}

/** How a target is written, for messages: `objective: 99.9`, `target: "99"`. */
export function writtenTarget(t: SloTarget): string {
  const quoted = t.node.style === 'double' ? `"${t.node.text}"` : t.node.style === 'single' ? `'${t.node.text}'` : t.node.text;
  return `${t.key}: ${quoted}`;
}

/**
 * The window to express an SLO's budget in, with its text for messages: the SLO's own window, Sloth's configured
 * period, or 30d for formats without one (slo-generator), flagged as assumed.
 */
export function budgetWindow(slo: SloModel, slothPeriodText = '30d'): { ms: number; text: string; assumed: boolean } {
  if (slo.format === 'sloth-v1' || slo.format === 'sloth-crd') return { ms: slothPeriodMs(slothPeriodText), text: slothPeriodText, assumed: false };
  if (slo.window && slo.window.ms > 0) return { ms: slo.window.ms, text: slo.window.text, assumed: false };
  return { ms: SLOTH_DEFAULT_PERIOD_MS, text: '30d', assumed: true };
}
