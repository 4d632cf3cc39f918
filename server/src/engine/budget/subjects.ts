import type { SourceFile } from '../source';
import type { SloModel } from '../model/types';
import { opensloSli } from '../model/slos';
import { asScalar, getMap, getScalar, getSeq, getString } from '../yaml/ast';
import { parsePromDuration } from '../durations';
import { sloIdentity, type WorkspaceView } from '../workspace';
import type { BudgetSli, BudgetSubject } from './types';

/** slo-generator SLOs carry no window (policy steps do); the budget uses the default policy's longest step. */
export const SLO_GENERATOR_DEFAULT_WINDOW = '28d';

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
  let window = slo.window ? { text: slo.window.text, ms: slo.window.ms } : undefined;
  if (slo.format.startsWith('sloth') && !slo.window?.node && opts.slothDefaultPeriod) {
    const ms = parsePromDuration(opts.slothDefaultPeriod);
    if (ms) window = { text: opts.slothDefaultPeriod, ms };
  }
  if (slo.format === 'slo-generator' && !window) {
    window = { text: SLO_GENERATOR_DEFAULT_WINDOW, ms: parsePromDuration(SLO_GENERATOR_DEFAULT_WINDOW)! };
    notes.push(`slo-generator SLOs have no window of their own; the budget uses ${SLO_GENERATOR_DEFAULT_WINDOW}, the longest step of slo-generator's default error budget policy`);
  }
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
    range: file.lines.range(nameSpan),
  };
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
