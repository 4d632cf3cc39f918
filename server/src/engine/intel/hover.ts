import type { Span } from '../text';
import type { SourceFile, DocInfo } from '../source';
import type { WorkspaceView } from '../workspace';
import type { ResolvedConfig } from '../config';
import { asScalar, pathAtOffset, type YScalar } from '../yaml/ast';
import { budgetHover } from './hoverBudget';
import { alertHover, alertsForEntryHover, objectHover } from './hoverItems';
import { keyDocumentation } from './schemaNav';
import { runbookLinkHover } from './runbookLinks';

/** What the editor shows on hover, decided from the parsed file and the workspace; the LSP layer only converts. */

export interface IntelEnv {
  workspace: WorkspaceView;
  config: ResolvedConfig;
}

export interface HoverResult { markdown: string; span: Span }

const contains = (n: { start: number; end: number } | undefined, offset: number) => !!n && offset >= n.start && offset <= n.end;

export function docAt(file: SourceFile, offset: number): DocInfo | undefined {
  return file.docs.find(d => offset >= d.doc.start && offset <= d.doc.end);
}

export function hoverAt(file: SourceFile, offset: number, env: IntelEnv): HoverResult | null {
  if (file.language !== 'yaml') return null;
  const m = file.model;
  const span = (n: { start: number; end: number }): Span => ({ start: n.start, end: n.end });

  // An SLO target or its window: the error budget as time and the burn-rate tiers.
  for (const slo of m.slos) {
    const node = contains(slo.target?.node, offset) ? slo.target!.node : contains(slo.window?.node, offset) ? slo.window!.node : undefined;
    if (!node) continue;
    const md = budgetHover(slo, env.workspace, env.config);
    if (md) return { markdown: md, span: span(node) };
  }

  for (const alert of m.alerts) {
    if (alert.nameNode && contains(alert.nameNode, offset)) return { markdown: alertHover(alert, env.workspace), span: span(alert.nameNode) };
  }

  for (const rb of m.runbooks) {
    if (rb.kind !== 'yaml') continue;
    for (const a of rb.alerts) {
      if (contains(a.span, offset)) return { markdown: alertsForEntryHover(a.name, env.workspace.alerts(a.name), env.workspace.roots), span: a.span };
    }
  }

  for (const ref of m.refs) {
    if (contains(ref.node, offset)) return { markdown: objectHover(ref.targetKind, ref.name, env.workspace.objects(ref.targetKind, ref.name), env.workspace.roots), span: span(ref.node) };
  }

  const info = docAt(file, offset);
  if (!info?.detected || !info.doc.root) return null;
  const steps = pathAtOffset(info.doc.root, offset);
  const last = steps[steps.length - 1];
  const path = steps.slice(1).map(s => s.key!).filter(k => k !== undefined);
  const scalar: YScalar | null = last ? asScalar(last.node) : null;
  if (!last || !scalar) return null;

  if (!last.inKey) {
    const link = runbookLinkHover(file, info, path, scalar, env);
    if (link) return { markdown: link, span: span(scalar) };
  }

  // Key documentation from the format's schema (on the key, or on its value).
  const doc = keyDocumentation(info.detected.format, info.detected.kind, path, last.inKey ? undefined : scalar.value);
  if (doc) return { markdown: doc, span: span(scalar) };
  return null;
}
