import type { Rule, RuleContext } from './types';
import type { Finding } from '../findings';
import type { SloModel } from '../model/types';
import type { SourceFile } from '../source';
import type { Located } from '../workspace';
import { getMap, getScalar } from '../yaml/ast';
import { toPromDuration } from '../durations';
import { errorBudget, lowestFiringTarget, maxBurnRate, tierCanFire } from '../slo/math';
import { generatedTiers, scaleSlip, slothPeriodMs, toolName, writtenTarget } from '../slo/describe';
import type { BurnRateTier } from '../slo/tiers';
import { formatNumber, formatPercent } from '../slo/numbers';
import { openSloConditions, sloGeneratorSteps, type OpenSloCondition } from '../model/openslo';
import { SLO_GENERATOR_POLICY_KIND } from '../model/slos';

/**
 * `slo/burn-rate-unreachable`: a burn-rate alert fires when the error ratio exceeds factor × (1 − target). An error
 * ratio never exceeds 1, so when factor × (1 − target) ≥ 1 the alert can never fire, however bad the outage. Checked
 * for the tiers Sloth and Pyrra generate, OpenSLO `burnrate` AlertConditions against the SLOs whose alert policies use
 * them (followed across files), and slo-generator policy steps against the goals of the SLOs that use the policy.
 */
export const sloBurnRateUnreachable: Rule = {
  id: 'slo/burn-rate-unreachable',
  defaultSeverity: 'warning',
  description: 'a burn-rate alert that can never fire for this target',
  appliesTo: f => f.model.slos.length > 0 || f.model.objects.some(o => o.kind === 'AlertCondition' || o.kind === 'AlertPolicy' || o.kind === 'SLO'),
  check(ctx) {
    for (const slo of ctx.file.model.slos) {
      if (!usableTarget(slo)) continue;
      if (slo.format === 'slo-generator') policySteps(ctx, slo);
      else generated(ctx, slo);
    }
    for (const c of openSloConditions(ctx.file.docs)) openSloCondition(ctx, c);
  },
};

/** A target the arithmetic applies to: a fraction strictly between 0 and 1, not a slipped scale (another rule's finding). */
function usableTarget(slo: SloModel): boolean {
  const t = slo.target;
  return !!t && !scaleSlip(t) && t.fraction > 0 && t.fraction < 1;
}

const pct = (f: number) => formatPercent(f, 2);
const windows = (t: BurnRateTier) => `${toPromDuration(t.longWindowMs)}${t.shortWindowMs ? `/${toPromDuration(t.shortWindowMs)}` : ''}`;

/** Tiers switched off in the SLO itself: Sloth `page_alert.disable`/`ticket_alert.disable`, Pyrra `alerting.burnrates: false`. */
function enabledTiers(slo: SloModel, tiers: BurnRateTier[]): BurnRateTier[] {
  if (slo.format === 'pyrra') {
    const alerting = getMap(getMap(slo.node, 'spec'), 'alerting');
    if (getScalar(alerting, 'disabled')?.value === true || getScalar(alerting, 'burnrates')?.value === false) return [];
    return tiers;
  }
  const alerting = getMap(slo.node, 'alerting');
  const off = (snake: string, camel: string) => getScalar(getMap(alerting, snake) ?? getMap(alerting, camel), 'disable')?.value === true;
  const pageOff = off('page_alert', 'pageAlert');
  const ticketOff = off('ticket_alert', 'ticketAlert');
  return tiers.filter(t => !(t.severity === 'page' && pageOff) && !(t.severity === 'ticket' && ticketOff));
}

function generated({ config, report }: RuleContext, slo: SloModel): void {
  const t = slo.target!;
  const all = generatedTiers(slo, slothPeriodMs(config.slothDefaultPeriod));
  if (!all) return;
  const tiers = enabledTiers(slo, all);
  const dead = tiers.filter(tier => !tierCanFire(tier.factor, t.fraction));
  if (!dead.length) return;
  const b = errorBudget(t.fraction);
  const tool = toolName(slo.format);
  const period = slo.format === 'pyrra' ? slo.window?.text ?? '28d' : config.slothDefaultPeriod;
  const needs = dead.map(d => `${d.name} (${windows(d)}) needs an error ratio above ${formatNumber(d.factor, 3)} × ${pct(b)} = ${pct(d.factor * b)}`);
  const lowest = dead.map(d => pct(lowestFiringTarget(d.factor)));
  const what = dead.length === 1 ? `${tool}'s ${dead[0].name} alert` : `${dead.length} of ${tool}'s ${all.length} burn-rate alerts`;
  const severities = new Set(tiers.map(x => x.severity));
  const silenced = [...severities].filter(s => tiers.filter(x => x.severity === s).every(x => dead.includes(x)));
  const key = t.key === 'objective' ? 'objectives' : 'targets';
  report({
    span: { start: t.node.start, end: t.node.end },
    message: `With \`${writtenTarget(t)}\` (error budget ${pct(b)}${tool === 'Sloth' ? ` over ${period}` : ''}), ${what} can never fire: ${needs.join('; ')}; an error ratio cannot exceed 100%. `
      + `${dead.length === 1 ? `It can fire only for ${key} above ${lowest[0]}.` : `They can fire only for ${key} above ${lowest.join(', ')} respectively.`}`
      + `${silenced.length ? ` No ${silenced.join(' or ')} alert can fire for this SLO.` : ''} Raise the ${t.key} above ${lowest[0]} if every tier should work, or accept that only the slower tiers alert.`,
    data: {
      tool, target: t.fraction, budget: b,
      tiers: dead.map(d => ({ name: d.name, factor: d.factor, longWindowMs: d.longWindowMs, shortWindowMs: d.shortWindowMs, threshold: d.factor * b, lowestTarget: lowestFiringTarget(d.factor) })),
    },
  });
}

function policySteps({ workspace, report }: RuleContext, slo: SloModel): void {
  const t = slo.target!;
  const policy = slo.errorBudgetPolicy?.name ?? 'default';
  const b = errorBudget(t.fraction);
  const dead: { name: string; threshold: number; file: SourceFile; span: { start: number; end: number } }[] = [];
  for (const { file: cfg, item } of workspace.objects(SLO_GENERATOR_POLICY_KIND, policy)) {
    for (const step of sloGeneratorSteps(item.node)) {
      if (step.threshold && step.threshold.value > 0 && !tierCanFire(step.threshold.value, t.fraction)) {
        dead.push({ name: step.name, threshold: step.threshold.value, file: cfg, span: { start: step.threshold.node.start, end: step.threshold.node.end } });
      }
    }
  }
  if (!dead.length) return;
  const lowest = Math.max(...dead.map(d => lowestFiringTarget(d.threshold)));
  const steps = dead.map(d => `\`${d.name}\` (burn_rate_threshold ${formatNumber(d.threshold, 3)})`).join(', ');
  report({
    span: { start: t.node.start, end: t.node.end },
    message: `With \`${writtenTarget(t)}\` (error budget ${pct(b)}), step${dead.length > 1 ? 's' : ''} ${steps} of error budget policy \`${policy}\` can never be exceeded: `
      + `slo-generator's burn rate is the error ratio ÷ the budget, at most 1 ÷ ${pct(b)} = ${formatNumber(maxBurnRate(t.fraction), 2)}. `
      + `Raise the goal above ${formatNumber(lowest, 4)}, or lower the step's threshold below ${formatNumber(maxBurnRate(t.fraction), 2)}.`,
    related: dead.map(d => ({ uri: d.file.uri, span: d.span, range: d.file.lines.range(d.span), message: `step \`${d.name}\` of policy \`${policy}\`` })),
    data: { policy, target: t.fraction, budget: b, steps: dead.map(d => ({ name: d.name, threshold: d.threshold, lowestTarget: lowestFiringTarget(d.threshold) })) },
  });
}

/** The OpenSLO SLOs (one model per objective) whose alert policies use this condition, followed through the workspace. */
function linkedSlos({ file, workspace }: RuleContext, c: OpenSloCondition): Located<SloModel>[] {
  const out: Located<SloModel>[] = [];
  const add = (f: SourceFile, name: string, docIndex: number) => {
    for (const s of f.model.slos) if (s.format.startsWith('openslo') && s.name === name && s.docIndex === docIndex && !out.some(o => o.file === f && o.item === s)) out.push({ file: f, item: s });
  };
  const usingPolicy = (policy: string) => {
    for (const r of workspace.referrers('AlertPolicy', policy)) if (r.item.ownerKind === 'SLO' && r.item.ownerName) add(r.file, r.item.ownerName, r.item.docIndex);
  };
  if (c.home.kind === 'SLO') add(file, c.home.name, c.docIndex);
  else if (c.home.kind === 'AlertPolicy') usingPolicy(c.home.name);
  else if (c.name) {
    for (const r of workspace.referrers('AlertCondition', c.name)) {
      if (r.item.ownerKind === 'SLO' && r.item.ownerName) add(r.file, r.item.ownerName, r.item.docIndex);
      else if (r.item.ownerKind === 'AlertPolicy' && r.item.ownerName) usingPolicy(r.item.ownerName);
    }
  }
  return out;
}

function openSloCondition(ctx: RuleContext, c: OpenSloCondition): void {
  if (c.conditionKind?.toLowerCase() !== 'burnrate' || !c.threshold || typeof c.threshold.value !== 'number' || c.threshold.value <= 0) return;
  const op = c.op?.text.toLowerCase();
  // `lt`/`lte` is slo/burn-rate-inverted; an absent op is read as `gt`, the only sensible meaning for a burn rate.
  if (op !== undefined && op !== 'gt' && op !== 'gte') return;
  const threshold = c.threshold.value;
  const dead = linkedSlos(ctx, c).filter(({ item }) => usableTarget(item) && !tierCanFire(threshold, item.target!.fraction, op === 'gte'));
  if (!dead.length) return;
  const describe = ({ item }: Located<SloModel>) => {
    const t = item.target!.fraction;
    return `SLO \`${item.name}\`${item.objectiveName ? ` (objective \`${item.objectiveName}\`)` : ''} has target ${pct(t)}, so its burn rate is at most 1 ÷ ${pct(errorBudget(t))} = ${formatNumber(maxBurnRate(t), 2)}`;
  };
  const related: NonNullable<Finding['related']> = dead.map(({ file, item }) => {
    const span = { start: item.target!.node.start, end: item.target!.node.end };
    return { uri: file.uri, span, range: file.lines.range(span), message: `target of SLO \`${item.name}\`` };
  });
  ctx.report({
    span: { start: c.threshold.start, end: c.threshold.end },
    message: `A burn rate ${op === 'gte' ? 'of at least' : 'above'} ${formatNumber(threshold, 3)} can never be reached: ${dead.map(describe).join('; ')}, even when every event fails (burn rate = error ratio ÷ error budget). `
      + `This condition can fire only for targets above ${pct(lowestFiringTarget(threshold))}. A burn-rate threshold is a multiple of the budget rate, not a latency or a count: `
      + `the SRE workbook pages at 14.4 over 1h or 6 over 6h and tickets at 1 over 3d.`,
    related,
    data: { threshold, op: op ?? 'gt', slos: dead.map(({ item }) => ({ name: item.name, target: item.target!.fraction })), lowestTarget: lowestFiringTarget(threshold) },
  });
}
