import type { DocInfo } from '../source';
import { asMap, get, getMap, getScalar, getSeq, getString, type YMap, type YScalar } from '../yaml/ast';
import { mapEntries, stringRecord } from './alerts';
import type { AlertModel, AnnotationEntry, FileModel } from './types';

/**
 * Alerts that SLO tools generate from SLO definitions, so that runbook rules see them like rule-file alerts:
 * - Sloth `alerting` (snake_case in `prometheus/v1`, camelCase in the CRD): a page and a ticket alert, both named
 *   `alerting.name`, each with `alerting.labels/annotations` merged with its own, unless `disable: true`.
 * - Pyrra: burn-rate alerts named `spec.alerting.name` (default `ErrorBudgetBurn`) and an absent alert
 *   (`absentName`, default `SLOMetricAbsent`). Their annotations are the SLO's `metadata.annotations` prefixed
 *   `pyrra.dev/` (prefix stripped), which is the only way to give them a runbook.
 * - OpenSLO: every AlertPolicy (a document of its own, or inline in an SLO's `alertPolicies`), with the
 *   annotations of the policy and of its inline AlertConditions.
 */
export function extractSloAlerts(info: DocInfo, model: FileModel): void {
  const d = info.detected;
  if (!d) return;
  const docIndex = info.doc.index;
  switch (d.format) {
    case 'sloth-v1': return sloth(d.root, docIndex, model, true);
    case 'sloth-crd': if (d.kind === 'PrometheusServiceLevel' || d.kind === undefined) sloth(getMap(d.root, 'spec'), docIndex, model, false); return;
    case 'pyrra': if (d.kind === 'ServiceLevelObjective' || d.kind === undefined) pyrra(d.root, docIndex, model); return;
    case 'openslo-v1': case 'openslo-v2alpha': case 'openslo-unknown':
      if (d.kind === 'AlertPolicy') opensloPolicy(d.root, docIndex, model);
      else if (d.kind === 'SLO') for (const item of getSeq(getMap(d.root, 'spec'), 'alertPolicies')?.items ?? []) {
        const inline = asMap(item);
        if (inline && getString(inline, 'kind') === 'AlertPolicy') opensloPolicy(inline, docIndex, model, getString(getMap(d.root, 'metadata'), 'name'));
      }
      return;
  }
}

const isTrue = (s: YScalar | null) => s?.value === true;

function sloth(spec: YMap | null, docIndex: number, model: FileModel, snake: boolean): void {
  if (!spec) return;
  for (const item of getSeq(spec, 'slos')?.items ?? []) {
    const slo = asMap(item);
    const alerting = getMap(slo, 'alerting');
    const nameNode = getScalar(alerting, 'name');
    // Without a name Sloth generates nothing (its validation fails); schema rules report that, not this model.
    if (!alerting || !nameNode || !nameNode.text) continue;
    const commonLabels = stringRecord(getMap(alerting, 'labels'));
    const annotationsNode = getMap(alerting, 'annotations') ?? undefined;
    const common = mapEntries(annotationsNode ?? null);
    for (const tier of ['page', 'ticket'] as const) {
      // Both spellings are read: a CRD written with snake_case keys is a schema finding, but its alerts still exist.
      const key = snake ? `${tier}_alert` : `${tier}Alert`;
      const alt = snake ? `${tier}Alert` : `${tier}_alert`;
      const tierMap = getMap(alerting, key) ?? getMap(alerting, alt);
      if (isTrue(getScalar(tierMap, 'disable'))) continue;
      const labels = { ...commonLabels, ...stringRecord(getMap(tierMap, 'labels')) };
      const own = mapEntries(getMap(tierMap, 'annotations'));
      model.alerts.push({
        name: nameNode.text, source: 'sloth', docIndex, nameNode, span: { start: nameNode.start, end: nameNode.end },
        // Sloth labels every generated alert `sloth_severity: page|ticket`; without a `severity` label that is its level.
        severity: labels.severity ?? tier, labels, annotations: mergeAnnotations(common, own), annotationsNode, node: alerting,
        sloName: getString(slo, 'name'), variant: tier,
      });
    }
  }
}

/** Tier annotations override common ones with the same key (Sloth merges them so). */
function mergeAnnotations(common: AnnotationEntry[], own: AnnotationEntry[]): AnnotationEntry[] {
  const ownKeys = new Set(own.map(e => e.key));
  return [...common.filter(e => !ownKeys.has(e.key)), ...own];
}

/** Pyrra's default severities per burn-rate tier and for the absent alert (slo/rules.go, alertSeverityLabel). */
const PYRRA_TIERS = [
  { key: 'fastBurn', label: 'fast burn', severity: 'critical' },
  { key: 'mediumBurn', label: 'medium burn', severity: 'critical' },
  { key: 'slowBurn', label: 'slow burn', severity: 'warning' },
  { key: 'longTermBurn', label: 'long-term burn', severity: 'warning' },
] as const;

function pyrra(root: YMap, docIndex: number, model: FileModel): void {
  const meta = getMap(root, 'metadata');
  const sloNameNode = getScalar(meta, 'name');
  const alerting = getMap(getMap(root, 'spec'), 'alerting');
  const severities = getMap(alerting, 'severities');
  const annotationsNode = getMap(meta, 'annotations') ?? undefined;
  const annotations = mapEntries(annotationsNode ?? null);
  const labels = stringRecord(getMap(meta, 'labels'));
  const sloName = sloNameNode?.text;
  const push = (name: string, nameNode: YScalar | null, severity: string, variant: string) => {
    // Reported on the alert's own name, else the SLO's name; an SLO without either still has its `kind`.
    const at = nameNode ?? sloNameNode ?? getScalar(root, 'kind') ?? root;
    model.alerts.push({
      name, source: 'pyrra', docIndex, nameNode: nameNode ?? undefined, span: { start: at.start, end: at.end },
      severity, labels: { ...labels, severity }, annotations, annotationsNode, node: root, sloName, variant,
    });
  };
  // `disabled: true` is the deprecated switch for all alerts; `burnrates`/`absent` default to true.
  if (isTrue(getScalar(alerting, 'disabled'))) return;
  const nameNode = getScalar(alerting, 'name');
  if (getScalar(alerting, 'burnrates')?.value !== false) {
    const bySeverity = new Map<string, string[]>();
    for (const t of PYRRA_TIERS) {
      const sev = getString(severities, t.key) || t.severity;
      bySeverity.set(sev, [...bySeverity.get(sev) ?? [], t.label]);
    }
    for (const [sev, tiers] of bySeverity) push(nameNode?.text || 'ErrorBudgetBurn', nameNode?.text ? nameNode : null, sev, tiers.join(', '));
  }
  if (getScalar(alerting, 'absent')?.value !== false) {
    const absentNode = getScalar(alerting, 'absentName');
    push(absentNode?.text || 'SLOMetricAbsent', absentNode?.text ? absentNode : null, getString(severities, 'absent') || 'critical', 'absent');
  }
}

function opensloPolicy(policy: YMap, docIndex: number, model: FileModel, sloName?: string): void {
  const meta = getMap(policy, 'metadata');
  const nameNode = getScalar(meta, 'name');
  if (!nameNode || !nameNode.text) return;
  const annotationsNode = getMap(meta, 'annotations') ?? undefined;
  const annotations = mapEntries(annotationsNode ?? null);
  let severity: string | undefined;
  for (const c of getSeq(getMap(policy, 'spec'), 'conditions')?.items ?? []) {
    const cond = asMap(c);
    // Inline conditions carry their own severity and annotations; `conditionRef`s are resolved across files by rules.
    if (!cond || get(cond, 'conditionRef') !== undefined) continue;
    severity ??= getString(getMap(cond, 'spec'), 'severity');
    annotations.push(...mapEntries(getMap(getMap(cond, 'metadata'), 'annotations')));
  }
  const labels: Record<string, string> = severity ? { severity } : {};
  model.alerts.push({
    name: nameNode.text, source: 'openslo', docIndex, nameNode, span: { start: nameNode.start, end: nameNode.end },
    severity, labels, annotations, annotationsNode, node: policy, sloName,
  });
}
