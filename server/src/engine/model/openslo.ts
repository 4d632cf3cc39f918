import type { DocInfo } from '../source';
import { asMap, asScalar, asSeq, getMap, getScalar, type YMap } from '../yaml/ast';
import type { FileModel } from './types';

/** Reference fields and the kind they point at, per OpenSLO version. */
const REFS: Record<string, string> = {
  indicatorRef: 'SLI', sliRef: 'SLI', alertPolicyRef: 'AlertPolicy', conditionRef: 'AlertCondition',
  targetRef: 'AlertNotificationTarget', metricSourceRef: 'DataSource', dataSourceRef: 'DataSource', serviceRef: 'Service',
};

/** Every OpenSLO object (any kind, any version), and every reference it makes, for cross-file resolution. */
export function extractOpenSloObjects(info: DocInfo, model: FileModel): void {
  const d = info.detected;
  if (!d || !d.format.startsWith('openslo') || !d.kind) return;
  const nameNode = getScalar(getMap(d.root, 'metadata'), 'name');
  model.objects.push({ kind: d.kind, name: nameNode?.text ?? '', format: d.format, docIndex: info.doc.index, nameNode: nameNode ?? undefined, node: d.root });
  const visit = (map: YMap, depth: number) => {
    if (depth > 12) return;
    for (const p of map.pairs) {
      const k = asScalar(p.key)?.text;
      const v = asScalar(p.value);
      if (k && REFS[k] && v && typeof v.value === 'string') model.refs.push({ field: k, targetKind: REFS[k], name: v.text, node: v, docIndex: info.doc.index });
      const child = asMap(p.value);
      if (child) visit(child, depth + 1);
      for (const item of asSeq(p.value)?.items ?? []) { const m = asMap(item); if (m) visit(m, depth + 1); }
    }
  };
  visit(d.root, 0);
}

