import type { Rule, RuleContext } from './types';
import type { SloModel } from '../model/types';
import { formatDuration, toPromDuration } from '../durations';
import { MINUTE_MS, allowedBadTime, errorBudget } from '../slo/math';
import { scaleSlip, slothPeriodMs, writtenTarget } from '../slo/describe';
import { formatNumber, formatPercent } from '../slo/numbers';
import { UNREALISTIC_ABOVE } from './sloUnrealisticTarget';

/** Sloth's period SLI is the mean of 5-minute error ratios (`slo:sli_error:ratio_rate5m`), so 5 minutes is its quantum. */
export const SLOTH_QUANTUM_MS = 5 * MINUTE_MS;
/** slo-generator rounds the SLI to 6 decimals (`report.py`): smaller error ratios read as 0. */
export const SLO_GENERATOR_RESOLUTION = 1e-6;

/** Rounds a fraction down to `digits` percent decimals, so "at most X %" stays true after rounding. */
function floorPercent(fraction: number, digits: number): string {
  const f = 10 ** digits;
  return `${formatNumber(Math.floor(fraction * 100 * f) / f, digits)}%`;
}

/**
 * `slo/budget-below-resolution`: the budget is smaller than one measurement quantum, so the first bad quantum spends
 * all of it and there is nothing to alert on before the SLO is already broken: fewer than one allowed bad OpenSLO
 * timeslice (or a slice as long as the window), less bad time than one Sloth 5-minute interval, or a slo-generator
 * budget below its SLI rounding.
 */
export const sloBudgetBelowResolution: Rule = {
  id: 'slo/budget-below-resolution',
  defaultSeverity: 'warning',
  description: 'error budget smaller than one measurement quantum (timeslice, Sloth 5-minute average, slo-generator rounding)',
  appliesTo: f => f.model.slos.length > 0,
  check(ctx) {
    for (const slo of ctx.file.model.slos) {
      const t = slo.target;
      // A 100 % target or a slipped scale is another rule's finding; its fix changes the budget anyway.
      if (!t || scaleSlip(t) || t.fraction >= 1 || t.fraction <= 0) continue;
      if (slo.format.startsWith('openslo')) timeslices(ctx, slo);
      else if (slo.format === 'sloth-v1' || slo.format === 'sloth-crd') sloth(ctx, slo);
      else if (slo.format === 'slo-generator') sloGenerator(ctx, slo);
    }
  },
};

function timeslices({ report }: RuleContext, slo: SloModel): void {
  const t = slo.target!;
  const tsw = slo.timeSliceWindow;
  const w = slo.window;
  if ((slo.budgetingMethod !== 'Timeslices' && slo.budgetingMethod !== 'RatioTimeslices') || !tsw || !w || tsw.ms <= 0 || w.ms <= 0) return;
  const slices = w.ms / tsw.ms;
  const allowed = errorBudget(t.fraction) * slices;
  if (tsw.ms >= w.ms) {
    report({
      span: { start: tsw.node.start, end: tsw.node.end },
      message: `\`timeSliceWindow: ${tsw.node.text}\` is ${tsw.ms === w.ms ? 'as long as' : 'longer than'} the SLO window \`${w.text}\`: the window holds ${slices < 1 ? 'less than one slice' : 'a single slice'}, `
        + `so one bad slice is the whole period and the ${formatPercent(errorBudget(t.fraction))} error budget (${formatNumber(allowed, 4)} bad slices) can never be partly spent. `
        + `${/^\d+m$/.test(w.text) ? `If the window was meant in months, write \`${w.text.slice(0, -1)}M\`; otherwise u` : 'U'}se slices much shorter than the window, e.g. \`1m\` or \`5m\` slices in a \`28d\` window.`,
      data: { slices, allowedBadSlices: allowed, timeSliceWindowMs: tsw.ms, windowMs: w.ms },
    });
    return;
  }
  if (allowed >= 1) return;
  const maxTarget = 1 - tsw.ms / w.ms;
  const budgetTime = errorBudget(t.fraction) * w.ms;
  // Whole minutes (or seconds, below a minute) so the suggestion can be written as a duration as it is.
  const maxSlice = budgetTime >= MINUTE_MS ? Math.floor(budgetTime / MINUTE_MS) * MINUTE_MS : Math.floor(budgetTime / 1000) * 1000;
  report({
    span: { start: t.node.start, end: t.node.end },
    message: `\`${writtenTarget(t)}\` over \`${w.text}\` in \`${tsw.node.text}\` slices (${formatNumber(slices, 1)} slices) allows ${formatNumber(allowed, 3)} bad slices, fewer than one: `
      + `the first bad slice breaks the SLO. Lower the target to at most ${floorPercent(maxTarget, 3)}, or use slices of at most \`${toPromDuration(maxSlice)}\` (the budget is ${formatDuration(budgetTime)} of the window).`,
    data: { slices, allowedBadSlices: allowed, maxTarget, maxTimeSliceWindowMs: maxSlice },
  });
}

function sloth({ report, config }: RuleContext, slo: SloModel): void {
  const t = slo.target!;
  // Above 99.999 % slo/unrealistic-target already says how few seconds are left; one finding is enough.
  if (t.fraction > UNREALISTIC_ABOVE + 1e-12) return;
  const period = slothPeriodMs(config.slothDefaultPeriod);
  const bad = allowedBadTime(t.fraction, period);
  if (bad >= SLOTH_QUANTUM_MS) return;
  const maxTarget = 1 - SLOTH_QUANTUM_MS / period;
  report({
    span: { start: t.node.start, end: t.node.end },
    message: `\`${writtenTarget(t)}\` allows ${formatDuration(bad)} of bad time per ${config.slothDefaultPeriod}, less than one 5-minute interval: Sloth averages 5-minute error ratios over the period, `
      + `so a single fully failed 5m interval spends ${formatPercent(SLOTH_QUANTUM_MS / bad, 0)} of the budget before any alert window can see it. `
      + `Lower the objective to at most ${floorPercent(maxTarget, 3)} (5m of bad time per ${config.slothDefaultPeriod}).`,
    data: { allowedBadMs: bad, quantumMs: SLOTH_QUANTUM_MS, periodMs: period, maxTarget },
  });
}

function sloGenerator({ report }: RuleContext, slo: SloModel): void {
  const t = slo.target!;
  const b = errorBudget(t.fraction);
  if (b >= SLO_GENERATOR_RESOLUTION) return;
  report({
    span: { start: t.node.start, end: t.node.end },
    message: `\`${writtenTarget(t)}\` leaves an error budget of ${formatNumber(b, 9)}, below slo-generator's resolution: it rounds the SLI to 6 decimals, `
      + `so the smallest error ratio it can see (0.000001) is already a burn rate of ${formatNumber(SLO_GENERATOR_RESOLUTION / b, 1)}, and anything less reads as 0. `
      + `Use a goal of at most 0.99999.`,
    data: { budget: b, resolution: SLO_GENERATOR_RESOLUTION },
  });
}
