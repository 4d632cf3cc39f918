import type { DocInfo } from '../source';
import { asMap, asScalar, get, getMap, getScalar, getSeq, getString, pairOf, type YMap } from '../yaml/ast';
import { parseOpenSloDuration, parsePromDuration } from '../durations';
import type { FileModel, SliModel, SloModel, SloTarget, SloWindow } from './types';

/** Sloth has no per-SLO window: its CLI's `--default-slo-period` applies, 30 days unless configured. */
export const SLOTH_DEFAULT_PERIOD = '30d';

export function extractSlos(info: DocInfo, model: FileModel): void {
  const d = info.detected;
  if (!d) return;
  const docIndex = info.doc.index;
  switch (d.format) {
    case 'sloth-v1': return sloth(d.root, docIndex, model, 'sloth-v1');
    case 'sloth-crd': return sloth(getMap(d.root, 'spec'), docIndex, model, 'sloth-crd');
    case 'pyrra': return pyrra(d.root, docIndex, model);
    case 'slo-generator': return sloGenerator(d.root, docIndex, model);
    case 'slo-generator-config': return sloGeneratorPolicies(d.root, docIndex, model);
    case 'openslo-v1': case 'openslo-v2alpha': if (d.kind === 'SLO') openslo(d.root, docIndex, model, d.format); return;
    case 'openslo-v1alpha': if (d.kind === 'SLO') opensloV1alpha(d.root, docIndex, model); return;
  }
}

/** The target under `key` in `map`, with its key and value nodes; undefined when absent or not a number. */
function target(map: YMap | null, key: string, scale: 'fraction' | 'percent'): SloTarget | undefined {
  const pair = pairOf(map, key);
  const node = asScalar(pair?.value);
  if (!pair || !node) return undefined;
  const n = typeof node.value === 'number' ? node.value : typeof node.value === 'string' && node.value.trim() !== '' ? Number(node.value) : NaN;
  if (!Number.isFinite(n)) return undefined;
  return { fraction: scale === 'percent' ? n / 100 : n, key, scale, node, keyNode: asScalar(pair.key) ?? undefined };
}

function sloth(spec: YMap | null, docIndex: number, model: FileModel, format: 'sloth-v1' | 'sloth-crd'): void {
  if (!spec) return;
  const service = getString(spec, 'service');
  const snake = format === 'sloth-v1';
  for (const item of getSeq(spec, 'slos')?.items ?? []) {
    const slo = asMap(item);
    if (!slo) continue;
    const nameNode = getScalar(slo, 'name');
    const sliMap = getMap(slo, 'sli');
    const events = getMap(sliMap, 'events');
    const raw = getMap(sliMap, 'raw');
    let sli: SliModel | undefined;
    if (events) {
      const e = getString(events, snake ? 'error_query' : 'errorQuery') ?? getString(events, snake ? 'errorQuery' : 'error_query');
      const t = getString(events, snake ? 'total_query' : 'totalQuery') ?? getString(events, snake ? 'totalQuery' : 'total_query');
      if (e && t) sli = { kind: 'sloth-events', errorQuery: e, totalQuery: t };
    } else if (raw) {
      const q = getString(raw, snake ? 'error_ratio_query' : 'errorRatioQuery') ?? getString(raw, snake ? 'errorRatioQuery' : 'error_ratio_query');
      if (q) sli = { kind: 'sloth-raw', errorRatioQuery: q };
    } else if (get(sliMap, 'plugin') !== undefined) {
      sli = { kind: 'unsupported', reason: 'Sloth SLI plugins are resolved by Sloth at generation time' };
    }
    model.slos.push({
      format, docIndex, name: nameNode?.text ?? '', service, nameNode: nameNode ?? undefined, span: { start: slo.start, end: slo.end }, node: slo,
      target: target(slo, 'objective', 'percent'),
      window: { text: SLOTH_DEFAULT_PERIOD, ms: parsePromDuration(SLOTH_DEFAULT_PERIOD)!, rolling: true },
      sli,
    });
  }
}

function pyrra(root: YMap, docIndex: number, model: FileModel): void {
  const meta = getMap(root, 'metadata');
  const spec = getMap(root, 'spec');
  if (!spec) return;
  const nameNode = getScalar(meta, 'name');
  const windowNode = getScalar(spec, 'window');
  const ms = windowNode ? parsePromDuration(windowNode.text) : undefined;
  const indicator = getMap(spec, 'indicator');
  const grouping = (m: YMap | null) => getSeq(m, 'grouping')?.items.map(i => asScalar(i)?.text ?? '').filter(Boolean);
  let sli: SliModel | undefined;
  const ratio = getMap(indicator, 'ratio');
  const latency = getMap(indicator, 'latency');
  const boolGauge = getMap(indicator, 'bool_gauge');
  if (ratio) {
    const errors = getString(getMap(ratio, 'errors'), 'metric');
    const total = getString(getMap(ratio, 'total'), 'metric');
    if (errors && total) sli = { kind: 'pyrra-ratio', errors, total, grouping: grouping(ratio) };
  } else if (latency) {
    const success = getString(getMap(latency, 'success'), 'metric');
    const total = getString(getMap(latency, 'total'), 'metric');
    if (success && total) sli = { kind: 'pyrra-latency', success, total, grouping: grouping(latency) };
  } else if (boolGauge) {
    const metric = getString(boolGauge, 'metric');
    if (metric) sli = { kind: 'pyrra-bool-gauge', metric };
  } else if (getMap(indicator, 'latencyNative')) {
    sli = { kind: 'unsupported', reason: 'Pyrra latencyNative (native histograms) is not supported yet' };
  }
  model.slos.push({
    format: 'pyrra', docIndex, name: nameNode?.text ?? '', service: getString(meta, 'namespace'), nameNode: nameNode ?? undefined,
    span: { start: root.start, end: root.end }, node: root,
    target: target(spec, 'target', 'percent'),
    window: windowNode && ms !== undefined ? { text: windowNode.text, ms, node: windowNode, rolling: true } : undefined,
    sli,
  });
}

function sloGenerator(root: YMap, docIndex: number, model: FileModel): void {
  const meta = getMap(root, 'metadata');
  const spec = getMap(root, 'spec');
  if (!spec) return;
  const nameNode = getScalar(meta, 'name');
  const labels = getMap(meta, 'labels');
  const sliSpec = getMap(spec, 'service_level_indicator');
  const method = getString(spec, 'method');
  const backend = getString(spec, 'backend') ?? '';
  const policyNode = getScalar(spec, 'error_budget_policy');
  let sli: SliModel | undefined;
  if (!/prometheus/i.test(backend)) sli = { kind: 'unsupported', reason: `backend \`${backend}\` is not Prometheus` };
  else if (method === 'good_bad_ratio') {
    const good = getString(sliSpec, 'filter_good');
    const bad = getString(sliSpec, 'filter_bad');
    const valid = getString(sliSpec, 'filter_valid');
    if (good && (bad || valid)) sli = valid ? { kind: 'ratio', good, total: valid, counter: true } : { kind: 'ratio', good, bad, total: `(${good}) + (${bad})`, counter: true };
  } else if (method) sli = { kind: 'unsupported', reason: `slo-generator method \`${method}\` is not supported yet` };
  model.slos.push({
    format: 'slo-generator', docIndex, name: nameNode?.text ?? '', service: getString(labels, 'service_name'), nameNode: nameNode ?? undefined,
    span: { start: root.start, end: root.end }, node: root,
    target: target(spec, 'goal', 'fraction'),
    sli,
    errorBudgetPolicy: policyNode ? { name: policyNode.text, node: policyNode } : { name: 'default' },
  });
}

/** The Prometheus query inside an OpenSLO metric source (`metricSource.spec.query`, v2alpha `spec.query`). */
export function opensloQuery(metric: YMap | null): string | undefined {
  if (!metric) return undefined;
  const source = getMap(metric, 'metricSource') ?? metric;
  const type = getString(source, 'type') ?? getString(metric, 'dataSourceRef') ?? '';
  if (type && !/prometheus|thanos|mimir|victoria|cortex/i.test(type)) return undefined;
  const spec = getMap(source, 'spec') ?? getMap(metric, 'spec');
  return getString(spec, 'query') ?? getString(spec, 'promql') ?? getString(spec, 'expr');
}

export function opensloSli(indicatorSpec: YMap | null): SliModel | undefined {
  if (!indicatorSpec) return undefined;
  const ratio = getMap(indicatorSpec, 'ratioMetric');
  if (ratio) {
    const counter = getScalar(ratio, 'counter')?.value === true;
    const good = opensloQuery(getMap(ratio, 'good'));
    const bad = opensloQuery(getMap(ratio, 'bad'));
    const total = opensloQuery(getMap(ratio, 'total'));
    if (total && (good || bad)) return { kind: 'ratio', good, bad, total, counter };
    return { kind: 'unsupported', reason: 'the ratio metric has no Prometheus queries' };
  }
  if (getMap(indicatorSpec, 'thresholdMetric')) return { kind: 'unsupported', reason: 'threshold metrics have no error ratio to query' };
  return undefined;
}

function openslo(root: YMap, docIndex: number, model: FileModel, format: 'openslo-v1' | 'openslo-v2alpha'): void {
  const meta = getMap(root, 'metadata');
  const spec = getMap(root, 'spec');
  if (!spec) return;
  const nameNode = getScalar(meta, 'name');
  const service = getString(spec, 'service') ?? getString(spec, 'serviceRef');
  const tw = asMap(getSeq(spec, 'timeWindow')?.items[0]);
  const durNode = getScalar(tw, 'duration');
  const ms = durNode ? parseOpenSloDuration(durNode.text) : undefined;
  const rolling = getScalar(tw, 'isRolling')?.value === true;
  const window: SloWindow | undefined = durNode && ms !== undefined ? { text: durNode.text, ms, node: durNode, rolling } : undefined;
  const method = getString(spec, 'budgetingMethod');
  const budgetingMethod = method === 'Occurrences' || method === 'Timeslices' || method === 'RatioTimeslices' ? method : undefined;
  const indicatorKey = format === 'openslo-v1' ? 'indicator' : 'sli';
  const refKey = format === 'openslo-v1' ? 'indicatorRef' : 'sliRef';
  const topSli = opensloSli(getMap(getMap(spec, indicatorKey), 'spec'));
  const topRef = getString(spec, refKey);
  const objectives = getSeq(spec, 'objectives')?.items ?? [];
  objectives.forEach((item, i) => {
    const obj = asMap(item);
    if (!obj) return;
    const t = target(obj, 'target', 'fraction') ?? target(obj, 'targetPercent', 'percent');
    const tsw = getScalar(obj, 'timeSliceWindow');
    const tswMs = tsw ? parseOpenSloDuration(tsw.text) ?? parsePromDuration(tsw.text) : undefined;
    const tst = getScalar(obj, 'timeSliceTarget');
    const objSli = opensloSli(getMap(getMap(obj, indicatorKey), 'spec'));
    const objRef = getString(obj, refKey);
    const ref = objRef ?? topRef;
    const objectiveName = getString(obj, 'displayName') ?? getString(obj, 'name');
    model.slos.push({
      format, docIndex, name: nameNode?.text ?? '', service, nameNode: nameNode ?? undefined,
      span: objectives.length > 1 ? { start: obj.start, end: obj.end } : { start: root.start, end: root.end }, node: objectives.length > 1 ? obj : root,
      objectiveIndex: i, objectiveName, target: t, window, budgetingMethod,
      timeSliceWindow: tsw && tswMs !== undefined ? { ms: tswMs, node: tsw } : undefined,
      timeSliceTarget: typeof tst?.value === 'number' ? tst.value : undefined,
      timeSliceTargetNode: tst ?? undefined,
      sli: objSli ?? topSli ?? (ref ? { kind: 'unsupported', reason: `indicatorRef:${ref}` } : undefined),
      indicatorRef: ref,
    });
  });
}

function opensloV1alpha(root: YMap, docIndex: number, model: FileModel): void {
  const meta = getMap(root, 'metadata');
  const spec = getMap(root, 'spec');
  if (!spec) return;
  const nameNode = getScalar(meta, 'name');
  const tw = asMap(getSeq(spec, 'timeWindows')?.items[0]);
  const count = getScalar(tw, 'count');
  const unit = getString(tw, 'unit');
  const unitMs: Record<string, number> = { Second: 1000, Day: 86_400_000, Week: 604_800_000, Month: 30 * 86_400_000, Quarter: 90 * 86_400_000, Year: 365 * 86_400_000 };
  const window: SloWindow | undefined = count && typeof count.value === 'number' && unit && unitMs[unit]
    ? { text: `${count.value} ${unit}`, ms: count.value * unitMs[unit], node: count, rolling: getScalar(tw, 'isRolling')?.value === true } : undefined;
  const method = getString(spec, 'budgetingMethod');
  const objectives = getSeq(spec, 'objectives')?.items ?? [];
  objectives.forEach((item, i) => {
    const obj = asMap(item);
    if (!obj) return;
    const ratio = getMap(obj, 'ratioMetrics');
    const good = getString(getMap(ratio, 'good'), 'query');
    const total = getString(getMap(ratio, 'total'), 'query');
    const incremental = getScalar(ratio, 'incremental')?.value === true;
    model.slos.push({
      format: 'openslo-v1alpha', docIndex, name: nameNode?.text ?? '', service: getString(spec, 'service'), nameNode: nameNode ?? undefined,
      span: objectives.length > 1 ? { start: obj.start, end: obj.end } : { start: root.start, end: root.end }, node: objectives.length > 1 ? obj : root,
      objectiveIndex: i, objectiveName: getString(obj, 'displayName'),
      target: target(obj, 'target', 'fraction'), window,
      budgetingMethod: method === 'Occurrences' || method === 'Timeslices' ? method : undefined,
      timeSliceTarget: typeof getScalar(obj, 'timeSliceTarget')?.value === 'number' ? getScalar(obj, 'timeSliceTarget')!.value as number : undefined,
      sli: good && total ? { kind: 'ratio', good, total, counter: incremental } : ratio ? undefined : { kind: 'unsupported', reason: 'threshold metrics have no error ratio to query' },
    });
  });
}

/**
 * slo-generator's shared config: each error budget policy becomes an object of kind `ErrorBudgetPolicy`, so SLOs can
 * find the policy they use through the workspace index (which records the dependency) wherever the config lives.
 */
export const SLO_GENERATOR_POLICY_KIND = 'ErrorBudgetPolicy';

function sloGeneratorPolicies(root: YMap, docIndex: number, model: FileModel): void {
  const policies = getMap(root, 'error_budget_policies');
  for (const p of policies?.pairs ?? []) {
    const nameNode = asScalar(p.key);
    const node = asMap(p.value);
    if (!nameNode || !node) continue;
    model.objects.push({ kind: SLO_GENERATOR_POLICY_KIND, name: nameNode.text, format: 'slo-generator-config', docIndex, nameNode, node });
  }
}
