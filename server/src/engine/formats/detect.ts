import { asMap, asSeq, getString, get, type YDocument, type YMap } from '../yaml/ast';

/** Every document format SLO Lens understands. A document that is none of them is left alone. */
export type FormatId =
  | 'openslo-v1' | 'openslo-v1alpha' | 'openslo-v2alpha' | 'openslo-unknown'
  | 'sloth-v1' | 'sloth-crd' | 'sloth-alertwindows'
  | 'pyrra'
  | 'slo-generator' | 'slo-generator-config'
  | 'prometheus-rules' | 'prometheus-rule-crd'
  | 'runbook';

export interface Detected {
  format: FormatId;
  /** `kind` for formats that have several (OpenSLO's seven; Runbook). */
  kind?: string;
  /** The mapping that holds rule groups (the root, or `spec` for a PrometheusRule CRD). */
  root: YMap;
}

export const SLO_FORMATS: readonly FormatId[] = ['openslo-v1', 'openslo-v1alpha', 'openslo-v2alpha', 'sloth-v1', 'sloth-crd', 'pyrra', 'slo-generator'];
export const RULE_FORMATS: readonly FormatId[] = ['prometheus-rules', 'prometheus-rule-crd'];

/** Detects the format of one YAML document from its own content (never from the file name). */
export function detectFormat(doc: YDocument): Detected | null {
  const root = asMap(doc.root);
  if (!root) return null;
  const apiVersion = getString(root, 'apiVersion');
  const kind = getString(root, 'kind');
  if (apiVersion !== undefined) {
    switch (apiVersion) {
      case 'openslo/v1': return { format: 'openslo-v1', kind, root };
      case 'openslo/v1alpha': return { format: 'openslo-v1alpha', kind, root };
      case 'openslo.com/v2alpha': return { format: 'openslo-v2alpha', kind, root };
      case 'sloth.slok.dev/v1':
        if (kind === 'AlertWindows') return { format: 'sloth-alertwindows', kind, root };
        return { format: 'sloth-crd', kind, root };
      case 'pyrra.dev/v1alpha1': return { format: 'pyrra', kind, root };
      case 'sre.google.com/v2': return { format: 'slo-generator', kind, root };
      case 'slo-lens.dev/v1': return { format: 'runbook', kind, root };
      case 'monitoring.coreos.com/v1':
        if (kind === 'PrometheusRule') return { format: 'prometheus-rule-crd', kind, root };
        return null;
    }
    // Look-alikes of OpenSLO's versions (`openslo.com/v1`, `openslo/v2alpha`) are OpenSLO written wrong, not noise.
    if (/^openslo(\.com)?\//i.test(apiVersion) && kind !== undefined) return { format: 'openslo-unknown', kind, root };
    return null;
  }
  const version = getString(root, 'version');
  if (version === 'prometheus/v1' && get(root, 'slos') !== undefined) return { format: 'sloth-v1', root };
  if (version === 'prometheus/v1') return { format: 'sloth-v1', root };
  const groups = asSeq(get(root, 'groups'));
  if (groups && (groups.items.length === 0 || groups.items.some(g => asMap(g) && get(asMap(g), 'rules') !== undefined || get(asMap(g), 'name') !== undefined))) {
    return { format: 'prometheus-rules', root };
  }
  if (get(root, 'error_budget_policies') !== undefined && (get(root, 'backends') !== undefined || get(root, 'exporters') !== undefined)) {
    return { format: 'slo-generator-config', root };
  }
  return null;
}

/**
 * The objects of one YAML document. Usually the document itself; OpenSLO tools also read a top-level list of objects
 * (oslo's reader, go-sdk's examples), and each OpenSLO item of such a list is then detected on its own.
 */
export function detectObjects(doc: YDocument): Detected[] {
  const list = asSeq(doc.root);
  if (!list) { const d = detectFormat(doc); return d ? [d] : []; }
  return list.items.flatMap(item => {
    const d = detectFormat({ ...doc, root: item });
    return d && d.format.startsWith('openslo') ? [d] : [];
  });
}

export function isSloFormat(f: FormatId): boolean { return SLO_FORMATS.includes(f); }
export function isRuleFormat(f: FormatId): boolean { return RULE_FORMATS.includes(f); }
