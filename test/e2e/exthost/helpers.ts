// Helpers for the extension-host suites: they run inside a real VS Code extension host (code-server or VS Code
// desktop), so they use the `vscode` API and wait on its events, never on sleeps.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** One finding as `slo-lens check --format json` reports it (the contract in DESIGN.md). */
export interface CliFinding {
  file: string;
  rule: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** One SLO as `slo-lens budget --format json` reports it (DESIGN.md's budget contract). */
export interface CliBudget {
  file: string; name: string; target: number | null; window: string | null; status: string;
  errorBudget: { total: number | null; consumed: number | null; remaining: number | null };
  burnRates: Record<string, number | null>; allowedBadTimeMs: number | null;
}

/** What the outer runner computed before starting the editor: the CLI's view of the same workspace. */
export interface SuiteConfig {
  /** Findings of `slo-lens check .` run in the workspace folder. */
  cli: CliFinding[];
  /** Rule ids the engine registers (ALL_RULES), so expectations only cover rules that exist. */
  registeredRules: string[];
  /** The engine's quick-fix titles per finding (file, rule, range), in order; findings without fixes are absent. */
  fixes: { file: string; rule: string; range: CliFinding['range']; titles: string[] }[];
  /** Rule ids each example file must show once its rule is registered (examples/README.md's defect table). */
  requiredRules: Record<string, string[]>;
  /** The live-budget part: the Prometheus the runner started and `slo-lens budget --format json` against it. */
  budget: { prometheusUrl: string; cli: CliBudget[]; sloFile: string; sloName: string };
}

export const EXTENSION_ID = 'slo-lens.slo-lens';

export function loadConfig(): SuiteConfig {
  const file = process.env.SLO_LENS_E2E_CONFIG ?? path.join(__dirname, 'config.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as SuiteConfig;
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the suite needs a workspace folder; open one with the runner');
  return folder.uri;
}

export function fileUri(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...rel.split('/'));
}

/** The rule id of a diagnostic: VS Code turns `code` + `codeDescription` into `{ value, target }`. */
export function ruleOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : String(c ?? '');
}

export function sloLensDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter(d => d.source === 'slo-lens');
}

/** A stable text key for comparing diagnostics with CLI findings: rule and exact range. */
export function key(rule: string, r: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  return `${rule} ${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/**
 * Resolves once `check()` returns a value other than undefined, re-checking whenever diagnostics change; rejects
 * after `ms` with `describe()`'s account of the last state, so a failure says what was there instead.
 */
export function waitFor<T>(what: string, check: () => T | undefined, describe: () => string, ms = 30_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const first = check();
    if (first !== undefined) { resolve(first); return; }
    const sub = vscode.languages.onDidChangeDiagnostics(() => {
      const v = check();
      if (v !== undefined) { cleanup(); resolve(v); }
    });
    // Diagnostics may also settle without a further event (already complete): poll rarely as a backstop.
    const poll = setInterval(() => { const v = check(); if (v !== undefined) { cleanup(); resolve(v); } }, 500);
    const timer = setTimeout(() => { cleanup(); reject(new Error(`timed out after ${ms} ms waiting for ${what}; last state:\n${describe()}`)); }, ms);
    const cleanup = () => { sub.dispose(); clearInterval(poll); clearTimeout(timer); };
  });
}

/** All slo-lens diagnostics in the workspace, keyed by workspace-relative path. */
export function allSloLensDiagnostics(): Map<string, vscode.Diagnostic[]> {
  const root = workspaceRoot();
  const out = new Map<string, vscode.Diagnostic[]>();
  for (const [uri, diags] of vscode.languages.getDiagnostics()) {
    const mine = diags.filter(d => d.source === 'slo-lens');
    if (!mine.length || !uri.path.startsWith(root.path + '/')) continue;
    out.set(uri.path.slice(root.path.length + 1), mine);
  }
  return out;
}

export function describeDiagnostics(): string {
  const lines: string[] = [];
  for (const [file, diags] of allSloLensDiagnostics()) for (const d of diags) lines.push(`${file}: ${key(ruleOf(d), d.range)} ${d.message}`);
  return lines.join('\n') || '(no slo-lens diagnostics)';
}

/** The workspace's files as they were when the suite started (the runner's fresh copy). */
export type Snapshot = Map<string, Uint8Array>;

export async function snapshotWorkspace(): Promise<Snapshot> {
  const snap: Snapshot = new Map();
  const root = workspaceRoot();
  for (const uri of await vscode.workspace.findFiles('**/*')) snap.set(uri.path.slice(root.path.length + 1), await vscode.workspace.fs.readFile(uri));
  return snap;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Puts the workspace back as it was: reverts dirty documents, closes editors, rewrites files a fix saved (VS Code
 * saves files a workspace edit touched when they were not open, `files.refactoring.autoSave`), deletes files a fix
 * created, then waits until the editor shows the CLI's findings again, so each step starts from the same state.
 */
export async function restoreWorkspace(snap: Snapshot, baseline: CliFinding[]): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (!doc.isDirty) continue;
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const root = workspaceRoot();
  for (const uri of await vscode.workspace.findFiles('**/*')) {
    const rel = uri.path.slice(root.path.length + 1);
    const want = snap.get(rel);
    if (!want) await vscode.workspace.fs.delete(uri);
    else if (!sameBytes(await vscode.workspace.fs.readFile(uri), want)) await vscode.workspace.fs.writeFile(uri, want);
  }
  for (const [rel, bytes] of snap) {
    const uri = vscode.Uri.joinPath(root, ...rel.split('/'));
    try { await vscode.workspace.fs.stat(uri); } catch { await vscode.workspace.fs.writeFile(uri, bytes); }
  }
  await waitForBaseline(baseline, 'the workspace to be back to its starting findings');
}

/** Waits until the editor shows exactly `baseline` (file, rule, range) for the whole workspace. */
export async function waitForBaseline(baseline: CliFinding[], what: string): Promise<void> {
  const expected = new Map<string, string[]>();
  for (const f of baseline) expected.set(f.file, [...(expected.get(f.file) ?? []), key(f.rule, f.range)].sort());
  await waitFor(what, () => {
    const got = allSloLensDiagnostics();
    if (got.size !== expected.size) return undefined;
    for (const [file, keys] of expected) {
      const have = (got.get(file) ?? []).map(d => key(ruleOf(d), d.range)).sort();
      if (JSON.stringify(have) !== JSON.stringify(keys)) return undefined;
    }
    return true;
  }, () => `expected:\n${[...expected].map(([f, k]) => `${f}: ${k.join(', ')}`).join('\n')}\ngot:\n${describeDiagnostics()}`);
}
