import type { SloModel } from '../model/types';
import type { WorkspaceView } from '../workspace';
import type { ResolvedConfig } from '../config';
import { formatDuration, toPromDuration } from '../durations';
import {
  allowedBadTime, DAY_MS, effectiveWindow, factorFor, formatNumber, formatPercent, generatedTiers, sameTarget,
  sloGeneratorPolicy, sloGeneratorTiers, slothPeriodMs, SRE_WORKBOOK_TIERS, tierCanFire, type BurnRateTier, COMMON_TARGETS,
} from '../slo';

/**
 * What hovering an SLO target (or its window) says: the error budget as time for the SLO's window and per day, week
 * and month; the burn-rate tiers its tool alerts on, with the error ratio each fires at and whether it can fire at
 * all; and where the target sits among the nines. All numbers come from the SLO math module (engine/slo).
 */
export function budgetHover(slo: SloModel, ws: WorkspaceView, config: Pick<ResolvedConfig, 'slothDefaultPeriod'>): string | null {
  const t = slo.target?.fraction;
  if (t === undefined || !Number.isFinite(t)) return null;
  const title = slo.objectiveName ? `${slo.name} · ${slo.objectiveName}` : slo.name || 'SLO';
  if (t >= 1) return `**${title}**: target **${formatPercent(t)}** leaves **no error budget**: any failure breaks the SLO, and burn rates divide by zero. Aim below 100 %, e.g. 99.9 %.`;
  if (t <= 0) return `**${title}**: target **${formatPercent(t)}** is met by any service at all; check the scale (a fraction like 0.999, or a percent like 99.9, as \`${slo.target!.key}\` expects).`;

  const sloth = slo.format === 'sloth-v1' || slo.format === 'sloth-crd';
  const slothPeriod = slothPeriodMs(config.slothDefaultPeriod);
  const windowMs = effectiveWindow(slo, { slothDefaultPeriod: config.slothDefaultPeriod, workspace: ws })?.ms;
  const windowText = windowMs === undefined ? undefined : sloth ? `${toPromDuration(windowMs)} (Sloth's period)` : slo.window?.text ?? toPromDuration(windowMs);
  const lines: string[] = [];
  lines.push(`**${title}**: target **${formatPercent(t)}**, error budget **${formatPercent(1 - t)}**` +
    (windowMs !== undefined ? ` = **${formatDuration(allowedBadTime(t, windowMs))}** of bad time per ${windowText}` : '') + '.');
  lines.push('', '| allowed bad time per | |', '|---|---|');
  if (windowMs !== undefined) lines.push(`| ${slo.window?.text ?? toPromDuration(windowMs)} window | ${formatDuration(allowedBadTime(t, windowMs))} |`);
  for (const [label, ms] of [['day', DAY_MS], ['week', 7 * DAY_MS], ['30 days', 30 * DAY_MS]] as const) {
    if (windowMs !== undefined && Math.abs(windowMs - ms) < 1000) continue;
    lines.push(`| ${label} | ${formatDuration(allowedBadTime(t, ms))} |`);
  }

  const { tool, note, tiers } = tiersFor(slo, windowMs, slothPeriod, ws);
  lines.push('');
  if (!tiers.length) lines.push(`**Burn-rate alerts**: ${note}`);
  else {
    lines.push(`**Burn-rate alerts** (${tool}${note ? `; ${note}` : ''}): a tier fires when the error ratio stays above factor × budget.`);
    lines.push('', '| tier | windows | factor | fires above error ratio | |', '|---|---|---|---|---|');
    for (const tier of tiers) {
      const windows = tier.shortWindowMs ? `${formatDuration(tier.longWindowMs)} / ${formatDuration(tier.shortWindowMs)}` : formatDuration(tier.longWindowMs);
      const threshold = tier.factor * (1 - t);
      const fires = tierCanFire(tier.factor, t);
      const name = tier.alerts ? tier.name : `${tier.name} (report only)`;
      lines.push(`| ${name} | ${windows} | ${formatNumber(tier.factor, 3)}× | ${formatPercent(threshold, 4)} | ${fires ? 'can fire' : '**never fires**'} |`);
    }
    const dead = tiers.filter(x => !tierCanFire(x.factor, t)).length;
    if (dead) lines.push('', `${dead} tier${dead === 1 ? '' : 's'} can never fire: an error ratio cannot exceed 100 %. Raise the target, or use smaller factors.`);
  }

  const tableWindow = windowMs ?? 30 * DAY_MS;
  lines.push('', `| target | per ${windowMs !== undefined ? toPromDuration(windowMs) : '30d'} | per day |`, '|---|---|---|');
  const rows = [...COMMON_TARGETS.filter(n => n >= 0.99)];
  if (!rows.some(n => sameTarget(n, t))) rows.push(t);
  rows.sort((a, b) => a - b);
  for (const n of rows) {
    const mine = sameTarget(n, t);
    const cell = (s: string) => mine ? `**${s}**` : s;
    lines.push(`| ${cell(formatPercent(n))}${mine ? ' ←' : ''} | ${cell(formatDuration(allowedBadTime(n, tableWindow)))} | ${cell(formatDuration(allowedBadTime(n, DAY_MS)))} |`);
  }
  return lines.join('\n');
}

function tiersFor(slo: SloModel, windowMs: number | undefined, slothPeriod: number, ws: WorkspaceView): { tool: string; note?: string; tiers: BurnRateTier[] } {
  if (slo.format === 'sloth-v1' || slo.format === 'sloth-crd') {
    const tiers = generatedTiers(slo, slothPeriod);
    return tiers ? { tool: 'Sloth', tiers } : { tool: 'Sloth', note: `Sloth ships alert windows for 28d and 30d only; a ${toPromDuration(slothPeriod)} period needs an AlertWindows catalog.`, tiers: [] };
  }
  if (slo.format === 'pyrra') return { tool: 'Pyrra', tiers: generatedTiers(slo) ?? [] };
  if (slo.format === 'slo-generator') {
    const policy = sloGeneratorPolicy(slo, ws);
    return { tool: 'slo-generator', note: policy.found ? `policy \`${policy.name}\`` : `policy \`${policy.name}\` not found; showing the sample default policy`, tiers: sloGeneratorTiers(policy.steps) };
  }
  // OpenSLO generates no alerts: show the SRE Workbook tiers scaled to the SLO's window.
  const w = windowMs ?? 30 * DAY_MS;
  return {
    tool: 'SRE Workbook', note: windowMs === undefined ? 'for a 30d window' : undefined,
    tiers: SRE_WORKBOOK_TIERS.map(x => ({ ...x, factor: Number(factorFor(x.budgetPercent, w, x.longWindowMs).toPrecision(12)) })),
  };
}
