import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../server/src/engine/engine';
import { loadSource, type SourceFile } from '../../server/src/engine/source';
import { resolveConfig } from '../../server/src/engine/config';
import { toPosix } from '../../server/src/engine/files';
import type { Finding, Fix, TextEdit } from '../../server/src/engine/findings';
import { corpusPath } from '../harness/corpus';

/**
 * Every quick fix of the runbook rules, applied (in memory) to every real corpus file that gets the finding:
 * the result must parse (no new YAML problem), keep every comment, lose that alert's finding, and gain no other.
 * Files created by a fix join the workspace; a created runbook must be a runbook for the alert.
 */

const CORPORA = [corpusPath('alerts'), corpusPath('slo')];
const RULES = new Set(['alert/missing-runbook', 'alert/runbook-key', 'alert/runbook-not-found']);

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap(n => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : /\.ya?ml$/.test(n) ? [p] : [];
  });
}

function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

/** Comments in YAML text, in order: `#` at a line start or after whitespace, outside quotes. */
function comments(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    let quote: string | null = null;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quote) { if (c === quote) quote = null; continue; }
      if ((c === '"' || c === "'") && (i === 0 || /[\s:[{,-]/.test(line[i - 1]))) { quote = c; continue; }
      if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) { out.push(line.slice(i)); break; }
    }
  }
  return out;
}

function isSubsequence(needles: string[], hay: string[]): boolean {
  let j = 0;
  for (const h of hay) if (j < needles.length && h === needles[j]) j++;
  return j === needles.length;
}

/** What identifies a finding across an edit (spans move): its rule, its alert(s) and key, its message. */
const identity = (f: Finding) => `${f.rule}|${JSON.stringify(f.data?.alerts ?? f.data?.alert ?? '')}|${f.data?.key ?? ''}|${f.message}`;

/** Runbooks named loosely after every alert (`kube-pod-crash-looping.md` for `KubePodCrashLooping`), so fixes offer to link them. */
function looseRunbooks(engine: Engine, root: string, sources: SourceFile[]): void {
  const names = new Set(sources.flatMap(s => s.model.alerts.map(a => a.name)).filter(n => /^[A-Za-z][A-Za-z0-9]+$/.test(n)));
  for (const name of names) {
    const kebab = name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
    const p = `${root}/runbooks/${kebab}.md`;
    engine.update(loadSource('file://' + p, p, `# ${kebab}\n\n## Meaning\nx\n\n## Mitigation\ny\n`, 1));
  }
}

for (const [corpus, withRunbooks] of CORPORA.flatMap(c => [[c, false], [c, true]] as const)) {
  test(`every runbook quick fix on ${path.basename(corpus)} corpus files${withRunbooks ? ', with look-alike runbooks in the workspace,' : ''} keeps the file valid and fixes only its finding`, () => {
    const root = toPosix(corpus);
    const engine = new Engine(resolveConfig(root), [root]);
    const sources = walk(corpus).map(f => { const s = loadSource('file://' + toPosix(f), toPosix(f), readFileSync(f, 'utf8'), 1); engine.update(s); return s; });
    if (withRunbooks) looseRunbooks(engine, root, sources);
    const figures = { files: 0, findings: 0, fixes: 0, created: 0, alsoCovered: 0, byTitle: new Map<string, number>() };
    let version = 10;
    for (const original of sources) {
      const before = engine.findings(original.uri);
      const targets = before.filter(f => RULES.has(f.rule) && f.fixes?.length);
      if (targets.length) figures.files++;
      for (const finding of targets) {
        figures.findings++;
        for (const fix of finding.fixes!) {
          figures.fixes++;
          const kind = fix.title.replace(/ .*/, '');
          figures.byTitle.set(kind, (figures.byTitle.get(kind) ?? 0) + 1);
          check(engine, original, finding, fix, before, ++version, figures);
        }
      }
      // Put the original back so later files see the unchanged workspace.
      engine.update({ ...original, version: ++version });
    }
    console.log(`[fixes-corpus] ${path.basename(corpus)}${withRunbooks ? ' + look-alike runbooks' : ''}: ${figures.fixes} fixes for ${figures.findings} findings in ${figures.files} files applied and re-checked (${[...figures.byTitle].map(([k, n]) => `${k} ${n}`).join(', ')}; ${figures.created} runbook files created; ${figures.alsoCovered} times a fix also covered a same-named alert)`);
    assert.ok(figures.fixes >= figures.findings, 'every finding offers a fix');
  });
}

function check(engine: Engine, original: SourceFile, finding: Finding, fix: Fix, before: Finding[], version: number, figures: { created: number; alsoCovered: number }): void {
  const where = `${path.basename(original.path)}: "${fix.title}" for ${identity(finding).slice(0, 120)}`;
  const text = applyEdits(original.text, fix.edits);
  const edited = loadSource(original.uri, original.path, text, version);
  assert.ok((edited.yaml?.problems.length ?? 0) <= (original.yaml?.problems.length ?? 0), `${where}: YAML problems after the fix: ${edited.yaml?.problems.map(p => p.message).join('; ')}`);
  assert.deepEqual(edited.docs.map(d => d.detected?.format), original.docs.map(d => d.detected?.format), `${where}: formats changed`);
  assert.equal(edited.model.alerts.length, original.model.alerts.length, `${where}: alerts changed`);
  assert.ok(isSubsequence(comments(original.text), comments(text)), `${where}: a comment was lost`);
  const created: SourceFile[] = [];
  for (const fe of fix.fileEdits ?? []) {
    assert.ok(fe.create, `${where}: edits another existing file`);
    const p = decodeURIComponent(fe.uri.replace(/^file:\/\//, ''));
    assert.equal(engine.workspace.byFsPath(p), undefined, `${where}: would overwrite ${p}`);
    const file = loadSource(fe.uri, p, applyEdits('', fe.edits), 1);
    created.push(file);
    engine.update(file);
    figures.created++;
  }
  engine.update(edited);
  try {
    // Counted by identity: two alerts can be alike in everything but their place (Sloth's page and ticket alerts).
    const count = (fs: Finding[]) => { const m = new Map<string, { n: number; f: Finding }>(); for (const f of fs) { const k = identity(f); m.set(k, { n: (m.get(k)?.n ?? 0) + 1, f }); } return m; };
    const was = count(before);
    const now = count(engine.findings(edited.uri));
    const target = identity(finding);
    assert.ok((now.get(target)?.n ?? 0) <= was.get(target)!.n - 1, `${where}: the finding is still there`);
    for (const [k, { n }] of now) assert.ok(n <= (was.get(k)?.n ?? 0), `${where}: finding added by the fix: ${k}`);
    // What else went away can only be missing runbooks the same runbook now covers: an alert of the same name, or
    // another alert Pyrra generates from the same SLO annotations.
    for (const [k, { n, f }] of was) {
      const gone = n - (now.get(k)?.n ?? 0) - (k === target ? 1 : 0);
      if (gone <= 0) continue;
      assert.equal(f.rule, 'alert/missing-runbook', `${where}: fixed more than its finding: ${k}`);
      const sameName = JSON.stringify(f.data?.alerts) === JSON.stringify(finding.data?.alerts);
      assert.ok(sameName || (f.data?.source === 'pyrra' && finding.data?.source === 'pyrra'), `${where}: covered an unrelated alert: ${k}`);
      figures.alsoCovered += gone;
    }
    for (const c of created) {
      // The new runbook serves the alert, and is honestly incomplete until someone writes its Mitigation.
      const names = (finding.data?.alerts as string[] | undefined) ?? [];
      assert.ok(c.model.runbooks.length === 1, `${where}: created file is not a runbook`);
      assert.deepEqual(engine.findings(c.uri).map(f => f.rule), ['runbook/incomplete'], `${where}: created runbook findings`);
      if (finding.data?.source !== 'pyrra') assert.ok(names.every(n => c.model.runbooks[0].alerts.some(a => a.name === n)), `${where}: created runbook does not name ${names}`);
    }
  } finally {
    for (const c of created) engine.remove(c.uri);
  }
}
