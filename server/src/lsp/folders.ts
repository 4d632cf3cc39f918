import type { Connection, ConfigurationItem } from 'vscode-languageserver/node';
import { URI } from './uri';
import { DEFAULT_MAX_FILE_SIZE } from '../engine/source';
import { CONFIG_FILE, parseConfigText, resolveConfig, type ResolvedConfig, type SloLensConfig } from '../engine/config';
import { readTextAsync, toPosix } from '../engine/files';
import { defaultSettings, type Settings } from '../../../shared/src/settings';

/**
 * What each workspace folder is configured with ('' stands for "no folder"): its `sloLens` settings, asked for with
 * the folder as `scopeUri`, and the `.slo-lens.yaml` at its top — resolved into one ResolvedConfig per folder, as
 * `slo-lens check` run in that folder resolves it.
 */
export class FolderConfigs {
  private readonly settings = new Map<string, Settings>();
  private readonly files = new Map<string, { config?: SloLensConfig; problems: string[] }>();

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

  /** Reads the `.slo-lens.yaml` at the top of each of these folders. */
  async loadFiles(folders: string[]): Promise<void> {
    for (const folder of folders) {
      this.files.delete(folder);
      if (!folder) continue;
      try {
        const r = parseConfigText(await readTextAsync(`${folder}/${CONFIG_FILE}`));
        this.files.set(folder, { config: r.config, problems: r.problems });
      } catch { /* no config file: defaults and settings apply */ }
    }
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
    const cfg = resolveConfig(folder, { rules: s.rules, alerts: { criticalSeverities: s.criticalSeverities }, runbooks: { urlMappings: s.runbooks.urlMappings }, ignore: s.ignore }, file?.config);
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
