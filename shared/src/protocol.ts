/**
 * Custom messages between the SLO Lens client and server, one typed definition for both sides. Standard LSP covers
 * diagnostics, code actions, hover, completion, symbols and code lenses; these cover what LSP has no word for.
 */
export const Methods = {
  /** Server → client: log a message in the output channel at a level. */
  log: 'sloLens/log',
} as const;
