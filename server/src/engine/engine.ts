import type { Finding } from './findings';
import { severityRank } from './findings';
import { ALL_RULES } from './rules/index';
import type { Rule, RuleReport } from './rules/types';
import type { SourceFile } from './source';
import { Workspace } from './workspace';
import { defaultConfig, severityFor, type ResolvedConfig } from './config';
import { matchesAny } from './globs';
import { isSuppressed, scanSuppressions } from './suppress';

/** A rule that takes longer than this on one file is reported to the logger (it cannot stall others for long). */
export const RULE_TIME_BUDGET_MS = 250;

export interface EngineLogger { warn(message: string): void }

/**
 * The engine: the workspace index, the configuration, and a findings cache keyed by document version. Both doors —
 * the CLI and the language server — call `update`/`remove` as files change and `findings` to read results.
 */
export class Engine {
  readonly workspace: Workspace;
  private cache = new Map<string, { version: number; findings: Finding[] }>();
  /** How many file checks ran (cache misses): the benchmark and tests read it to prove an edit re-checks only dependents. */
  readonly stats = { checks: 0 };

  constructor(public config: ResolvedConfig = defaultConfig(), roots: string[] = [], private readonly rules: readonly Rule[] = ALL_RULES, private readonly log?: EngineLogger) {
    this.workspace = new Workspace(roots);
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
    for (const u of affected) this.cache.delete(u);
    return affected;
  }

  setConfig(config: ResolvedConfig): void {
    this.config = config;
    this.cache.clear();
  }

  isIgnored(file: SourceFile): boolean {
    if (!this.config.ignoreRe.length) return false;
    const root = this.config.root.replace(/\/$/, '');
    const rel = root && file.path.startsWith(root + '/') ? file.path.slice(root.length + 1) : file.path;
    return matchesAny(rel, this.config.ignoreRe);
  }

  findings(uri: string): Finding[] {
    const file = this.workspace.get(uri);
    if (!file) return [];
    const hit = this.cache.get(uri);
    if (hit && hit.version === file.version) return hit.findings;
    this.stats.checks++;
    const { view, used, usedAll } = this.workspace.view();
    const findings = this.isIgnored(file) ? [] : checkFile(file, view, this.config, this.rules, this.log);
    this.workspace.setDeps(uri, used, usedAll());
    this.cache.set(uri, { version: file.version, findings });
    return findings;
  }
}

/** Runs every applicable rule on one file; applies configured severities and suppression comments. */
export function checkFile(file: SourceFile, workspace: ReturnType<Workspace['view']>['view'], config: ResolvedConfig, rules: readonly Rule[] = ALL_RULES, log?: EngineLogger): Finding[] {
  if (!file.relevant && !file.tooLarge) return [];
  const out: Finding[] = [];
  for (const rule of rules) {
    if (rule.appliesTo && !rule.appliesTo(file)) continue;
    if (file.tooLarge && rule.id !== 'file/too-large') continue;
    const started = performance.now();
    const report = (r: RuleReport) => {
      const id = r.rule && r.rule.startsWith(rule.id) ? r.rule : rule.id;
      // A configured severity (for the id or its family) overrides what the rule chose, including `off`.
      const severity = severityFor(config, id, r.severity ?? rule.defaultSeverity);
      if (severity === 'off') return;
      const start = Math.max(0, Math.min(r.span.start, file.text.length));
      const end = Math.max(start, Math.min(r.span.end, file.text.length));
      out.push({ rule: id, severity, message: r.message, span: { start, end }, fixes: r.fixes, data: r.data, related: r.related });
    };
    try {
      rule.check({ file, workspace, config, report });
    } catch (e) {
      log?.warn(`rule ${rule.id} failed on ${file.path}: ${(e as Error)?.stack ?? e}`);
      out.push({ rule: 'internal/rule-error', severity: 'info', message: `SLO Lens rule \`${rule.id}\` failed on this file (${(e as Error)?.message ?? e}); other rules still ran. Please report this.`, span: { start: 0, end: 0 } });
    }
    const took = performance.now() - started;
    if (took > RULE_TIME_BUDGET_MS) log?.warn(`rule ${rule.id} took ${took.toFixed(0)} ms on ${file.path}`);
  }
  const sup = scanSuppressions(file.text, file.lines);
  const kept = out.filter(f => !isSuppressed(sup, f, file.lines));
  kept.sort((a, b) => a.span.start - b.span.start || severityRank[a.severity] - severityRank[b.severity] || a.rule.localeCompare(b.rule));
  return kept;
}
