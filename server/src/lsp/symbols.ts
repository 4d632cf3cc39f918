import { SymbolKind, type DocumentSymbol, type ServerCapabilities, type SymbolInformation } from 'vscode-languageserver/node';
import { documentSymbols, type IntelSymbol, type IntelSymbolKind } from '../engine/intel/symbols';
import { workspaceSymbols } from '../engine/intel/workspaceSymbols';
import type { SourceFile } from '../engine/source';
import type { ServerState } from './server';
import { intelSources } from './intel';

const KIND: Record<IntelSymbolKind, SymbolKind> = {
  service: SymbolKind.Module, slo: SymbolKind.Object, objective: SymbolKind.Number, group: SymbolKind.Namespace,
  alert: SymbolKind.Event, record: SymbolKind.Function, runbook: SymbolKind.File, 'alert-ref': SymbolKind.Key,
  object: SymbolKind.Struct, 'rule-file': SymbolKind.Package,
};

function toLsp(file: SourceFile, s: IntelSymbol): DocumentSymbol {
  const range = file.lines.range(s.span);
  let selectionRange = file.lines.range(s.selection);
  // LSP requires the selection inside the range; a name outside (never expected) falls back to the range start.
  if (s.selection.start < s.span.start || s.selection.end > s.span.end) selectionRange = { start: range.start, end: range.start };
  return { name: s.name || ' ', detail: s.detail, kind: KIND[s.kind], range, selectionRange, children: s.children.map(c => toLsp(file, c)) };
}

/** Outline (documentSymbol) and workspace symbol search for SLOs and alerts. */
export function registerSymbols(state: ServerState, indexed: () => Promise<void>): ServerCapabilities {
  const sources = intelSources(state);
  state.connection.onDocumentSymbol(params => {
    const file = sources.current(params.textDocument.uri);
    return file ? documentSymbols(file).map(s => toLsp(file, s)) : null;
  });
  state.connection.onWorkspaceSymbol(async params => {
    await indexed();
    return workspaceSymbols(state.engine.workspace.allFiles(), params.query).map((s): SymbolInformation => ({
      name: s.name, kind: s.kind === 'slo' ? SymbolKind.Object : SymbolKind.Event, containerName: s.container,
      location: { uri: s.file.uri, range: s.file.lines.range(s.span) },
    }));
  });
  return { documentSymbolProvider: true, workspaceSymbolProvider: true };
}
