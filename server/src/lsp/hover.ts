import { MarkupKind, type ServerCapabilities } from 'vscode-languageserver/node';
import { hoverAt } from '../engine/intel/hover';
import type { ServerState } from './server';
import { intelSources } from './intel';

/** Hover: schema docs for keys, the error budget on targets, runbooks on alerts, objects on refs (engine/intel/hover). */
export function registerHover(state: ServerState): ServerCapabilities {
  const sources = intelSources(state);
  state.connection.onHover(params => {
    const file = sources.current(params.textDocument.uri);
    if (!file) return null;
    const h = hoverAt(file, sources.offset(file, params.position), sources.env(file));
    if (!h) return null;
    return { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: file.lines.range(h.span) };
  });
  return { hoverProvider: true };
}
