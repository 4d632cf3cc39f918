import type { Connection, ConfigurationItem } from 'vscode-languageserver/node';
import { URI } from './uri';
import { DEFAULT_MAX_FILE_SIZE } from '../engine/source';
import { CONFIG_FILE, parseConfigText, resolveConfig, type ResolvedConfig, type SloLensConfig } from '../engine/config';
import { findConfig, readTextAsync, toPosix } from '../engine/files';
import { defaultSettings, type Settings } from '../../../shared/src/settings';

/**
 * What each workspace folder is configured with ('' stands for "no folder"): its `sloLens` settings, asked for with
 * the folder as `scopeUri`, and the nearest `.slo-lens.yaml` at or above its top (up to the repository root, as
 * `slo-lens check` finds it) — resolved into one ResolvedConfig per folder, as `slo-lens check` run in that folder
 * resolves it. A configuration file above the folder is the root its paths are relative to, as in the CLI.
 */
export class FolderConfigs {
  private readonly settings = new Map<string, Settings>();
  private readonly files = new Map<string, { path: string; config?: SloLensConfig; problems: string[] }>();

  constructor(private readonly connection: Connection) {}

  /** Fetches the `sloLens` settings of these folders, one configuration item scoped to each ('' = unscoped). */
  async refreshSettings(folders: string[], canAsk: boolean): Promise<void> {
    if (!canAsk) return;
    const items: ConfigurationItem[] = folders.map(f => ({ section: 'sloLens', scopeUri: f ? URI.file(f) : undefined }));
    try {
      const got = await this.connection.workspace.getConfiguration(items) as (Partial<Settings> | null)[] | null;
      folders.forEach((f, i) => this.settings.set(f, mergeSettings(Array.isArray(got) ? got[i] : undefined)));
    } catch { for (const f of folders) this.settings.set(f, defaultSettings()); }
  }

  settingsOf(folder: string): Settings { return this.settings.get(folder) ?? defaultSettings(); }

  /** Reads the `.slo-lens.yaml` of each of these folders: the nearest at or above its top (see findConfig). */
  async loadFiles(folders: string[]): Promise<void> {
    for (const folder of folders) {
      this.files.delete(folder);
      if (!folder) continue;
      const found = findConfig(folder);
      if (!found) continue; // no config file: defaults and settings apply
      const file = toPosix(found);
      try {
        const r = parseConfigText(await readTextAsync(file));
        this.files.set(folder, { path: file, config: r.config, problems: r.problems });
        if (file !== `${folder}/${CONFIG_FILE}`) this.connection.console.info(`${folder}: using ${file} (above the folder, as \`slo-lens check\` does; the editor watches it only inside the workspace)`);
      } catch { /* vanished meanwhile: defaults and settings apply */ }
    }
  }

  /** The folders whose configuration comes from the file at `path`, or that would if it appeared (their own top). */
  foldersUsing(path: string, folders: readonly string[]): string[] {
    return folders.filter(f => f && (this.files.get(f)?.path === path || `${f.replace(/\/$/, '')}/${CONFIG_FILE}` === path));
  }

  forget(folder: string): void {
    this.settings.delete(folder);
    this.files.delete(folder);
  }

  /**
   * One folder's configuration: its settings under its `.slo-lens.yaml`. Problems are logged, prefixed with the folder
   * when `named` (several folders).
   */
  resolve(folder: string, trusted: boolean, named: boolean): ResolvedConfig {
    const s = this.settingsOf(folder);
    const file = this.files.get(folder);
    // Paths in a configuration file (url mappings, ignore globs) are relative to its own folder, as in the CLI.
    const root = file ? file.path.slice(0, file.path.lastIndexOf('/')) || '/' : folder;
    const cfg = resolveConfig(root, { rules: s.rules, alerts: { criticalSeverities: s.criticalSeverities }, runbooks: { urlMappings: s.runbooks.urlMappings }, ignore: s.ignore }, file?.config);
    cfg.problems.unshift(...file?.problems ?? []);
    // In an untrusted workspace, its .slo-lens.yaml may lower the size limit but not raise it.
    if (!trusted && cfg.maxFileSize > DEFAULT_MAX_FILE_SIZE) {
      cfg.problems.push(`maxFileSize: ${cfg.maxFileSize} is ignored in an untrusted workspace; using ${DEFAULT_MAX_FILE_SIZE}`);
      cfg.maxFileSize = DEFAULT_MAX_FILE_SIZE;
    }
    const where = named ? `${folder}: ` : '';
    for (const p of cfg.problems) this.connection.console.warn(where + p);
    return cfg;
  }
}

/** A workspace folder's path (`/` separators, no trailing slash but for the file system root). */
export function folderPath(uri: string): string {
  return toPosix(URI.toPath(uri)).replace(/(.)\/+$/, '$1');
}

export function mergeSettings(got: Partial<Settings> | null | undefined): Settings {
  const d = defaultSettings();
  if (!got || typeof got !== 'object') return d;
  return {
    rules: { ...d.rules, ...(got.rules ?? {}) },
    criticalSeverities: Array.isArray(got.criticalSeverities) ? got.criticalSeverities : d.criticalSeverities,
    runbooks: { ...d.runbooks, ...(got.runbooks ?? {}) },
    ignore: Array.isArray(got.ignore) ? got.ignore : d.ignore,
    diagnostics: { ...d.diagnostics, ...(got.diagnostics ?? {}) },
    prometheus: { ...d.prometheus, ...(got.prometheus ?? {}) },
    trace: { ...d.trace, ...(got.trace ?? {}) },
  };
}
