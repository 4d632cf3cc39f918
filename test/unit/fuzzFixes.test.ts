import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Engine } from '../../server/src/engine/engine';
import { loadSource, languageOf, type SourceFile } from '../../server/src/engine/source';
import type { Finding, Fix, TextEdit } from '../../server/src/engine/findings';
import { parseYaml } from '../../server/src/engine/yaml/parse';
import { renameAlert } from '../../server/src/engine/intel/rename';
import { suppressionFix } from '../../server/src/lsp/suppressFix';
import { corpusDocs } from '../fixtures/hostile/seeds';
import { apply, assertProperty, editArb, fuzzOptions, toChange } from '../fixtures/hostile/edits';

// No lost text (issue 8), across every rule: each quick fix any rule offers on the real corpus and the examples, the
// "disable for this line" action on every finding, and renaming every alert, applied to the file — keeps every comment,
// leaves YAML that parses when it parsed before (no new duplicate key either), and touches nothing outside its edits.
// Then the same on randomly edited copies. (Each rule's own tests check that its fix fixes; this checks that no fix,
// whoever wrote it, damages the rest of the file.)

const docs = corpusDocs().filter(d => !d.name.startsWith('test/fixtures/'));
const fixturesToo = corpusDocs();
const ROOT = '/nolost';
const uri = (name: string) => `file://${ROOT}/${name}`;
const load = (name: string, text: string, version = 1) => loadSource(uri(name), `${ROOT}/${name}`, text, version, { language: languageOf(name) ?? 'yaml' });

/** `#` comments (and `#` inside values, which must survive too), with how often each occurs. */
function comments(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split(/\r\n|\r|\n/)) {
    for (let i = line.indexOf('#'); i >= 0; i = line.indexOf('#', i + 1)) {
      if (i === 0 || /\s/.test(line[i - 1])) {
        const c = line.slice(i).trim();
        out.set(c, (out.get(c) ?? 0) + 1);
        break;
      }
    }
  }
  return out;
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
  for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i].span.end <= sorted[i - 1].span.start, `overlapping edits ${JSON.stringify(sorted.map(e => e.span))}`);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

function problems(text: string): { syntax: number; duplicates: number } {
  const p = parseYaml(text).problems;
  return { syntax: p.filter(x => x.kind === 'syntax').length, duplicates: p.filter(x => x.kind === 'duplicate-key').length };
}

/** The checks every edit of a file must pass. */
function assertNoLostText(file: SourceFile, edits: readonly TextEdit[], what: string): string {
  const after = applyEdits(file.text, edits);
  // (In Markdown a `#` starts a heading, which a rename does change.)
  if (file.language === 'yaml') {
    const before = comments(file.text);
    const now = comments(after);
    for (const [c, n] of before) assert.ok((now.get(c) ?? 0) >= n, `${what}: the comment \`${c}\` was lost in ${file.path}`);
  }
  // Outside the edited spans the text is the same (by construction of applyEdits); inside, no line break is eaten
  // unless the edit replaces it with one: a fix does not join lines.
  for (const e of edits) {
    const removed = file.text.slice(e.span.start, e.span.end);
    const breaksRemoved = (removed.match(/\n/g) ?? []).length;
    const breaksAdded = (e.newText.match(/\n/g) ?? []).length;
    assert.ok(breaksAdded >= breaksRemoved || removed.trim() === '' || /^[^\n]*$/.test(removed.replace(/\n\s*$/, '')), `${what}: an edit removes ${breaksRemoved} lines and adds ${breaksAdded} in ${file.path}: ${JSON.stringify(removed.slice(0, 200))}`);
  }
  if (file.language === 'yaml') {
    const was = problems(file.text);
    const is = problems(after);
    assert.ok(is.syntax <= was.syntax, `${what}: YAML that parsed no longer does in ${file.path}: ${parseYaml(after).problems.map(p => p.message).join('; ')}`);
    assert.ok(is.duplicates <= was.duplicates, `${what}: a duplicate key appeared in ${file.path}`);
  }
  return after;
}

function checkFix(engine: Engine, file: SourceFile, f: Finding, fix: Fix): void {
  const what = `${f.rule} fix "${fix.title}"`;
  assertNoLostText(file, fix.edits, what);
  for (const fe of fix.fileEdits ?? []) {
    const other = engine.workspace.get(fe.uri);
    if (fe.create && !other) {
      const created = applyEdits('', fe.edits);
      if (/\.ya?ml$/i.test(fe.uri)) assert.equal(problems(created).syntax, 0, `${what}: the created file ${fe.uri} does not parse`);
      continue;
    }
    if (other) assertNoLostText(other, fe.edits, `${what} (in ${fe.uri})`);
  }
}

function engineFor(list: { name: string; text: string }[]): Engine {
  const engine = new Engine(undefined, [ROOT]);
  for (const d of list) engine.update(load(d.name, d.text));
  return engine;
}

test('no lost text: every quick fix, "disable for this line" and alert rename on the corpus keeps comments and valid YAML', () => {
  const engine = engineFor(fixturesToo);
  let fixes = 0, suppressions = 0, renames = 0;
  for (const d of fixturesToo) {
    const file = engine.workspace.get(uri(d.name))!;
    for (const f of engine.findings(file.uri)) {
      for (const fix of f.fixes ?? []) { checkFix(engine, file, f, fix); fixes++; }
      const disable = suppressionFix(file, f);
      const after = assertNoLostText(file, disable.edits, `disable ${f.rule} for this line`);
      suppressions++;
      // And the finding is gone (suppressed) once the comment is there.
      const check = new Engine(undefined, [ROOT]);
      const again = load(d.name, after, 2);
      check.update(again);
      const line = file.lines.position(f.span.start).line;
      const still = check.findings(again.uri).filter(x => x.rule === f.rule && x.message === f.message);
      assert.ok(still.length < engine.findings(file.uri).filter(x => x.rule === f.rule && x.message === f.message).length,
        `disable ${f.rule} for line ${line + 1} of ${d.name} did not silence it:\n${disable.edits.map(e => JSON.stringify(e)).join('\n')}`);
    }
    for (const a of file.model.alerts) {
      if (!a.nameNode || a.source !== 'prometheus') continue;
      const r = renameAlert(file, a.nameNode.start, `${a.name}Renamed: "x" #1`, { workspace: engine.workspace.view().view, config: engine.config });
      if ('error' in r) continue;
      for (const [f, edits] of r) {
        const after = assertNoLostText(f, edits, `rename ${a.name}`);
        assert.ok(after.includes(`${a.name}Renamed`), `rename ${a.name}: the new name is in ${f.path}`);
      }
      renames++;
    }
  }
  assert.ok(fixes > 50 && suppressions > 300 && renames > 300, `the corpus exercises fixes (${fixes}), suppressions (${suppressions}) and renames (${renames})`);
});

test('no lost text, fuzzed: the fixes offered on randomly edited corpus files keep comments and valid YAML', () => {
  const yamlDocs = docs.filter(d => /\.ya?ml$/.test(d.name));
  return assertProperty(fc.property(fc.nat({ max: yamlDocs.length - 1 }), fc.array(editArb, { minLength: 1, maxLength: 4 }), (i, edits) => {
    let text = yamlDocs[i].text;
    for (const e of edits) text = apply(text, toChange(text, e));
    const engine = engineFor([{ name: yamlDocs[i].name, text }]);
    const file = engine.workspace.get(uri(yamlDocs[i].name))!;
    for (const f of engine.findings(file.uri)) {
      for (const fix of f.fixes ?? []) checkFix(engine, file, f, fix);
      assertNoLostText(file, suppressionFix(file, f).edits, `disable ${f.rule} for this line`);
    }
  }), fuzzOptions(40));
});
