import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { languageOf } from '../engine/source';
import { SKIP_DIRS, toPosix } from '../engine/files';

/**
 * Walks a folder for YAML and Markdown files without blocking the event loop. The same folders as the CLI's
 * `collectFiles` (engine/files.ts): all but SKIP_DIRS, dot-folders such as `.github/` included, 64 levels deep at most.
 */
export async function* walkAsync(root: string, maxFiles = 100_000): AsyncGenerator<string> {
  const stack: [string, number][] = [[root, 0]];
  let n = 0;
  while (stack.length) {
    const [dir, depth] = stack.pop()!;
    let entries: import('node:fs').Dirent[];
    try { entries = await fsp.readdir(dir, { withFileTypes: true }); } catch { continue; }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) { if (!SKIP_DIRS.has(e.name) && depth < 64) stack.push([p, depth + 1]); }
      else if (e.isFile() && languageOf(e.name)) { if (++n > maxFiles) return; yield toPosix(p); }
    }
  }
}
