import * as path from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { Engine } from '../engine/engine';
import { parseConfigText, resolveConfig, type ResolvedConfig } from '../engine/config';
import { collectFiles, fileUri, findConfig, readText, toPosix } from '../engine/files';
import { loadSource } from '../engine/source';
import { ALL_RULES } from '../engine/rules/index';
import { toGithub, toJson, toSarif, toText, type FileFindings } from './output';
import { loadContextOnDemand } from './context';

export interface CheckOptions {
  paths: string[]; format: 'text' | 'json' | 'sarif' | 'github'; config?: string; color: boolean; cwd: string;
  /** Parse every context file, not only those a checked file could need (the tests compare the two). */
  fullContext?: boolean;
}
export interface CheckResult { output: string; exitCode: number; files: number; results: FileFindings[]; problems: string[] }

/** How many files the CLI reads as context (runbooks, SLIs, alerts) beyond the ones it reports on. */
export const MAX_CONTEXT_FILES = 20_000;

/** Loads a config file; problems are returned in the config, not thrown. */
export function loadConfigFile(file: string): ResolvedConfig {
  const { config, problems } = parseConfigText(readText(file));
  const resolved = resolveConfig(toPosix(path.dirname(file)), config);
  resolved.problems.unshift(...problems);
  return resolved;
}

/**
 * The workspace the checked files belong to, as the editor would see it: the folder of `--config`, else of the
 * nearest `.slo-lens.yaml` above the first path, else the working directory when every path lies inside it, else
 * the checked folder itself.
 */
export function resolveWorkspace(cwd: string, targets: string[], explicit?: string): ResolvedConfig {
  if (explicit) {
    const file = path.resolve(cwd, explicit);
    if (!existsSync(file)) throw new Error(`${explicit}: config file not found`);
    return loadConfigFile(file);
  }
  const found = findConfig(targets[0] ?? cwd);
  if (found) return loadConfigFile(found);
  const inside = (p: string) => { const rel = path.relative(cwd, p); return !rel.startsWith('..') && !path.isAbsolute(rel); };
  if (targets.every(inside)) return resolveConfig(toPosix(cwd));
  const first = targets[0];
  return resolveConfig(toPosix(existsSync(first) && statSync(first).isDirectory() ? first : path.dirname(first)));
}

/** The config for a command run in `cwd` (used by `budget`): `--config`, else the nearest `.slo-lens.yaml`. */
export function loadConfig(cwd: string, explicit?: string, targets: string[] = [cwd]): ResolvedConfig {
  return resolveWorkspace(cwd, targets, explicit);
}

export function runCheck(opts: CheckOptions, version: string): CheckResult {
  for (const p of opts.paths) if (!existsSync(path.resolve(opts.cwd, p))) throw new Error(`${p}: no such file or folder`);
  const targets = opts.paths.length ? opts.paths.map(p => path.resolve(opts.cwd, p)) : [opts.cwd];
  const config = resolveWorkspace(opts.cwd, targets, opts.config);
  const files = collectFiles(targets);
  const engine = new Engine(config, [config.root]);
  const load = (f: string, text = readText(f)) => {
    const abs = toPosix(f);
    const source = loadSource(fileUri(abs), abs, text, 0, { maxFileSize: config.maxFileSize });
    engine.update(source);
    return source;
  };
  const loaded = files.map(f => load(f));
  // The rest of the workspace is context (runbooks a link points at, the SLI an SLO refers to), so that checking
  // one file finds what the editor finds; findings are reported only for the files asked for (see context.ts).
  const asked = new Set(files);
  const context = collectFiles([config.root], MAX_CONTEXT_FILES + 1).filter(f => !asked.has(f));
  if (context.length <= MAX_CONTEXT_FILES) {
    // A context file that cannot be read (gone, no permission) is left out: it is not what was asked about.
    if (opts.fullContext) for (const f of context) { try { load(f); } catch { /* left out */ } }
    else loadContextOnDemand(engine, loaded, context, readText, load);
  }
  const results: FileFindings[] = loaded.map(file => ({
    file, rel: toPosix(path.relative(opts.cwd, file.path)) || path.basename(file.path), findings: engine.findings(file.uri),
  })).filter(r => r.findings.length > 0);
  const output = opts.format === 'json' ? toJson(files.length, results)
    : opts.format === 'sarif' ? toSarif(results, version, ALL_RULES.map(r => ({ id: r.id, description: r.description })))
    : opts.format === 'github' ? toGithub(results)
    : toText(files.length, results, opts.color);
  const errors = results.some(r => r.findings.some(f => f.severity === 'error'));
  return { output, exitCode: errors ? 1 : 0, files: files.length, results, problems: config.problems };
}
