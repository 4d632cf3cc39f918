import type { DocInfo } from '../source';
import { asMap, asScalar, asSeq, getMap, getScalar, getSeq, getString, type YMap, type YScalar } from '../yaml/ast';
import type { FileModel } from './types';

/** Reference fields and the kind they point at, per OpenSLO version (v1 names and v2alpha's `sliRef`/`dataSourceRef`/`serviceRef`). */
export const OPENSLO_REF_FIELDS: Readonly<Record<string, string>> = {
  indicatorRef: 'SLI', sliRef: 'SLI', alertPolicyRef: 'AlertPolicy', conditionRef: 'AlertCondition',
  targetRef: 'AlertNotificationTarget', metricSourceRef: 'DataSource', dataSourceRef: 'DataSource', serviceRef: 'Service',
};

/** Every OpenSLO object (any kind, any version), and every reference it makes, for cross-file resolution. */
export function extractOpenSloObjects(info: DocInfo, model: FileModel): void {
  const d = info.detected;
  if (!d || !d.format.startsWith('openslo') || !d.kind) return;
  const nameNode = getScalar(getMap(d.root, 'metadata'), 'name');
  const ownerName = nameNode?.text ?? '';
  model.objects.push({ kind: d.kind, name: ownerName, format: d.format, docIndex: info.doc.index, nameNode: nameNode ?? undefined, node: d.root });
  const visit = (map: YMap, depth: number) => {
    if (depth > 12) return;
    for (const p of map.pairs) {
      const k = asScalar(p.key)?.text;
      const v = asScalar(p.value);
      // Labels and annotations are free-form maps: a key there that happens to be named like a ref is not one.
      if (k === 'labels' || k === 'annotations') continue;
      if (k && OPENSLO_REF_FIELDS[k] && v && typeof v.value === 'string' && v.text.trim() !== '') {
        model.refs.push({ field: k, targetKind: OPENSLO_REF_FIELDS[k], name: v.text, node: v, docIndex: info.doc.index, ownerKind: d.kind, ownerName });
      }
      const child = asMap(p.value);
      if (child) visit(child, depth + 1);
      for (const item of asSeq(p.value)?.items ?? []) { const m = asMap(item); if (m) visit(m, depth + 1); }
    }
  };
  visit(d.root, 0);
}

/** Where an AlertCondition is written: a document of its own, inline in an AlertPolicy, or inline in a policy inline in an SLO. */
export type ConditionHome =
  | { kind: 'AlertCondition'; name: string }
  | { kind: 'AlertPolicy'; name: string }
  | { kind: 'SLO'; name: string };

/** An OpenSLO AlertCondition (`spec.condition {kind, op, threshold, lookbackWindow}`) with the nodes rules point at. */
export interface OpenSloCondition {
  name: string;
  docIndex: number;
  /** The AlertCondition's own map (the document root, or the inline `conditions[]` item). */
  node: YMap;
  home: ConditionHome;
  /** `condition.kind` (`burnrate`). */
  conditionKind?: string;
  op?: YScalar;
  threshold?: YScalar;
}

/**
 * Every AlertCondition in a file, wherever it is written. Computed on demand from the parsed documents (no re-parse):
 * only the burn-rate rules need it.
 */
export function openSloConditions(docs: readonly DocInfo[]): OpenSloCondition[] {
  const out: OpenSloCondition[] = [];
  for (const info of docs) {
    const d = info.detected;
    if (!d || !d.format.startsWith('openslo') || !d.kind) continue;
    const name = getString(getMap(d.root, 'metadata'), 'name') ?? '';
    const docIndex = info.doc.index;
    const spec = getMap(d.root, 'spec');
    if (d.kind === 'AlertCondition') out.push(condition(d.root, docIndex, { kind: 'AlertCondition', name }));
    else if (d.kind === 'AlertPolicy') inlineConditions(spec, docIndex, { kind: 'AlertPolicy', name }, out);
    else if (d.kind === 'SLO') {
      for (const item of getSeq(spec, 'alertPolicies')?.items ?? []) {
        const policy = asMap(item);
        if (policy && getMap(policy, 'spec')) inlineConditions(getMap(policy, 'spec'), docIndex, { kind: 'SLO', name }, out);
      }
    }
  }
  return out;
}

function inlineConditions(policySpec: YMap | null, docIndex: number, home: ConditionHome, out: OpenSloCondition[]): void {
  for (const item of getSeq(policySpec, 'conditions')?.items ?? []) {
    const c = asMap(item);
    // `{conditionRef: name}` items point elsewhere; only inline definitions (with a spec) are conditions here.
    if (c && getMap(c, 'spec')) out.push(condition(c, docIndex, home));
  }
}

function condition(node: YMap, docIndex: number, home: ConditionHome): OpenSloCondition {
  const cond = getMap(getMap(node, 'spec'), 'condition');
  return {
    name: getString(getMap(node, 'metadata'), 'name') ?? '', docIndex, node, home,
    conditionKind: getString(cond, 'kind'), op: getScalar(cond, 'op') ?? undefined, threshold: getScalar(cond, 'threshold') ?? undefined,
  };
}

/** A step of a slo-generator error budget policy, with its nodes (v1 field names accepted as well). */
export interface SloGeneratorStepNode {
  name: string;
  threshold?: { value: number; node: YScalar };
  windowSeconds?: number;
  alert: boolean;
  node: YMap;
}

export function sloGeneratorSteps(policy: YMap): SloGeneratorStepNode[] {
  return (getSeq(policy, 'steps')?.items ?? []).flatMap(item => {
    const step = asMap(item);
    if (!step) return [];
    const t = getScalar(step, 'burn_rate_threshold') ?? getScalar(step, 'alerting_burn_rate_threshold');
    const w = getScalar(step, 'window') ?? getScalar(step, 'measurement_window_seconds');
    const alert = getScalar(step, 'alert') ?? getScalar(step, 'urgent_notification');
    return [{
      name: getString(step, 'name') ?? getString(step, 'error_budget_policy_step_name') ?? '',
      threshold: t && typeof t.value === 'number' ? { value: t.value, node: t } : undefined,
      windowSeconds: w && typeof w.value === 'number' ? w.value : undefined,
      alert: alert?.value === true,
      node: step,
    }];
  });
}
