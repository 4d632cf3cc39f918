import { ResponseError, ErrorCodes, type ServerCapabilities, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import { prepareRename, renameAlert } from '../engine/intel/rename';
import type { ServerState } from './server';
import { intelSources } from './intel';

/** Rename an alert across rule files, Runbooks and Markdown runbook headings (engine/intel/rename). */
export function registerRename(state: ServerState, indexed: () => Promise<void>): ServerCapabilities {
  const sources = intelSources(state);
  state.connection.onPrepareRename(params => {
    const file = sources.current(params.textDocument.uri);
    if (!file) return null;
    const r = prepareRename(file, sources.offset(file, params.position));
    if ('error' in r) throw new ResponseError(ErrorCodes.InvalidRequest, r.error);
    return { range: file.lines.range(r.span), placeholder: r.placeholder };
  });
  state.connection.onRenameRequest(async (params): Promise<WorkspaceEdit> => {
    await indexed();
    await sources.settled(params.textDocument.uri);
    const file = sources.current(params.textDocument.uri);
    if (!file) throw new ResponseError(ErrorCodes.InvalidRequest, 'The document is not open.');
    const r = renameAlert(file, sources.offset(file, params.position), params.newName, sources.env(file));
    if ('error' in r) throw new ResponseError(ErrorCodes.InvalidRequest, r.error);
    const changes: Record<string, TextEdit[]> = {};
    for (const [f, edits] of r) {
      // Edits to the document being renamed in are computed on its current text, not the indexed one.
      changes[f.uri] = edits.map(e => ({ range: f.lines.range(e.span), newText: e.newText }));
    }
    return { changes };
  });
  return { renameProvider: { prepareProvider: true } };
}
