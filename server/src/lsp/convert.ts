import { DiagnosticSeverity, type Diagnostic, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { Finding, Fix, Severity } from '../engine/findings';
import { ruleDocsUrl } from '../engine/findings';
import type { SourceFile } from '../engine/source';
import { LineIndex } from '../engine/text';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(file: SourceFile, f: Finding, index: number): Diagnostic {
  return {
    range: file.lines.range(f.span),
    severity: SEVERITY[f.severity],
    code: f.rule,
    codeDescription: { href: ruleDocsUrl(f.rule) },
    source: 'slo-lens',
    message: f.message,
    data: { rule: f.rule, index, version: file.version },
    relatedInformation: f.related?.flatMap(r => r.range ? [{ location: { uri: r.uri, range: r.range }, message: r.message }] : []),
  };
}

export function fixToWorkspaceEdit(file: SourceFile, fix: Fix, lineIndexFor: (uri: string) => LineIndex | undefined, version: number | null = null): WorkspaceEdit {
  const changes: WorkspaceEdit['documentChanges'] = [];
  const edits: LspTextEdit[] = fix.edits.map(e => ({ range: file.lines.range(e.span), newText: e.newText }));
  if (edits.length) changes.push({ textDocument: { uri: file.uri, version }, edits });
  for (const fe of fix.fileEdits ?? []) {
    if (fe.create) changes.push({ kind: 'create', uri: fe.uri, options: { ignoreIfExists: true } });
    const idx = lineIndexFor(fe.uri) ?? new LineIndex('');
    const e2 = fe.edits.map(e => ({ range: idx.range(e.span), newText: e.newText }));
    if (e2.length) changes.push({ textDocument: { uri: fe.uri, version: null }, edits: e2 });
  }
  return { documentChanges: changes };
}
