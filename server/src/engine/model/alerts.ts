import type { DocInfo } from '../source';
import { asMap, asScalar, asSeq, getMap, getScalar, getSeq, getString, type YMap } from '../yaml/ast';
import { extractSloAlerts } from './sloAlerts';
import type { AlertModel, AnnotationEntry, FileModel } from './types';

/**
 * Alerts, recording rules and groups from Prometheus rule files (plain `groups:` files, PrometheusRule CRDs, and the
 * Thanos/Mimir/Loki variants, which share the shape). Alerts that SLO tools generate (Sloth, Pyrra, OpenSLO alert
 * policies) are added by `sloAlerts.ts`.
 */
export function extractAlerts(info: DocInfo, model: FileModel): void {
  const d = info.detected;
  if (!d) return;
  if (d.format === 'prometheus-rules') ruleGroups(d.root, info.doc.index, model);
  else if (d.format === 'prometheus-rule-crd') ruleGroups(getMap(d.root, 'spec'), info.doc.index, model);
  else extractSloAlerts(info, model);
}

/**
 * The entries of a labels/annotations map. Merge keys (`<<: *common`) contribute the merged map's entries, as YAML
 * loaders do; keys written in the map itself win over merged ones.
 */
export function mapEntries(map: YMap | null, depth = 0): AnnotationEntry[] {
  const out: AnnotationEntry[] = [];
  const merged: AnnotationEntry[] = [];
  const pairs = map?.pairs ?? [];
  for (let i = 0; i < pairs.length; i++) { // indexed: see pairOf
    const p = pairs[i];
    const k = asScalar(p.key);
    if (!k) continue;
    if (k.text === '<<' && k.style === 'plain' && depth < 8) {
      const sources = asSeq(p.value)?.items ?? [p.value];
      for (const src of sources) merged.push(...mapEntries(asMap(src), depth + 1));
      continue;
    }
    const v = asScalar(p.value);
    out.push({ key: k.text, value: v ? v.text : '', keyNode: k, valueNode: p.value });
  }
  for (let i = 0; i < merged.length; i++) if (!out.some(e => e.key === merged[i].key)) out.push(merged[i]);
  return out;
}

export function stringRecord(map: YMap | null): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = mapEntries(map);
  for (let i = 0; i < entries.length; i++) out[entries[i].key] = entries[i].value;
  return out;
}

function ruleGroups(root: YMap | null, docIndex: number, model: FileModel): void {
  for (const g of getSeq(root, 'groups')?.items ?? []) {
    const group = asMap(g);
    if (!group) continue;
    const groupName = getString(group, 'name');
    model.groups.push({ name: groupName ?? '', docIndex, nameNode: getScalar(group, 'name') ?? undefined, node: group });
    for (const r of getSeq(group, 'rules')?.items ?? []) {
      const rule = asMap(r);
      if (!rule) continue;
      const alertNode = getScalar(rule, 'alert');
      const recordNode = getScalar(rule, 'record');
      const expr = getScalar(rule, 'expr') ?? undefined;
      if (alertNode) {
        const labelsNode = getMap(rule, 'labels');
        const labels = stringRecord(labelsNode);
        const annotationsNode = getMap(rule, 'annotations') ?? undefined;
        model.alerts.push({
          name: alertNode.text, source: 'prometheus', docIndex, nameNode: alertNode, span: { start: alertNode.start, end: alertNode.end },
          group: groupName, severity: labels.severity, labels, annotations: mapEntries(annotationsNode ?? null), annotationsNode, node: rule, expr,
        });
      } else if (recordNode) {
        model.recordingRules.push({ name: recordNode.text, docIndex, nameNode: recordNode, group: groupName, node: rule, expr });
      }
    }
  }
}
