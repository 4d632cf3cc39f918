import type { SloModel } from '../model/types';
import type { WorkspaceView } from '../workspace';
import { SLO_GENERATOR_POLICY_KIND } from '../model/slos';
import { sloGeneratorSteps } from '../model/openslo';
import { parsePromDuration, toPromDuration } from '../durations';
import { SLO_GENERATOR_DEFAULT_POLICY, type SloGeneratorStep } from './tiers';

/**
 * The window an SLO's budget is measured over, decided in one place so that the hover, the CodeLens, the live
 * budget and the burn-down chart never show different numbers for the same SLO:
 * - written in the SLO (OpenSLO `timeWindow`, Pyrra `window`);
 * - Sloth: the CLI's `--default-slo-period` (`sloth.defaultPeriod` in .slo-lens.yaml, 30d by default);
 * - slo-generator: the longest step of the SLO's error budget policy (found in the workspace, else the sample default).
 */
export interface EffectiveWindow { text: string; ms: number; note?: string }

export interface SloGeneratorPolicy { name: string; found: boolean; steps: readonly SloGeneratorStep[] }

/** The steps of the SLO's slo-generator error budget policy, through the workspace, else the sample default. */
export function sloGeneratorPolicy(slo: SloModel, ws: WorkspaceView | undefined): SloGeneratorPolicy {
  const name = slo.errorBudgetPolicy?.name ?? 'default';
  const found = ws?.objects(SLO_GENERATOR_POLICY_KIND, name)[0];
  const steps = found ? sloGeneratorSteps(found.item.node).flatMap(st => st.threshold && st.windowSeconds
    ? [{ name: st.name, burnRateThreshold: st.threshold.value, windowMs: st.windowSeconds * 1000, alert: st.alert }] : []) : [];
  return steps.length ? { name, found: true, steps } : { name, found: false, steps: SLO_GENERATOR_DEFAULT_POLICY };
}

export function effectiveWindow(slo: SloModel, opts: { slothDefaultPeriod?: string; workspace?: WorkspaceView }): EffectiveWindow | undefined {
  if (slo.format.startsWith('sloth') && !slo.window?.node && opts.slothDefaultPeriod) {
    const ms = parsePromDuration(opts.slothDefaultPeriod);
    if (ms) return { text: opts.slothDefaultPeriod, ms };
  }
  if (slo.window) return { text: slo.window.text, ms: slo.window.ms };
  if (slo.format === 'slo-generator') {
    const policy = sloGeneratorPolicy(slo, opts.workspace);
    const longest = Math.max(...policy.steps.map(st => st.windowMs));
    return {
      text: toPromDuration(longest), ms: longest,
      note: `slo-generator SLOs have no window of their own; the budget uses ${toPromDuration(longest)}, the longest step of ${policy.found ? `the \`${policy.name}\` error budget policy` : `slo-generator's sample default policy (policy \`${policy.name}\` not found in the workspace)`}`,
    };
  }
  return undefined;
}
