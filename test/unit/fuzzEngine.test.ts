import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Engine } from '../../server/src/engine/engine';
import { loadSource, languageOf, type SourceFile } from '../../server/src/engine/source';
import type { Finding } from '../../server/src/engine/findings';
import { corpusDocs, hostileDocs } from '../fixtures/hostile/seeds';
import { apply, assertProperty, editArb, fuzzOptions, toChange } from '../fixtures/hostile/edits';

// Property-based fuzzing of the engine with random edit sequences on real files (the shared corpus, the examples
// workspace, the rule fixtures) and hostile seeds. Properties: no rule throws (the engine would turn it into an
// `internal/rule-error` finding), every range lies inside the document, quick-fix edits are well-formed, findings are
// deterministic, and the incremental engine (cache, dependency tracking, deferred rules) always agrees with a fresh one.
// `npm run fuzz` runs the same properties for longer (FUZZ_SCALE); FUZZ_SEED replays a failure.

const seeds = [...corpusDocs(), ...hostileDocs().filter(h => !h.big && !h.maxFileSize)];
const ROOT = '/fuzz';
const pathOf = (name: string) => `${ROOT}/${name}`;
const uriOf = (name: string) => `file://${pathOf(name)}`;
const load = (name: string, text: string, version: number): SourceFile =>
  loadSource(uriOf(name), pathOf(name), text, version, { language: languageOf(name) ?? 'yaml' });

/** What a user sees of a finding; two engines must agree on it exactly. */
function shape(findings: Finding[]): string {
  return JSON.stringify(findings.map(f => [f.rule, f.severity, f.message, f.span.start, f.span.end, f.data ?? null, (f.fixes ?? []).map(x => [x.title, x.edits, x.fileEdits ?? null])]));
}

export function checkInvariants(file: SourceFile, findings: Finding[], where: string): void {
  const n = file.text.length;
  for (const f of findings) {
    const at = `${where}: ${f.rule} ${JSON.stringify(f.span)} ${f.message.slice(0, 160)}`;
    assert.notEqual(f.rule, 'internal/rule-error', `a rule threw: ${at}`);
    assert.ok(f.span.start >= 0 && f.span.start <= f.span.end && f.span.end <= n, `span outside the document (length ${n}): ${at}`);
    for (const end of [f.span.start, f.span.end]) {
      const p = file.lines.position(end);
      assert.ok(p.line < file.lines.lineCount, `line past the end: ${at}`);
      assert.ok(p.character <= file.lines.lineText(p.line).length, `character ${p.character} past the end of line ${p.line} (${file.lines.lineText(p.line).length}): ${at}`);
    }
    assert.ok(typeof f.message === 'string' && f.message.trim().length > 0, `empty message: ${at}`);
    // (Go's own "undefined variable" is a real message; a bare "undefined" is a JavaScript value leaking into one.)
    assert.doesNotMatch(f.message, /\bundefined\b(?! variable)|\[object Object\]/, `a message shows an internal value: ${at}`);
    for (const fix of f.fixes ?? []) {
      const spans = [...fix.edits].map(e => e.span).sort((a, b) => a.start - b.start);
      spans.forEach((s, i) => {
        assert.ok(s.start >= 0 && s.start <= s.end && s.end <= n, `fix "${fix.title}" edits outside the document: ${at}`);
        if (i > 0) assert.ok(spans[i - 1].end <= s.start, `fix "${fix.title}" has overlapping edits: ${at}`);
      });
    }
  }
}

test('fuzz: random edits of real and hostile files never break a rule, a range or determinism', () => {
  return assertProperty(fc.property(fc.nat({ max: seeds.length - 1 }), fc.array(editArb, { minLength: 1, maxLength: 8 }), (i, edits) => {
    const seed = seeds[i];
    const engine = new Engine(undefined, [ROOT], undefined, { warn: () => undefined });
    engine.deferSlowRules = true;
    let text = seed.text;
    let file = load(seed.name, text, 1);
    engine.update(file);
    checkInvariants(file, engine.findings(file.uri), `${seed.name} v1`);
    edits.forEach((e, k) => {
      text = apply(text, toChange(text, e));
      file = load(seed.name, text, k + 2);
      engine.update(file);
      checkInvariants(file, engine.findings(file.uri), `${seed.name} v${k + 2}`);
      engine.runDeferred(file.uri);
    });
    // The incremental engine (cache, deferred rules) and two fresh engines agree on the final text.
    const fresh = () => { const e = new Engine(undefined, [ROOT]); const f = load(seed.name, text, 1); e.update(f); return e.findings(f.uri); };
    const a = fresh();
    assert.equal(shape(fresh()), shape(a), `${seed.name}: two fresh checks disagree`);
    engine.runDeferred(file.uri);
    assert.equal(shape(engine.findings(file.uri)), shape(a), `${seed.name}: the incremental engine disagrees with a fresh one after ${edits.length} edits`);
  }), fuzzOptions(60));
});

/** The examples workspace: SLOs, rules and runbooks that link to each other, so edits move cross-file findings. */
const workspaceSeeds = seeds.filter(s => s.name.startsWith('examples/') && /\.(ya?ml|md)$/.test(s.name));

test('fuzz: after random edits across a linked workspace, only-dependents re-checking still matches a fresh check of every file', () => {
  assert.ok(workspaceSeeds.length >= 5, 'the examples workspace is there');
  return assertProperty(fc.property(fc.array(fc.tuple(fc.nat({ max: workspaceSeeds.length - 1 }), editArb), { minLength: 1, maxLength: 6 }), steps => {
    const texts = new Map(workspaceSeeds.map(s => [s.name, s.text]));
    const versions = new Map(workspaceSeeds.map(s => [s.name, 1]));
    const engine = new Engine(undefined, [ROOT], undefined, { warn: () => undefined });
    engine.deferSlowRules = true;
    for (const [name, text] of texts) engine.update(load(name, text, 1));
    for (const name of texts.keys()) engine.findings(uriOf(name));
    for (const [which, e] of steps) {
      const name = workspaceSeeds[which].name;
      const text = apply(texts.get(name)!, toChange(texts.get(name)!, e));
      texts.set(name, text);
      versions.set(name, versions.get(name)! + 1);
      engine.update(load(name, text, versions.get(name)!));
      // Like the server: read every file (cached ones stay as they were), run what was deferred.
      for (const n of texts.keys()) { engine.findings(uriOf(n)); engine.runDeferred(uriOf(n)); }
      const fresh = new Engine(undefined, [ROOT]);
      for (const [n, t] of texts) fresh.update(load(n, t, 1));
      for (const n of texts.keys()) {
        const f = engine.workspace.get(uriOf(n))!;
        const got = engine.findings(uriOf(n));
        checkInvariants(f, got, `${n} after editing ${name}`);
        assert.equal(shape(got), shape(fresh.findings(uriOf(n))), `${n}: stale findings after editing ${name} (dependency tracking missed a dependent)`);
      }
    }
  }), fuzzOptions(12));
});
