import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../server/src/engine/engine';
import { loadSource, languageOf } from '../../server/src/engine/source';
import { toPosix } from '../../server/src/engine/files';
import { completionAt } from '../../server/src/engine/intel/completion';
import { hoverAt, type IntelEnv } from '../../server/src/engine/intel/hover';
import { definitionAt, referencesAt } from '../../server/src/engine/intel/navigation';
import { documentSymbols } from '../../server/src/engine/intel/symbols';
import { documentLinks } from '../../server/src/engine/intel/links';
import { prepareRename, renameAlert } from '../../server/src/engine/intel/rename';

// Every intelligence feature at many positions of every example and fixture file (broken ones included): no
// exception, and every range inside the file it points into.

const REPO = path.resolve(__dirname, '../..');
function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap(n => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : languageOf(p) ? [p] : [];
  });
}

test('no feature throws, and ranges stay inside their files, anywhere in the examples and fixtures', () => {
  const files = [...walk(path.join(REPO, 'examples')), ...walk(path.join(REPO, 'test/fixtures/rules')), ...walk(path.join(REPO, 'test/fixtures/intel'))];
  assert.ok(files.length > 10);
  const engine = new Engine(undefined, [toPosix(REPO)]);
  const sources = files.map(f => { const p = toPosix(f); const s = loadSource('file://' + p, p, readFileSync(f, 'utf8'), 1); engine.update(s); return s; });
  const env: IntelEnv = { workspace: engine.workspace.view().view, config: engine.config };
  const inside = (len: number, s: { start: number; end: number }, what: string) => assert.ok(s.start >= 0 && s.start <= s.end && s.end <= len, `${what}: ${s.start}..${s.end} of ${len}`);
  let checked = 0;
  for (const f of sources) {
    for (const s of documentSymbols(f)) { inside(f.text.length, s.span, `${f.path} symbol`); inside(f.text.length, s.selection, `${f.path} selection`); }
    for (const l of documentLinks(f, env)) inside(f.text.length, l.span, `${f.path} link`);
    // Every 5th offset, plus line starts and ends, where completion is asked most.
    const offsets = new Set<number>();
    for (let o = 0; o <= f.text.length; o += 5) offsets.add(o);
    for (let line = 0; line < f.lines.lineCount; line++) { offsets.add(f.lines.lineStart(line)); offsets.add(f.lines.lineStart(line) + f.lines.lineText(line).length); }
    for (const o of offsets) {
      const c = completionAt(f, o, env);
      for (const i of c.items) inside(f.text.length, i.replace, `${f.path}@${o} completion ${i.label}`);
      const h = hoverAt(f, o, env);
      if (h) inside(f.text.length, h.span, `${f.path}@${o} hover`);
      for (const d of [...definitionAt(f, o, env), ...referencesAt(f, o, env, true)]) inside(d.file.text.length, d.span, `${f.path}@${o} → ${d.file.path}`);
      const p = prepareRename(f, o);
      if ('span' in p) {
        inside(f.text.length, p.span, `${f.path}@${o} prepareRename`);
        const edits = renameAlert(f, o, 'Renamed', env);
        assert.ok(edits instanceof Map, `${f.path}@${o}: rename after prepareRename accepted it`);
        for (const [target, list] of edits) for (const e of list) inside(target.text.length, e.span, `${f.path}@${o} rename edit in ${target.path}`);
      }
      checked++;
    }
  }
  assert.ok(checked > 1000, `${checked} positions`);
});
