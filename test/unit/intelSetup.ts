import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../server/src/engine/engine';
import { loadSource, languageOf, type SourceFile } from '../../server/src/engine/source';
import { parseConfigText, resolveConfig } from '../../server/src/engine/config';
import { toPosix } from '../../server/src/engine/files';
import type { IntelEnv } from '../../server/src/engine/intel/hover';

/** A workspace of fixture files for the editor-intelligence tests, and a cursor helper. */

export const FIXTURES = toPosix(path.resolve(__dirname, '../fixtures/intel'));

export interface IntelWorkspace { engine: Engine; env: IntelEnv; root: string; file(rel: string): SourceFile; put(rel: string, text: string): SourceFile }

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap(n => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

export function loadWorkspace(rel = 'ws'): IntelWorkspace {
  const root = `${FIXTURES}/${rel}`;
  const cfgPath = `${root}/.slo-lens.yaml`;
  const config = resolveConfig(root, existsSync(cfgPath) ? parseConfigText(readFileSync(cfgPath, 'utf8')).config : undefined);
  const engine = new Engine(config, [root]);
  for (const f of walk(root)) {
    const p = toPosix(f);
    if (!languageOf(p) || p.endsWith('/.slo-lens.yaml')) continue;
    engine.update(loadSource('file://' + p, p, readFileSync(f, 'utf8'), 1));
  }
  const env: IntelEnv = { workspace: engine.workspace.view().view, config };
  const ws: IntelWorkspace = {
    engine, env, root,
    file: r => { const f = engine.workspace.byFsPath(`${root}/${r}`); if (!f) throw new Error(`no fixture ${r}`); return f; },
    put: (r, text) => { const p = `${root}/${r}`; const f = loadSource('file://' + p, p, text, 2); engine.update(f); return f; },
  };
  return ws;
}

/** The offset of `needle` in the file's text (plus `delta`), failing loudly when it is not there. */
export function offsetOf(file: SourceFile, needle: string, delta = 0, nth = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) { at = file.text.indexOf(needle, at + 1); if (at < 0) throw new Error(`"${needle}" not in ${file.path}`); }
  return at + delta;
}

/** Text with a `@@` cursor marker: the text without it, and the cursor offset. */
export function cursor(withCursor: string): { text: string; offset: number } {
  const offset = withCursor.indexOf('@@');
  if (offset < 0) throw new Error('no @@ cursor');
  return { text: withCursor.replace('@@', ''), offset };
}
