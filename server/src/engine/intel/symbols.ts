import type { Span } from '../text';
import type { SourceFile } from '../source';
import type { SloModel } from '../model/types';
import { asMap, getMap, getScalar, getSeq, getString, type YMap, type YNode } from '../yaml/ast';
import { formatPercent } from '../slo';

/**
 * The outline of a file, named the way users talk about these things: rule groups holding alerts and recording
 * rules, SLOs holding their objectives, runbooks listing the alerts they serve. The LSP layer maps `kind` to a
 * symbol kind; everything else is computed here.
 */

export type IntelSymbolKind = 'service' | 'slo' | 'objective' | 'group' | 'alert' | 'record' | 'runbook' | 'alert-ref' | 'object' | 'rule-file';

export interface IntelSymbol {
  name: string;
  detail?: string;
  kind: IntelSymbolKind;
  /** The whole thing (the outline highlights it). */
  span: Span;
  /** The name (the outline jumps there). */
  selection: Span;
  children: IntelSymbol[];
}

const spanOf = (n: { start: number; end: number }): Span => ({ start: n.start, end: n.end });
const within = (inner: Span, outer: Span) => inner.start >= outer.start && inner.end <= outer.end;

function sloDetail(slo: SloModel | undefined, label: string, withTarget = true): string {
  const parts = [label];
  if (withTarget && slo?.target) parts.push(formatPercent(slo.target.fraction));
  if (slo?.window) parts.push(slo.window.text);
  return parts.join(' · ');
}

const FORMAT_LABEL: Record<string, string> = {
  'sloth-v1': 'Sloth SLO', 'sloth-crd': 'Sloth SLO', pyrra: 'Pyrra SLO', 'slo-generator': 'slo-generator SLO',
  'openslo-v1': 'OpenSLO', 'openslo-v1alpha': 'OpenSLO v1alpha', 'openslo-v2alpha': 'OpenSLO v2alpha', 'openslo-unknown': 'OpenSLO',
};

export function documentSymbols(file: SourceFile): IntelSymbol[] {
  if (file.language !== 'yaml') return [];
  const out: IntelSymbol[] = [];
  const m = file.model;
  for (const info of file.docs) {
    const d = info.detected;
    if (!d) continue;
    const docIndex = info.doc.index;
    const root = d.root;
    const metaName = getScalar(getMap(root, 'metadata'), 'name');
    switch (d.format) {
      case 'prometheus-rules':
      case 'prometheus-rule-crd': {
        const groups = ruleGroupSymbols(file, docIndex);
        if (d.format === 'prometheus-rule-crd') {
          out.push({ name: metaName?.text || 'PrometheusRule', detail: 'PrometheusRule', kind: 'rule-file', span: spanOf(root), selection: spanOf(metaName ?? root), children: groups });
        } else out.push(...groups);
        break;
      }
      case 'sloth-v1':
      case 'sloth-crd': {
        const spec = d.format === 'sloth-crd' ? getMap(root, 'spec') : root;
        const service = getScalar(spec, 'service');
        const slos = m.slos.filter(s => s.docIndex === docIndex).map(s => sloSymbol(file, s, FORMAT_LABEL[d.format]));
        out.push({ name: service?.text || metaName?.text || 'Sloth service', detail: 'Sloth service', kind: 'service', span: spanOf(root), selection: spanOf(service ?? metaName ?? root), children: slos });
        break;
      }
      case 'pyrra':
      case 'slo-generator': {
        for (const s of m.slos.filter(x => x.docIndex === docIndex)) out.push(sloSymbol(file, s, FORMAT_LABEL[d.format]));
        break;
      }
      case 'openslo-v1':
      case 'openslo-v1alpha':
      case 'openslo-v2alpha':
      case 'openslo-unknown': {
        const kind = d.kind ?? 'object';
        if (kind === 'SLO') {
          const objectives = m.slos.filter(s => s.docIndex === docIndex);
          const spec = getMap(root, 'spec');
          const items = getSeq(spec, 'objectives')?.items ?? [];
          const children = objectives.map(o => objectiveSymbol(o, items[o.objectiveIndex ?? 0]));
          const first = objectives[0];
          out.push({ name: metaName?.text || 'SLO', detail: sloDetail(first, `${FORMAT_LABEL[d.format]} SLO`, objectives.length === 1), kind: 'slo', span: spanOf(root), selection: spanOf(metaName ?? root), children });
        } else {
          out.push({ name: metaName?.text || kind, detail: `${FORMAT_LABEL[d.format]} ${kind}`, kind: 'object', span: spanOf(root), selection: spanOf(metaName ?? root), children: [] });
        }
        break;
      }
      case 'runbook': {
        const rb = m.runbooks.find(r => r.docIndex === docIndex);
        const children: IntelSymbol[] = (rb?.alerts ?? []).map(a => ({ name: a.name, detail: 'alert', kind: 'alert-ref', span: a.span, selection: a.span, children: [] }));
        out.push({ name: rb?.name || metaName?.text || 'Runbook', detail: `Runbook · ${children.length} alert${children.length === 1 ? '' : 's'}`, kind: 'runbook', span: spanOf(root), selection: spanOf(metaName ?? root), children });
        break;
      }
      default:
        break;
    }
  }
  return out;
}

function ruleGroupSymbols(file: SourceFile, docIndex: number): IntelSymbol[] {
  const m = file.model;
  const alerts = m.alerts.filter(a => a.docIndex === docIndex && a.source === 'prometheus');
  const records = m.recordingRules.filter(r => r.docIndex === docIndex);
  // Rules come in document order, so each group takes the rules that start inside it: one pass over each list.
  let ai = 0, ri = 0;
  return m.groups.filter(g => g.docIndex === docIndex).map(g => {
    const span = spanOf(g.node);
    const children: IntelSymbol[] = [];
    while (ai < alerts.length && alerts[ai].node.start < span.start) ai++;
    while (ri < records.length && records[ri].node.start < span.start) ri++;
    const rules: { start: number; sym: IntelSymbol }[] = [];
    for (; ai < alerts.length && within(alerts[ai].node, span); ai++) {
      const a = alerts[ai];
      const forText = getString(a.node, 'for');
      const detail = [a.severity, forText && `for ${forText}`].filter(Boolean).join(' · ') || 'alert';
      rules.push({ start: a.node.start, sym: { name: a.name, detail, kind: 'alert', span: spanOf(a.node), selection: spanOf(a.nameNode ?? a.node), children: [] } });
    }
    for (; ri < records.length && within(records[ri].node, span); ri++) {
      const r = records[ri];
      rules.push({ start: r.node.start, sym: { name: r.name, detail: 'recording rule', kind: 'record', span: spanOf(r.node), selection: spanOf(r.nameNode), children: [] } });
    }
    rules.sort((a, b) => a.start - b.start);
    for (const r of rules) children.push(r.sym);
    const alertCount = children.filter(c => c.kind === 'alert').length;
    const recordCount = children.length - alertCount;
    const detail = ['rule group', alertCount && `${alertCount} alert${alertCount === 1 ? '' : 's'}`, recordCount && `${recordCount} recording rule${recordCount === 1 ? '' : 's'}`].filter(Boolean).join(' · ');
    return { name: g.name || '(unnamed group)', detail, kind: 'group', span, selection: spanOf(g.nameNode ?? g.node), children };
  });
}

function sloSymbol(file: SourceFile, s: SloModel, label: string): IntelSymbol {
  const children: IntelSymbol[] = file.model.alerts
    .filter(a => a.source !== 'prometheus' && a.docIndex === s.docIndex && a.nameNode && within(a.nameNode, s.span))
    .map(a => ({ name: a.name, detail: a.severity ? `generated alert · ${a.severity}` : 'generated alert', kind: 'alert' as const, span: spanOf(a.nameNode!), selection: spanOf(a.nameNode!), children: [] }));
  return { name: s.name || '(unnamed SLO)', detail: sloDetail(s, label), kind: 'slo', span: s.span, selection: spanOf(s.nameNode ?? s.node), children };
}

function objectiveSymbol(o: SloModel, node: YNode | undefined): IntelSymbol {
  const obj: YMap | null = asMap(node);
  const span = obj ? spanOf(obj) : o.target ? spanOf(o.target.node) : o.span;
  const name = o.objectiveName ?? `objective ${(o.objectiveIndex ?? 0) + 1}`;
  return { name, detail: sloDetail(o, 'objective'), kind: 'objective', span, selection: o.target ? spanOf(o.target.node) : span, children: [] };
}
