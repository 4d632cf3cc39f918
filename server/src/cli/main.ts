import { runCheck } from './check';
import { VERSION } from '../engine/version';
import { isTerminal, writeFd } from './stdio';

const USAGE = `Usage:
  slo-lens check [paths…] [--format text|json|sarif|github] [--config FILE]
  slo-lens budget [paths…] --prometheus URL [--format text|json] [--fail-on exhausted|warning] [--config FILE] [--time T]

check   lint SLO definitions, Prometheus rules and runbooks (exit 0: no errors, 1: errors, 2: usage or internal failure)
budget  compute each SLO's live error budget from Prometheus
`;

export interface Io { out(s: string): void; err(s: string): void; isTTY: boolean; cwd: string; env: NodeJS.ProcessEnv }

/** Parses `--flag value`, `--flag=value` and positionals. Unknown flags are usage errors. */
export function parseArgs(argv: string[], known: Record<string, 'string' | 'boolean'>): { positionals: string[]; flags: Record<string, string | boolean> } {
  const positionals: string[] = [];
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { positionals.push(...argv.slice(i + 1)); break; }
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
      const kind = known[name];
      if (!kind) throw new UsageError(`unknown option --${name}`);
      if (kind === 'boolean') flags[name] = true;
      else {
        const v = inline ?? argv[++i];
        if (v === undefined) throw new UsageError(`--${name} needs a value`);
        flags[name] = v;
      }
    } else positionals.push(a);
  }
  return { positionals, flags };
}

export class UsageError extends Error {}

export async function main(argv: string[], io: Io): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') { io.out(USAGE); return cmd ? 0 : 2; }
    if (cmd === '--version' || cmd === '-v') { io.out(VERSION); return 0; }
    if (cmd === 'check') {
      const { positionals, flags } = parseArgs(rest, { format: 'string', config: 'string', color: 'boolean', 'no-color': 'boolean', help: 'boolean' });
      if (flags.help) { io.out(USAGE); return 0; }
      const format = (flags.format ?? 'text') as string;
      if (!['text', 'json', 'sarif', 'github'].includes(format)) throw new UsageError(`--format must be text, json, sarif or github, not \`${format}\``);
      // Only text output has colour; asking whether stdout is a terminal costs a module load (see stdio.ts).
      const color = format !== 'text' || flags['no-color'] ? false : flags.color ? true : io.isTTY && !io.env.NO_COLOR;
      const r = runCheck({ paths: positionals, format: format as 'text', config: flags.config as string | undefined, color, cwd: io.cwd }, VERSION);
      for (const problem of r.problems) io.err(`slo-lens: ${problem}`);
      if (r.output) io.out(r.output);
      return r.exitCode;
    }
    if (cmd === 'budget') {
      const { runBudgetCommand } = await import('./budget');
      return await runBudgetCommand(rest, io);
    }
    throw new UsageError(`unknown command \`${cmd}\``);
  } catch (e) {
    if (e instanceof UsageError) { io.err(`slo-lens: ${e.message}\n\n${USAGE}`); return 2; }
    io.err(`slo-lens: ${(e as Error)?.message ?? e}`);
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), {
    out: s => writeFd(1, s.endsWith('\n') ? s : s + '\n'),
    err: s => writeFd(2, s.endsWith('\n') ? s : s + '\n'),
    get isTTY() { return isTerminal(1); },
    cwd: process.cwd(), env: process.env,
  }).then(code => { process.exitCode = code; }, e => { writeFd(2, `slo-lens: internal error: ${e?.stack ?? e}\n`); process.exitCode = 2; });
}
