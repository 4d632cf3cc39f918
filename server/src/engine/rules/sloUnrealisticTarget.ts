import type { Rule } from './types';
import type { SloModel } from '../model/types';
import type { Fix } from '../findings';
import { formatDuration } from '../durations';
import { allowedBadTime, errorBudget, sameTarget } from '../slo/math';
import { budgetWindow, intendedFraction, toolName, writtenTarget } from '../slo/describe';
import { formatPercent } from '../slo/numbers';
import { replaceScalar } from '../slo/edits';

/** Above this a target leaves less budget than anyone can defend (26 s per 30 d at 99.999 %). */
export const UNREALISTIC_ABOVE = 0.99999;
/** What the fix offers instead of 100 %: three nines, the most common real target. */
const SUGGESTED = 0.999;

/** What a 100 % target does in each tool: the reason the user should care, in their tool's terms. */
function consequence(slo: SloModel): string {
  switch (toolName(slo.format)) {
    case 'Sloth': return 'Sloth divides by the budget, so burn rates and the remaining budget become ±Inf or NaN (slok/sloth#749)';
    case 'Pyrra': return 'Pyrra\'s alert thresholds become 14 × (1 − 1) = 0, so any single error pages';
    case 'OpenSLO': return `OpenSLO itself requires ${slo.target?.key === 'targetPercent' ? '`targetPercent` < 100' : '`target` < 1'}`;
    case 'slo-generator': return 'slo-generator then reports a burn rate of 0 and never alerts';
    default: return 'burn rates divide by zero';
  }
}

/**
 * `slo/unrealistic-target`: the "100 % uptime" mistake. A 100 % target leaves no error budget (error); a target above
 * 99.999 % leaves seconds per month (warning), which no deploy, failover or dependency can stay within.
 */
export const sloUnrealisticTarget: Rule = {
  id: 'slo/unrealistic-target',
  defaultSeverity: 'error',
  description: 'a 100 % target (no error budget), or one above 99.999 %',
  appliesTo: f => f.model.slos.length > 0,
  check({ file, config, report }) {
    for (const slo of file.model.slos) {
      const t = slo.target;
      if (!t) continue;
      const meant = intendedFraction(t);
      if (meant > 1 || meant <= 0) continue;
      const w = budgetWindow(slo, config.slothDefaultPeriod);
      const per = `per ${w.text}`;
      if (sameTarget(meant, 1)) {
        const value = t.scale === 'percent' ? '99.9' : '0.999';
        const fix: Fix = {
          title: `Set the target to ${formatPercent(SUGGESTED)} (${formatDuration(allowedBadTime(SUGGESTED, w.ms))} of bad time ${per})`,
          edits: [replaceScalar(file.text, t.node, value)],
        };
        report({
          span: { start: t.node.start, end: t.node.end }, severity: 'error',
          message: `\`${writtenTarget(t)}\` is a 100% target: it leaves no error budget (1 − target = 0), so a single failed request breaks the SLO, and ${consequence(slo)}. `
            + `Pick the unreliability you can afford, e.g. \`${t.key}: ${value}\` (${formatDuration(allowedBadTime(SUGGESTED, w.ms))} of bad time ${per}).`,
          fixes: [fix],
          data: { target: meant, budget: 0, windowMs: w.ms },
        });
      } else if (meant > UNREALISTIC_ABOVE + 1e-12) {
        const bad = allowedBadTime(meant, w.ms);
        report({
          span: { start: t.node.start, end: t.node.end }, severity: 'warning',
          message: `\`${writtenTarget(t)}\` allows only ${formatDuration(bad)} of bad time ${per} (error budget ${formatPercent(errorBudget(meant), 6)}): one slow deploy, failover or dependency blip spends it, `
            + `so the SLO breaks on events nobody can prevent and its alerts page on noise. Targets above 99.999% are rarely achievable; `
            + `99.99% allows ${formatDuration(allowedBadTime(0.9999, w.ms))} ${per}.`,
          data: { target: meant, budget: errorBudget(meant), windowMs: w.ms, allowedBadMs: bad },
        });
      }
    }
  },
};
