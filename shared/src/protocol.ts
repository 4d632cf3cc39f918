/**
 * Custom messages between the SLO Lens client and server, one typed definition for both sides. Standard LSP covers
 * diagnostics, code actions, hover, completion, symbols and code lenses; these cover what LSP has no word for.
 */
export const Methods = {
  /** Server → client: log a message in the output channel at a level. */
  log: 'sloLens/log',
  /** Client → server: counters for benchmarks and tests (files indexed, checks run, work queued). See ServerStats. */
  stats: 'sloLens/stats',
  /** Client → server: the SLOs of one file (or of the workspace) as budget subjects. See BudgetSubjectsParams. */
  budgetSubjects: 'sloLens/budgetSubjects',
} as const;

/** Answer to `sloLens/stats`: enough to tell when the server is idle and how much one edit re-checked. */
export interface ServerStats {
  files: number;
  /** File checks run since start (cache misses). */
  checks: number;
  /** Files waiting to be checked, plus documents waiting for their debounce. */
  queued: number;
  /** The initial workspace scan is still running. */
  indexing: boolean;
  /** The server is still warming up after start (lsp/warmup.ts): checking made-up files while nothing else waits. */
  warming: boolean;
}

/** `sloLens/budgetSubjects`: with `uri`, that file's SLOs; without, every SLO in the workspace (after indexing). */
export interface BudgetSubjectsParams { uri?: string }
export interface BudgetSubjectsResult { subjects: import('../../server/src/engine/budget/types').BudgetSubject[] }
