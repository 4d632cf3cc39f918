import * as path from 'node:path';
import { existsSync } from 'node:fs';
import { Engine } from '../engine/engine';
import { CONFIG_FILE, parseConfigText, resolveConfig, type ResolvedConfig } from '../engine/config';
import { collectFiles, fileUri, readText, toPosix } from '../engine/files';
import { loadSource } from '../engine/source';
import { ALL_RULES } from '../engine/rules/index';
import { toGithub, toJson, toSarif, toText, type FileFindings } from './output';

export interface CheckOptions { paths: string[]; format: 'text' | 'json' | 'sarif' | 'github'; config?: string; color: boolean; cwd: string }
export interface CheckResult { output: string; exitCode: number; files: number; results: FileFindings[] }

/** Loads `.slo-lens.yaml`: the given file, else the one in the working directory. Problems are returned, not thrown. */
export function loadConfig(cwd: string, explicit?: string): ResolvedConfig {
  const file = explicit ? path.resolve(cwd, explicit) : path.join(cwd, CONFIG_FILE);
  if (!existsSync(file)) {
    if (explicit) throw new Error(`${explicit}: config file not found`);
    return resolveConfig(toPosix(cwd));
  }
  const { config, problems } = parseConfigText(readText(file));
  const resolved = resolveConfig(toPosix(path.dirname(file)), config);
  resolved.problems.unshift(...problems);
  return resolved;
}

export function runCheck(opts: CheckOptions, version: string): CheckResult {
  const config = loadConfig(opts.cwd, opts.config);
  for (const p of opts.paths) if (!existsSync(path.resolve(opts.cwd, p))) throw new Error(`${p}: no such file or folder`);
  const files = collectFiles(opts.paths.length ? opts.paths.map(p => path.resolve(opts.cwd, p)) : [opts.cwd]);
  const engine = new Engine(config, [config.root]);
  const loaded = files.map(f => {
    const abs = toPosix(f);
    const source = loadSource(fileUri(abs), abs, readText(f), 0, { maxFileSize: config.maxFileSize });
    engine.update(source);
    return source;
  });
  const results: FileFindings[] = loaded.map(file => ({
    file, rel: toPosix(path.relative(opts.cwd, file.path)) || path.basename(file.path), findings: engine.findings(file.uri),
  })).filter(r => r.findings.length > 0);
  const output = opts.format === 'json' ? toJson(files.length, results)
    : opts.format === 'sarif' ? toSarif(results, version, ALL_RULES.map(r => ({ id: r.id, description: r.description })))
    : opts.format === 'github' ? toGithub(results)
    : toText(files.length, results, opts.color);
  const errors = results.some(r => r.findings.some(f => f.severity === 'error'));
  return { output, exitCode: errors ? 1 : 0, files: files.length, results };
}
