import type { SourceFile } from '../source';
import type { SloModel } from '../model/types';
import { opensloSli } from '../model/slos';
import { factorFor } from '../slo/math';
import { pyrraTiers, sloGeneratorTiers, slothTiers, SLO_GENERATOR_DEFAULT_POLICY, SRE_WORKBOOK_TIERS, type BurnRateTier, type SloGeneratorStep } from '../slo/tiers';
import { effectiveWindow, sloGeneratorPolicy } from '../slo/window';
import { asScalar, getMap, getScalar, getSeq, getString } from '../yaml/ast';
import { sloIdentity, type WorkspaceView } from '../workspace';
import type { BudgetSli, BudgetSubject, ChartTier } from './types';

export interface SubjectOptions {
  /** Sloth's period (`--default-slo-period`, `.slo-lens.yaml` `sloth.defaultPeriod`). */
  slothDefaultPeriod?: string;
}

/** Every SLO of the given files as a budget subject; OpenSLO `indicatorRef`s resolve through the workspace. */
export function budgetSubjects(files: Iterable<SourceFile>, ws: WorkspaceView | undefined, opts: SubjectOptions = {}): BudgetSubject[] {
  const out: BudgetSubject[] = [];
  for (const file of files) out.push(...fileSubjects(file, ws, opts));
  return out;
}

export function fileSubjects(file: SourceFile, ws: WorkspaceView | undefined, opts: SubjectOptions = {}): BudgetSubject[] {
  const seen = new Map<string, number>();
  return file.model.slos.map(slo => {
    const id = sloIdentity(slo);
    const n = seen.get(id) ?? 0;
    seen.set(id, n + 1);
    return subjectFor(file, slo, ws, opts, `${file.uri}#${id}${n ? `~${n}` : ''}`);
  });
}

function subjectFor(file: SourceFile, slo: SloModel, ws: WorkspaceView | undefined, opts: SubjectOptions, key: string): BudgetSubject {
  const notes: string[] = [];
  const effective = effectiveWindow(slo, { slothDefaultPeriod: opts.slothDefaultPeriod, workspace: ws });
  const window = effective ? { text: effective.text, ms: effective.ms } : undefined;
  if (effective?.note) notes.push(effective.note);
  const steps = slo.format === 'slo-generator' ? sloGeneratorPolicy(slo, ws).steps : undefined;
  let sli: BudgetSli | undefined = slo.sli;
  let unsupported: string | undefined;
  if (slo.format === 'slo-generator') sli = sloGeneratorSli(slo) ?? sli;
  if (slo.indicatorRef && (!sli || (sli.kind === 'unsupported' && sli.reason.startsWith('indicatorRef:')))) {
    const found = ws?.objects('SLI', slo.indicatorRef)[0];
    if (!found) unsupported = `\`${slo.indicatorRef}\` names no SLI in the workspace`;
    else sli = opensloSli(getMap(found.item.node, 'spec')) ?? { kind: 'unsupported', reason: `the SLI \`${slo.indicatorRef}\` has neither ratioMetric nor thresholdMetric` };
  }
  if (!unsupported && sli?.kind === 'unsupported') unsupported = sli.reason;
  let timeslices: BudgetSubject['timeslices'];
  if (slo.budgetingMethod === 'Timeslices' || slo.budgetingMethod === 'RatioTimeslices') {
    if (!slo.timeSliceWindow) unsupported ??= `${slo.budgetingMethod} budgeting needs \`timeSliceWindow\``;
    else timeslices = { method: slo.budgetingMethod, sliceMs: slo.timeSliceWindow.ms, sliceTarget: slo.timeSliceTarget };
  }
  const nameSpan = slo.nameNode ? { start: slo.nameNode.start, end: slo.nameNode.end } : { start: slo.span.start, end: slo.span.start };
  return {
    key, uri: file.uri, file: file.path, name: slo.name || '(unnamed SLO)',
    ...(slo.service !== undefined ? { service: slo.service } : {}),
    ...(slo.objectiveName ? { objective: slo.objectiveName } : {}),
    format: slo.format, target: slo.target?.fraction, window, sli, timeslices,
    ...(unsupported ? { unsupported } : {}),
    ...(notes.length ? { notes } : {}),
    tiers: chartTiers(slo.format, window?.ms, steps),
    range: file.lines.range(nameSpan),
  };
}

/** The alert tiers the SLO's tool generates (engine/slo/tiers), else the SRE workbook's scaled to the window. */
function chartTiers(format: string, windowMs: number | undefined, steps: readonly SloGeneratorStep[] | undefined): ChartTier[] | undefined {
  if (!windowMs) return undefined;
  let tiers: readonly BurnRateTier[] | undefined;
  if (format.startsWith('sloth')) tiers = slothTiers(windowMs);
  else if (format === 'pyrra') tiers = pyrraTiers(windowMs);
  else if (format === 'slo-generator') tiers = sloGeneratorTiers(steps ?? SLO_GENERATOR_DEFAULT_POLICY);
  tiers ??= SRE_WORKBOOK_TIERS.map(t => ({ ...t, factor: Number(factorFor(t.budgetPercent, windowMs, t.longWindowMs).toPrecision(6)) }));
  return tiers.map(t => ({ name: t.name, factor: t.factor, longWindowMs: t.longWindowMs, ...(t.severity ? { severity: t.severity } : {}) }));
}

/** The slo-generator Prometheus methods, read from `spec.service_level_indicator` the way its backend reads them. */
function sloGeneratorSli(slo: SloModel): BudgetSli | undefined {
  const spec = getMap(slo.node, 'spec');
  if (!/prometheus/i.test(getString(spec, 'backend') ?? '')) return undefined;
  const sli = getMap(spec, 'service_level_indicator');
  const method = getString(spec, 'method');
  if (method === 'good_bad_ratio') {
    const good = getString(sli, 'filter_good');
    const bad = getString(sli, 'filter_bad');
    const valid = getString(sli, 'filter_valid');
    const ops = getSeq(sli, 'operators')?.items.map(i => asScalar(i)?.text ?? '').filter(Boolean);
    if (!good) return { kind: 'unsupported', reason: 'good_bad_ratio needs `filter_good`' };
    if (!bad && !valid) return { kind: 'unsupported', reason: 'good_bad_ratio needs `filter_bad` or `filter_valid`' };
    if (ops?.some(o => !/^[a-z_]+$/.test(o))) return { kind: 'unsupported', reason: '`operators` must be PromQL function names' };
    return { kind: 'slo-generator-good-bad', good, bad, valid, operators: ops ?? ['increase', 'sum'] };
  }
  if (method === 'query_sli') {
    const expression = getString(sli, 'expression');
    return expression ? { kind: 'slo-generator-query-sli', expression } : { kind: 'unsupported', reason: 'query_sli needs `expression`' };
  }
  if (method === 'distribution_cut') {
    const expression = getString(sli, 'expression');
    const bucket = getScalar(sli, 'threshold_bucket')?.text;
    return expression && bucket ? { kind: 'slo-generator-distribution-cut', expression, thresholdBucket: bucket } : { kind: 'unsupported', reason: 'distribution_cut needs `expression` and `threshold_bucket`' };
  }
  return undefined;
}
