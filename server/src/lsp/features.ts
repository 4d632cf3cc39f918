import type { ServerCapabilities } from 'vscode-languageserver/node';
import type { ServerState } from './server';

/**
 * Registers the editor features beyond diagnostics and quick fixes (hover, completion, symbols, definitions, links,
 * code lenses, rename). Each feature lives in its own file and adds its handler and capability here.
 */
export function registerFeatures(_state: ServerState, _indexed: () => Promise<void>): ServerCapabilities {
  const caps: ServerCapabilities = {};
  return caps;
}
