import type { ServerCapabilities } from 'vscode-languageserver/node';
import type { ServerState } from './server';
import { registerCodeLens } from './codeLens';
import { registerBudgetRequests } from './budget';
import { registerHover } from './hover';
import { registerCompletion } from './completion';
import { registerSymbols } from './symbols';
import { registerDefinition } from './definition';
import { registerLinks } from './links';
import { registerRename } from './rename';

/**
 * Registers the editor features beyond diagnostics and quick fixes (hover, completion, symbols, definitions, links,
 * code lenses, rename). Each feature lives in its own file and adds its handler and capability here.
 */
export function registerFeatures(state: ServerState, indexed: () => Promise<void>): ServerCapabilities {
  const caps: ServerCapabilities = {};
  Object.assign(caps, registerCodeLens(state));
  Object.assign(caps, registerBudgetRequests(state, indexed));
  Object.assign(caps, registerHover(state));
  Object.assign(caps, registerCompletion(state, () => state.clientCapabilities?.textDocument?.completion?.completionItem?.snippetSupport === true));
  Object.assign(caps, registerSymbols(state, indexed));
  Object.assign(caps, registerDefinition(state, indexed));
  Object.assign(caps, registerLinks(state));
  Object.assign(caps, registerRename(state, indexed));
  return caps;
}
