import type { DocumentLink, ServerCapabilities } from 'vscode-languageserver/node';
import { documentLinks } from '../engine/intel/links';
import type { ServerState } from './server';
import { intelSources } from './intel';

/** Clickable `runbook_url` values: workspace runbooks open at their heading (`#L<line>`), http URLs as they are. */
export function registerLinks(state: ServerState): ServerCapabilities {
  const sources = intelSources(state);
  state.connection.onDocumentLinks(params => {
    const file = sources.current(params.textDocument.uri);
    if (!file) return null;
    return documentLinks(file, sources.env(file)).map((l): DocumentLink => {
      let target: string;
      if ('url' in l.target) target = l.target.url;
      else {
        const line = l.target.file.lines.position(l.target.offset).line;
        target = line > 0 ? `${l.target.file.uri}#L${line + 1}` : l.target.file.uri;
      }
      return { range: file.lines.range(l.span), target, tooltip: l.tooltip };
    });
  });
  return { documentLinkProvider: { resolveProvider: false } };
}
