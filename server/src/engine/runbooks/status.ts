import type { SourceFile } from '../source';
import type { Located, WorkspaceView } from '../workspace';
import type { AlertModel, AlertSource, AnnotationEntry, RunbookModel } from '../model/types';
import { mapEntries } from '../model/alerts';
import { asScalar, getMap, getString } from '../yaml/ast';
import { isDocumentationKey, keyRole, type KeyRole } from './keys';

/** An annotation that is about runbooks, with its role for the alert's tool. */
export interface RunbookEntry { entry: AnnotationEntry; role: KeyRole }

/** Something that carries runbook annotations in a file: an alert, or a standalone OpenSLO AlertCondition. */
export interface AnnotationHolder { source: AlertSource; name: string; alert?: AlertModel; entries: AnnotationEntry[] }

export function linkValue(e: AnnotationEntry): string {
  const s = asScalar(e.valueNode);
  return s && s.value !== null ? s.text.trim() : '';
}

/** The annotations about runbooks, with their roles. */
export function runbookEntries(source: AlertSource, entries: AnnotationEntry[]): RunbookEntry[] {
  const out: RunbookEntry[] = [];
  for (let i = 0; i < entries.length; i++) { // indexed: see pairOf in yaml/ast.ts
    const role = keyRole(entries[i].key, source);
    if (role) out.push({ entry: entries[i], role });
  }
  return out;
}

/**
 * The alerts and AlertConditions of a file with their annotations. Annotations shared by several alerts (Sloth's
 * common `alerting.annotations`, a Pyrra SLO's metadata) appear once per holder; callers dedupe by node.
 */
export function annotationHolders(file: SourceFile): AnnotationHolder[] {
  const out: AnnotationHolder[] = file.model.alerts.map(alert => ({ source: alert.source, name: alert.name, alert, entries: alert.annotations }));
  for (const o of file.model.objects) {
    if (o.kind !== 'AlertCondition') continue;
    out.push({ source: 'openslo', name: o.name, entries: mapEntries(getMap(getMap(o.node, 'metadata'), 'annotations')) });
  }
  return out;
}

export type AlertRunbook =
  | { has: true; how: 'link' | 'other-key' | 'listed' | 'condition' }
  | { has: false; emptyLink?: AnnotationEntry; documentation?: AnnotationEntry; similar: Located<RunbookModel>[] };

/** AlertConditions an OpenSLO policy refers to by `conditionRef` (resolved through the workspace). */
function referencedConditions(alert: AlertModel, file: SourceFile, view: WorkspaceView) {
  if (alert.source !== 'openslo') return [];
  const refs = file.model.refs.filter(r => r.field === 'conditionRef' && r.docIndex === alert.docIndex && r.node.start >= alert.node.start && r.node.end <= alert.node.end);
  return refs.flatMap(r => view.objects('AlertCondition', r.name));
}

/**
 * Whether an alert has a runbook, and how. A non-empty link counts even when it is broken: that is reported by
 * `alert/runbook-not-found`, not twice. A link under another key counts too (reported by `alert/runbook-key`).
 */
export function alertRunbook(alert: AlertModel, file: SourceFile, view: WorkspaceView): AlertRunbook {
  const entries = runbookEntries(alert.source, alert.annotations);
  if (entries.some(e => e.role.role === 'link' && linkValue(e.entry))) return { has: true, how: 'link' };
  if (entries.some(e => e.role.role !== 'link' && linkValue(e.entry))) return { has: true, how: 'other-key' };
  if (view.runbooksFor(alert.name).length) return { has: true, how: 'listed' };
  for (const c of referencedConditions(alert, file, view)) {
    const own = runbookEntries('openslo', mapEntries(getMap(getMap(c.item.node, 'metadata'), 'annotations')));
    if (own.some(e => linkValue(e.entry))) return { has: true, how: 'condition' };
  }
  return {
    has: false,
    emptyLink: entries.find(e => e.role.role === 'link')?.entry,
    documentation: alert.annotations.find(e => isDocumentationKey(e.key, alert.source) && linkValue(e)),
    similar: view.runbooksLike(alert.name),
  };
}

/** The alert's severity: its label, or for an OpenSLO policy the severity of the AlertConditions it refers to. */
export function alertSeverities(alert: AlertModel, file: SourceFile, view: WorkspaceView): string[] {
  if (alert.severity) return [alert.severity];
  return referencedConditions(alert, file, view).flatMap(c => { const s = getString(getMap(c.item.node, 'spec'), 'severity'); return s ? [s] : []; });
}
