import type { Io } from './main';

/** `slo-lens budget`: implemented with the live error budget (engine/budget). */
export async function runBudgetCommand(_argv: string[], io: Io): Promise<number> {
  io.err('slo-lens budget: not available in this build yet');
  return 2;
}
