import * as path from 'node:path';
import { parseArgs, UsageError, type Io } from './main';
import { loadConfig } from './check';
import { tokenTransportSafe } from '../../../shared/src/tokenTransport';
import { Engine } from '../engine/engine';
import { collectFiles, fileUri, readText, toPosix } from '../engine/files';
import { loadSource } from '../engine/source';
import { budgetSubjects } from '../engine/budget/subjects';
import { computeBudgets } from '../engine/budget/compute';
import { PrometheusClient, PromError } from '../engine/budget/prometheus';
import { formatBurn, formatPercent, formatTarget } from '../engine/budget/format';
import { BURN_WINDOWS, DEFAULT_WARNING_POLICY, type BudgetStatus } from '../engine/budget/types';

/** Exit code when `--fail-on` is reached: distinct from 1 (budget unknown) and 2 (usage), so a pipeline can tell. */
export const EXIT_BUDGET_GATE = 3;

/** The token comes from the environment, never from a flag (flags show up in `ps` and CI logs). */
export const TOKEN_ENV = 'SLO_LENS_PROMETHEUS_TOKEN';

const FLAGS = {
  prometheus: 'string', format: 'string', 'fail-on': 'string', config: 'string', time: 'string', timeout: 'string',
  'warn-below': 'string', help: 'boolean',
} as const;

const HELP = `Usage: slo-lens budget [paths…] --prometheus URL [--format text|json] [--fail-on exhausted|warning] [--config FILE]
       [--time RFC3339|UNIX_SECONDS] [--timeout SECONDS] [--warn-below PERCENT]

Computes each SLO's live error budget from a Prometheus-compatible API (Prometheus, Thanos, Mimir, VictoriaMetrics).
A bearer token is read from $${TOKEN_ENV}.
Exit 0: every budget known and below the --fail-on level; 3: an SLO reached the --fail-on level;
1: some budget could not be computed (server unreachable, query rejected); 2: bad usage.
`;

/** `slo-lens budget`: the error-budget policy ("when the budget is spent, releases halt") as a pipeline gate. */
export async function runBudgetCommand(argv: string[], io: Io): Promise<number> {
  const { positionals, flags } = parseArgs(argv, { ...FLAGS });
  if (flags.help) { io.out(HELP); return 0; }
  const url = (flags.prometheus as string | undefined) ?? io.env.SLO_LENS_PROMETHEUS_URL;
  if (!url) throw new UsageError('budget needs --prometheus URL (e.g. --prometheus http://localhost:9090)');
  const format = (flags.format ?? 'text') as string;
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not \`${format}\``);
  const failOn = flags['fail-on'] as string | undefined;
  if (failOn !== undefined && failOn !== 'exhausted' && failOn !== 'warning') throw new UsageError(`--fail-on must be exhausted or warning, not \`${failOn}\``);
  const time = flags.time !== undefined ? parseTime(flags.time as string) : undefined;
  const timeoutMs = flags.timeout !== undefined ? positiveNumber(flags.timeout as string, '--timeout') * 1000 : 10_000;
  const warnBelow = flags['warn-below'] !== undefined ? positiveNumber(flags['warn-below'] as string, '--warn-below') / 100 : DEFAULT_WARNING_POLICY.remainingBelow;

  let client: PrometheusClient;
  const token = io.env[TOKEN_ENV] || undefined;
  if (token && !tokenTransportSafe(url)) io.err(`slo-lens: warning: sending $${TOKEN_ENV} over plain http to ${url}; anyone on the network path can read it — use https`);
  try { client = new PrometheusClient({ url, token, timeoutMs }); }
  catch (e) { throw new UsageError(e instanceof PromError ? e.message : String(e)); }

  const config = loadConfig(io.cwd, flags.config as string | undefined);
  for (const p of config.problems) io.err(`slo-lens: ${p}`);
  const files = collectFiles(positionals.length ? positionals.map(p => path.resolve(io.cwd, p)) : [io.cwd]);
  const engine = new Engine(config, [config.root]);
  const sources = files.map(f => {
    const abs = toPosix(f);
    const s = loadSource(fileUri(abs), abs, readText(f), 0, { maxFileSize: config.maxFileSize });
    engine.update(s);
    return s;
  });
  const subjects = budgetSubjects(sources, engine.workspace.view().view, { slothDefaultPeriod: config.slothDefaultPeriod });
  const { statuses } = await computeBudgets(subjects, client, {
    time, warningPolicy: { ...DEFAULT_WARNING_POLICY, remainingBelow: warnBelow },
  });
  const rel = (abs: string) => toPosix(path.relative(io.cwd, abs)) || path.basename(abs);
  const shown = statuses.map(s => ({ ...s, file: rel(s.file) }));

  if (format === 'json') io.out(JSON.stringify({ slos: shown.map(toContract) }, null, 2));
  else io.out(toText(shown, client.origin));
  for (const s of shown) for (const w of s.warnings ?? []) if (format === 'json') io.err(`slo-lens: ${s.file}: ${s.name}: ${w}`);

  const reached = failOn && shown.some(s => s.status === 'exhausted' || (failOn === 'warning' && s.status === 'warning'));
  if (reached) return EXIT_BUDGET_GATE;
  return shown.some(s => s.status === 'error') ? 1 : 0;
}

/** DESIGN.md's keys first, in order; extras after (`message`, `warnings`, `objective`, …). Infinity/NaN are null. */
function toContract(s: BudgetStatus): Record<string, unknown> {
  const { file, name, service, target, window, sli, errorBudget, burnRates, status, message, warnings, objective, allowedBadTimeMs, timeToExhaustionMs } = s;
  return {
    file, name, ...(service !== undefined ? { service } : {}), target, window, sli, errorBudget, burnRates, status,
    ...(message ? { message } : {}), ...(warnings?.length ? { warnings } : {}), ...(objective ? { objective } : {}),
    allowedBadTimeMs: allowedBadTimeMs ?? null, timeToExhaustionMs: timeToExhaustionMs ?? null,
  };
}

function toText(statuses: BudgetStatus[], origin: string): string {
  if (!statuses.length) return 'no SLOs found';
  const lines: string[] = [];
  for (const s of statuses) {
    const head = `${s.file}: ${s.name}${s.objective ? ` (${s.objective})` : ''}`;
    const what = s.target !== null && s.window ? ` ${formatTarget(s.target)} % / ${s.window}` : '';
    if (s.status === 'ok' || s.status === 'warning' || s.status === 'exhausted') {
      const burns = BURN_WINDOWS.map(w => `${w} ${formatBurn(s.burnRates[w])}`).join('  ');
      lines.push(`${head}${what}  ${s.status}  budget left ${formatPercent(s.errorBudget.remaining)}  burn ${burns}${s.message ? `  (${s.message})` : ''}`);
    } else lines.push(`${head}${what}  ${s.status}: ${s.message ?? ''}`);
    for (const w of s.warnings ?? []) lines.push(`  note: ${w}`);
  }
  const counts = new Map<string, number>();
  for (const s of statuses) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
  lines.push(`${statuses.length} SLO${statuses.length === 1 ? '' : 's'} from ${origin}: ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}`);
  return lines.join('\n');
}

function parseTime(text: string): number {
  if (/^[0-9]+(\.[0-9]+)?$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new UsageError(`--time must be RFC 3339 (2026-01-31T12:00:00Z) or unix seconds, not \`${text}\``);
  return ms / 1000;
}

function positiveNumber(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number, not \`${text}\``);
  return n;
}
