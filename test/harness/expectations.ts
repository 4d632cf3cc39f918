import { readdirSync, statSync, readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../server/src/engine/engine';
import { loadSource, languageOf, type SourceFile } from '../../server/src/engine/source';
import { parseConfigText, resolveConfig } from '../../server/src/engine/config';
import { toPosix } from '../../server/src/engine/files';
import type { Finding } from '../../server/src/engine/findings';

/**
 * Inline expectations in fixtures (rust-analyzer style). A comment line of carets marks the line above it:
 *
 *     - alert: CheckoutDown
 *     #        ^^^^^^^^^^^^ warning alert/missing-runbook
 *
 * The carets give the columns of the finding's range (start and, for one-line ranges, end); then severity, rule id,
 * and optionally `: text` that the message must contain. Markdown uses `<!-- ^^^ warning rule -->`.
 * Every finding must be annotated and every annotation found, so a new false positive fails too.
 */
export interface Expectation { file: string; line: number; start: number; end: number; severity: string; rule: string; text?: string }
export interface Actual { file: string; line: number; start: number; end: number; endLine: number; severity: string; rule: string; message: string }

const ANNOTATION = /^(\s*)(?:#|<!--)(\s*)(\^+)\s+(error|warning|info|hint)\s+([\w/.-]+)(?::\s*(.*?))?\s*(?:-->)?\s*$/;

export function parseExpectations(file: string, text: string): Expectation[] {
  const lines = text.split(/\r?\n/);
  const out: Expectation[] = [];
  let target = -1;
  lines.forEach((line, i) => {
    const m = ANNOTATION.exec(line);
    if (!m) { target = i; return; }
    const col = line.indexOf('^');
    out.push({ file, line: target, start: col, end: col + m[3].length, severity: m[4], rule: m[5], text: m[6] || undefined });
  });
  return out;
}

export interface CaseResult { name: string; missing: Expectation[]; unexpected: Actual[]; findings: Actual[] }

/** Loads files into one engine (with `.slo-lens.yaml` if present) and compares findings with annotations. */
/** One engine over the given files, with the root's `.slo-lens.yaml` when there is one (as the CLI and server read it). */
export function loadWorkspace(files: string[], root: string): { engine: Engine; sources: SourceFile[] } {
  let config = resolveConfig(toPosix(root));
  const cfgPath = path.join(root, '.slo-lens.yaml');
  if (existsSync(cfgPath)) config = resolveConfig(toPosix(root), parseConfigText(readFileSync(cfgPath, 'utf8')).config);
  const engine = new Engine(config, [toPosix(root)]);
  const sources = files.map(f => {
    const abs = toPosix(path.resolve(f));
    const s = loadSource('file://' + abs, abs, readFileSync(f, 'utf8'), 1);
    engine.update(s);
    return s;
  });
  return { engine, sources };
}

export function runCase(name: string, files: string[], root: string): CaseResult {
  const { engine, sources } = loadWorkspace(files, root);
  const expected: Expectation[] = [];
  const actual: Actual[] = [];
  for (const s of sources) {
    const rel = toPosix(path.relative(root, s.path));
    expected.push(...parseExpectations(rel, s.text));
    for (const f of engine.findings(s.uri)) actual.push(toActual(rel, s, f));
  }
  const unmatched = [...actual];
  const missing: Expectation[] = [];
  for (const e of expected) {
    const i = unmatched.findIndex(a => a.file === e.file && a.line === e.line && a.start === e.start && a.rule === e.rule && a.severity === e.severity
      && (a.endLine !== a.line || a.end === e.end) && (!e.text || a.message.includes(e.text)));
    if (i >= 0) unmatched.splice(i, 1); else missing.push(e);
  }
  return { name, missing, unexpected: unmatched, findings: actual };
}

function toActual(file: string, s: ReturnType<typeof loadSource>, f: Finding): Actual {
  const r = s.lines.range(f.span);
  return { file, line: r.start.line, start: r.start.character, end: r.end.character, endLine: r.end.line, severity: f.severity, rule: f.rule, message: f.message };
}

/**
 * The cases under a fixtures folder: each YAML/Markdown file is a case of its own; each sub-folder named
 * `*.workspace` is one case of all the files inside it (for cross-file rules).
 */
export function discoverCases(dir: string): { name: string; files: string[]; root: string }[] {
  const out: { name: string; files: string[]; root: string }[] = [];
  const walkAll = (d: string): string[] => readdirSync(d).flatMap(n => {
    const p = path.join(d, n);
    return statSync(p).isDirectory() ? walkAll(p) : languageOf(n) ? [p] : [];
  });
  const visit = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = path.join(d, n);
      if (statSync(p).isDirectory()) {
        if (n.endsWith('.workspace')) out.push({ name: toPosix(path.relative(dir, p)), files: walkAll(p), root: p });
        else visit(p);
      } else if (languageOf(n)) out.push({ name: toPosix(path.relative(dir, p)), files: [p], root: d });
    }
  };
  visit(dir);
  return out;
}

export function describeMismatch(r: CaseResult): string {
  const fmt = (x: { file: string; line: number; start: number; end: number; severity: string; rule: string }, extra = '') => `  ${x.file}:${x.line + 1}:${x.start + 1}-${x.end + 1} ${x.severity} ${x.rule}${extra}`;
  return [
    ...(r.missing.length ? ['expected but not reported:', ...r.missing.map(e => fmt(e, e.text ? ` (containing "${e.text}")` : ''))] : []),
    ...(r.unexpected.length ? ['reported but not expected:', ...r.unexpected.map(a => fmt(a, ` — ${a.message}`))] : []),
  ].join('\n');
}
