import type { Location, ServerCapabilities } from 'vscode-languageserver/node';
import { definitionAt, referencesAt, type IntelLocation } from '../engine/intel/navigation';
import type { ServerState } from './server';
import { intelSources } from './intel';

const toLocation = (l: IntelLocation): Location => ({ uri: l.file.uri, range: l.file.lines.range(l.span) });

/** Go to definition (runbook links, Runbook alert entries, OpenSLO refs, generated alerts) and find references. */
export function registerDefinition(state: ServerState, indexed: () => Promise<void>): ServerCapabilities {
  const sources = intelSources(state);
  state.connection.onDefinition(params => {
    const file = sources.current(params.textDocument.uri);
    if (!file) return null;
    return definitionAt(file, sources.offset(file, params.position), sources.env(file)).map(toLocation);
  });
  state.connection.onReferences(async params => {
    await indexed();
    const file = sources.current(params.textDocument.uri);
    if (!file) return null;
    return referencesAt(file, sources.offset(file, params.position), sources.env(file), params.context.includeDeclaration).map(toLocation);
  });
  return { definitionProvider: true, referencesProvider: true };
}
