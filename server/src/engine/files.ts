import { existsSync, promises as fsp, readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { languageOf } from './source';
import { CONFIG_FILE } from './config';

/** Folders never worth reading. */
export const SKIP_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.vscode-test']);

export function toPosix(p: string): string { return p.replace(/\\/g, '/'); }

/** All YAML and Markdown files under the given paths (files are taken as given), sorted, without duplicates. */
export function collectFiles(paths: string[], maxFiles = 200_000): string[] {
  const out = new Set<string>();
  const walk = (dir: string, depth: number) => {
    if (depth > 64 || out.size >= maxFiles) return;
    let entries: import('node:fs').Dirent[];
    try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) { if (!SKIP_DIRS.has(e.name)) walk(p, depth + 1); }
      else if (e.isFile() && languageOf(e.name)) out.add(path.resolve(p));
    }
  };
  for (const p of paths) {
    let st;
    try { st = statSync(p); } catch { throw new Error(`${p}: no such file or folder`); }
    if (st.isDirectory()) walk(p, 0);
    else out.add(path.resolve(p));
  }
  return [...out].sort();
}

/** Reads a file as UTF-8; invalid byte sequences become U+FFFD rather than an exception. */
export function readText(file: string): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(readFileSync(file));
}

export async function readTextAsync(file: string): Promise<string> {
  return new TextDecoder('utf-8', { fatal: false }).decode(await fsp.readFile(file));
}

export function fileUri(absPath: string): string {
  return 'file://' + toPosix(absPath).split('/').map(encodeURIComponent).join('/').replace(/^file:\/\/%3A/, 'file://');
}

/**
 * The nearest `.slo-lens.yaml` at or above `from`, stopping at a repository root (a folder with `.git`): the one
 * `slo-lens check` uses, and the one the editor uses for a workspace folder.
 */
export function findConfig(from: string): string | undefined {
  let dir = path.resolve(from);
  try { if (!statSync(dir).isDirectory()) dir = path.dirname(dir); } catch { dir = path.dirname(dir); }
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    if (existsSync(path.join(dir, '.git'))) return undefined;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}
