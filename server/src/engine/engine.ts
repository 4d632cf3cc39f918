import type { Finding, Fix } from './findings';
import { nowMs } from './clock';
import { severityRank } from './findings';
import { ALL_RULES } from './rules/index';
import type { Rule, RuleReport } from './rules/types';
import type { SourceFile } from './source';
import { Workspace } from './workspace';
import { defaultConfig, severityFor, type ResolvedConfig } from './config';
import { matchesAny } from './globs';
import { isSuppressed, scanSuppressions } from './suppress';

/**
 * A rule that takes longer than this on one file is logged and, where the engine defers slow rules (the language
 * server), runs after the others on that file's next versions, so one slow rule cannot hold back the rest.
 */
export const RULE_TIME_BUDGET_MS = 250;
/** One rule reports at most this many findings per file; the rest are counted in one summary finding. */
export const MAX_FINDINGS_PER_RULE = 500;

type CacheEntry = {
  version: number;
  findings: Finding[];
  /** Rules held back because they were slow on this file; `runDeferred` runs them. */
  deferred?: readonly Rule[];
  used: Set<string>;
  usedAll: boolean;
};

export interface EngineLogger { warn(message: string): void }

/**
 * The engine: the workspace index, the configuration, and a findings cache keyed by document version. Both doors —
 * the CLI and the language server — call `update`/`remove` as files change and `findings` to read results.
 *
 * Configuration: `config` is the default; in a multi-root editor workspace each folder has its own (its settings and
 * its `.slo-lens.yaml`), set with `setFolderConfig`. A file is checked with the config of the deepest
 * folder that contains it (`configFor`), a file outside every folder with the default.
 */
export class Engine {
  readonly workspace: Workspace;
  private cache = new Map<string, CacheEntry>();
  /** Per file: the rules that took longer than RULE_TIME_BUDGET_MS on it last time they ran. */
  private slow = new Map<string, Set<string>>();
  /**
   * Hold rules that were slow on a file back from `findings` (they run in `runDeferred`), so the other rules' findings
   * come at once. The language server turns this on; the CLI runs every rule in one pass.
   */
  deferSlowRules = false;
  /** How many file checks ran (cache misses): the benchmark and tests read it to prove an edit re-checks only dependents. */
  readonly stats = { checks: 0 };

  /** Per workspace folder (absolute, `/` separators, no trailing slash): its configuration. */
  private readonly folderConfigs = new Map<string, ResolvedConfig>();

  constructor(public config: ResolvedConfig = defaultConfig(), roots: string[] = [], private readonly rules: readonly Rule[] = ALL_RULES, private readonly log?: EngineLogger) {
    this.workspace = new Workspace(roots);
  }

  /** The configuration a file at `path` (absolute, `/` separators) is checked with: its deepest folder's, else the default. */
  configFor(path: string): ResolvedConfig {
    let best: ResolvedConfig | undefined;
    let depth = -1;
    for (const [root, cfg] of this.folderConfigs) {
      if (root.length > depth && (path === root || path.startsWith(root + '/'))) { best = cfg; depth = root.length; }
    }
    return best ?? this.config;
  }

  /** Adds or replaces a file; returns the uris whose findings may have changed. */
  update(file: SourceFile): string[] {
    const affected = this.workspace.set(file);
    for (const u of affected) this.cache.delete(u);
    return affected;
  }

  remove(uri: string): string[] {
    const affected = this.workspace.delete(uri);
    this.cache.delete(uri);
    this.slow.delete(uri);
    for (const u of affected) this.cache.delete(u);
    return affected;
  }

  /** Sets the default configuration (files outside every folder with a config of its own; all files when there is none). */
  setConfig(config: ResolvedConfig): string[] {
    return this.reconfigure(() => { this.config = config; }, config);
  }

  /**
   * Sets the configuration of one workspace folder, or drops it (`undefined`: its files fall back to an enclosing
   * folder's or the default). Returns the uris whose configuration changed: their cached findings are dropped, no others.
   */
  setFolderConfig(root: string, config: ResolvedConfig | undefined): string[] {
    const key = folderKey(root);
    return this.reconfigure(() => { if (config) this.folderConfigs.set(key, config); else this.folderConfigs.delete(key); }, config);
  }

  /**
   * Applies a configuration change and drops the cached findings of exactly the files whose configuration now reads
   * differently (a folder's config re-read unchanged re-checks nothing). The same object set again counts as changed:
   * its caller may have edited it in place. Dependencies are recorded again on the next check, as for an edit.
   */
  private reconfigure(change: () => void, set?: ResolvedConfig): string[] {
    const keys = new Map<ResolvedConfig, string>();
    const key = (c: ResolvedConfig) => { let k = keys.get(c); if (k === undefined) keys.set(c, k = configKey(c)); return k; };
    const before = new Map<string, ResolvedConfig>();
    for (const f of this.workspace.allFiles()) before.set(f.uri, this.configFor(f.path));
    for (const c of new Set(before.values())) key(c);
    change();
    const changed: string[] = [];
    for (const f of this.workspace.allFiles()) {
      const was = before.get(f.uri)!;
      const now = this.configFor(f.path);
      if (was === now ? now === set : key(was) !== key(now)) { this.cache.delete(f.uri); changed.push(f.uri); }
    }
    return changed;
  }

  isIgnored(file: SourceFile): boolean {
    const config = this.configFor(file.path);
    if (!config.ignoreRe.length) return false;
    const root = config.root.replace(/\/$/, '');
    const rel = root && file.path.startsWith(root + '/') ? file.path.slice(root.length + 1) : file.path;
    return matchesAny(rel, config.ignoreRe);
  }

  findings(uri: string): Finding[] {
    const file = this.workspace.get(uri);
    if (!file) return [];
    const hit = this.cache.get(uri);
    if (hit && hit.version === file.version) return hit.findings;
    this.stats.checks++;
    const slow = this.deferSlowRules ? this.slow.get(uri) : undefined;
    const now = slow?.size ? this.rules.filter(r => !slow.has(r.id)) : this.rules;
    const later = slow?.size ? this.rules.filter(r => slow.has(r.id)) : [];
    const ignored = this.isIgnored(file);
    const { view, used, usedAll } = this.workspace.view();
    const findings = ignored ? [] : checkFile(file, view, this.configFor(file.path), now, this.log, this.timer(uri));
    this.workspace.setDeps(uri, used, usedAll());
    this.cache.set(uri, { version: file.version, findings, deferred: later.length && !ignored ? later : undefined, used, usedAll: usedAll() });
    return findings;
  }

  /** The current version of this file has rules held back (see `deferSlowRules`). */
  hasDeferred(uri: string): boolean {
    const hit = this.cache.get(uri);
    return !!hit?.deferred && hit.version === this.workspace.get(uri)?.version;
  }

  /** Runs the rules held back for this file and merges their findings; false when there was nothing to run. */
  runDeferred(uri: string): boolean {
    const file = this.workspace.get(uri);
    const hit = this.cache.get(uri);
    if (!file || !hit?.deferred || hit.version !== file.version) return false;
    const { view, used, usedAll } = this.workspace.view();
    const more = checkFile(file, view, this.configFor(file.path), hit.deferred, this.log, this.timer(uri));
    for (const k of hit.used) used.add(k);
    const all = hit.usedAll || usedAll();
    this.workspace.setDeps(uri, used, all);
    this.cache.set(uri, { version: file.version, findings: [...hit.findings, ...more].sort(byPosition), used, usedAll: all });
    return true;
  }

  /** Records which rules are slow on a file: over the budget marks one, under half of it clears the mark. */
  private timer(uri: string): (rule: string, ms: number) => void {
    return (rule, ms) => {
      let set = this.slow.get(uri);
      if (ms > RULE_TIME_BUDGET_MS) {
        if (!set) this.slow.set(uri, set = new Set());
        set.add(rule);
      } else if (set && ms < RULE_TIME_BUDGET_MS / 2 && set.delete(rule) && !set.size) this.slow.delete(uri);
    };
  }
}

function folderKey(root: string): string { return root.replace(/\/+$/, ''); }

/** What a check reads of a configuration: everything but its problems and the compiled form of `ignore`. */
function configKey(config: ResolvedConfig): string {
  return JSON.stringify({ ...config, ignoreRe: undefined, problems: undefined });
}

/**
 * Copies a report's fixes onto its finding. A rule whose fixes are costly to build (a runbook from a template for each
 * alert without one) may report them as a getter: they are then built on first use — when the editor asks for code
 * actions or the CLI writes SARIF — not on every keystroke. A getter that throws yields no fixes, not a failure.
 */
function withFixes(f: Finding, r: RuleReport, ruleId: string, path: string, log?: EngineLogger): Finding {
  const getter = Object.getOwnPropertyDescriptor(r, 'fixes')?.get;
  if (!getter) { if (r.fixes) f.fixes = r.fixes; return f; }
  let built: Fix[] | undefined;
  let done = false;
  Object.defineProperty(f, 'fixes', {
    enumerable: true, configurable: true,
    get: () => {
      if (!done) {
        done = true;
        try { built = getter.call(r); } catch (e) { log?.warn(`fixes of ${ruleId} failed on ${path}: ${(e as Error)?.stack ?? e}`); }
      }
      return built;
    },
  });
  return f;
}

function byPosition(a: Finding, b: Finding): number {
  return a.span.start - b.span.start || severityRank[a.severity] - severityRank[b.severity] || a.rule.localeCompare(b.rule);
}

/** An opt-in rule runs when its id (or family) is configured to a severity. */
function isEnabled(config: ResolvedConfig, id: string): boolean {
  const sev = config.rules[id] ?? config.rules[`${id.split('/')[0]}/*`];
  return sev !== undefined && sev !== 'off';
}

/** Runs every applicable rule on one file; applies configured severities and suppression comments. */
export function checkFile(file: SourceFile, workspace: ReturnType<Workspace['view']>['view'], config: ResolvedConfig, rules: readonly Rule[] = ALL_RULES, log?: EngineLogger, timing?: (rule: string, ms: number) => void): Finding[] {
  if (!file.relevant && !file.tooLarge) return [];
  const out: Finding[] = [];
  for (const rule of rules) {
    if (rule.optIn && !isEnabled(config, rule.id)) continue;
    if (rule.appliesTo && !rule.appliesTo(file)) continue;
    if (file.tooLarge && rule.id !== 'file/too-large') continue;
    const started = nowMs();
    let reported = 0;
    const dropped = { count: 0, span: { start: 0, end: 0 } };
    const report = (r: RuleReport) => {
      const id = r.rule && r.rule.startsWith(rule.id) ? r.rule : rule.id;
      // A configured severity (for the id or its family) overrides what the rule chose, including `off`.
      const severity = severityFor(config, id, r.severity ?? rule.defaultSeverity);
      if (severity === 'off') return;
      const start = Math.max(0, Math.min(r.span.start, file.text.length));
      const end = Math.max(start, Math.min(r.span.end, file.text.length));
      // A hostile file can make a rule report once per line; the editor and CI output stay usable with a cap.
      if (++reported > MAX_FINDINGS_PER_RULE) { if (!dropped.count++) dropped.span = { start, end }; return; }
      out.push(withFixes({ rule: id, severity, message: r.message, span: { start, end }, data: r.data, related: r.related }, r, rule.id, file.path, log));
    };
    try {
      rule.check({ file, workspace, config, report });
    } catch (e) {
      log?.warn(`rule ${rule.id} failed on ${file.path}: ${(e as Error)?.stack ?? e}`);
      out.push({ rule: 'internal/rule-error', severity: 'info', message: `SLO Lens rule \`${rule.id}\` failed on this file (${(e as Error)?.message ?? e}); other rules still ran. Please report this.`, span: { start: 0, end: 0 } });
    }
    if (dropped.count) {
      out.push({ rule: rule.id, severity: 'info', span: dropped.span, data: { dropped: dropped.count },
        message: `${dropped.count} more \`${rule.id}\` findings in this file are not shown (at most ${MAX_FINDINGS_PER_RULE} per rule and file); fix the ones above first` });
    }
    const took = nowMs() - started;
    timing?.(rule.id, took);
    if (took > RULE_TIME_BUDGET_MS) log?.warn(`rule ${rule.id} took ${took.toFixed(0)} ms on ${file.path}`);
  }
  const sup = scanSuppressions(file.text, file.lines);
  const kept = out.filter(f => !isSuppressed(sup, f, file.lines));
  kept.sort(byPosition);
  return kept;
}
