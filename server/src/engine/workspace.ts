import type { SourceFile } from './source';
import type { AlertModel, OpenSloObject, OpenSloRef, RunbookModel, SloModel } from './model/types';

/**
 * The workspace index: every known file, and for each cross-file fact (an alert name, a runbook for an alert, an
 * OpenSLO object, a path) which files provide it. Rules look facts up through a WorkspaceView, which records what each
 * file depended on; when a file changes, only the files that depended on a fact it provides (before or after the
 * change) are re-checked.
 */

export type Key = string;
export const keys = {
  path: (p: string) => `path:${p}`,
  alert: (name: string) => `alert:${name}`,
  runbookFor: (alert: string) => `runbook:${alert}`,
  slo: (identity: string) => `slo:${identity}`,
  object: (kind: string, name: string) => `openslo:${kind}:${name}`,
  /** A path compared without case (URLs of Hugo runbook sites are lower case, their files CamelCase). */
  pathFolded: (p: string) => `pathi:${p.toLowerCase()}`,
  /** A runbook name reduced to lower-case letters and digits: `kube-pod-crash-looping` ~ `KubePodCrashLooping`. */
  runbookLike: (name: string) => `runbook~:${looseName(name)}`,
  /** An OpenSLO reference to `kind`/`name` (who points at an object: for rules that follow references backwards). */
  referrers: (kind: string, name: string) => `ref:${kind}:${name}`,
};

/** The loose form of an alert or runbook name, for "looks like its runbook" suggestions. */
export function looseName(name: string): string {
  const lower = name.toLowerCase();
  // The Unicode-property regex is slow; ASCII names (nearly all) take the equivalent ASCII one.
  return NON_ASCII.test(lower) ? lower.replace(/[^\p{L}\p{N}]/gu, '') : lower.replace(NOT_ASCII_ALNUM, '');
}
const NON_ASCII = /[^\x00-\x7f]/;
const NOT_ASCII_ALNUM = /[^a-z0-9]/g;

/** The identity under which two SLOs count as the same (Sloth: service + name; Pyrra: namespace + name; OpenSLO: kind + name; slo-generator: name). */
export function sloIdentity(slo: SloModel): string {
  const family = slo.format.startsWith('sloth') ? 'sloth' : slo.format.startsWith('openslo') ? 'openslo' : slo.format;
  const objective = slo.objectiveIndex !== undefined && slo.objectiveIndex > 0 ? `#${slo.objectiveIndex}` : '';
  // OpenSLO and slo-generator name an SLO by itself; its `service` is an attribute, not part of the identity.
  const scope = family === 'openslo' || family === 'slo-generator' ? '' : slo.service ?? '';
  return `${family}:${scope}:${slo.name}${objective}`;
}

export function providedKeys(file: SourceFile): Set<Key> {
  const out = new Set<Key>([keys.path(file.path), keys.pathFolded(file.path)]);
  const m = file.model;
  for (const a of m.alerts) out.add(keys.alert(a.name));
  for (const r of m.runbooks) for (const a of r.alerts) { out.add(keys.runbookFor(a.name)); out.add(keys.runbookLike(a.name)); }
  for (const s of m.slos) if (s.name) out.add(keys.slo(sloIdentity(s)));
  for (const o of m.objects) out.add(keys.object(o.kind, o.name));
  for (const r of m.refs) out.add(keys.referrers(r.targetKind, r.name));
  return out;
}

/**
 * Whether a fact a file provides is the same before and after an edit, as far as a file that looked it up can see.
 * Alerts and runbooks are compared item by item (their fields, their source text and where it starts), so typing in
 * one alert re-checks the runbooks of that alert only. Other facts (paths, SLOs, OpenSLO objects and references) are
 * read together with their surroundings by the rules that use them (an SLO referring to a policy is read whole), so
 * any change to the file's text counts as a change of them.
 */
export function sameFact(key: Key, a: SourceFile, b: SourceFile): boolean {
  if (a.text === b.text) return true;
  const colon = key.indexOf(':');
  const kind = key.slice(0, colon);
  const name = key.slice(colon + 1);
  const items = (f: SourceFile): readonly object[] | null => {
    switch (kind) {
      case 'alert': return f.model.alerts.filter(x => x.name === name);
      case 'runbook': return f.model.runbooks.filter(r => r.alerts.some(x => x.name === name));
      case 'runbook~': return f.model.runbooks.filter(r => r.alerts.some(x => looseName(x.name) === name));
      default: return null;
    }
  };
  const ia = items(a);
  const ib = items(b);
  if (!ia || !ib) return false;
  const fa = fingerprint(a, ia);
  return fa !== null && fa === fingerprint(b, ib);
}

/**
 * What a dependent can see of some model items: their fields (YAML nodes as their spans), the source text they span
 * and the line it starts on (related locations are line-based). Null when the items cannot be serialised.
 */
function fingerprint(file: SourceFile, items: readonly object[]): string | null {
  let lo = Infinity;
  let hi = -Infinity;
  try {
    const json = JSON.stringify(items, (_k, v: unknown) => {
      if (v && typeof v === 'object' && typeof (v as { start?: unknown }).start === 'number' && typeof (v as { end?: unknown }).end === 'number') {
        const s = v as { start: number; end: number; kind?: string };
        lo = Math.min(lo, s.start);
        hi = Math.max(hi, s.end);
        if (s.kind === 'map' || s.kind === 'seq' || s.kind === 'scalar' || s.kind === 'alias') return `@${s.start}-${s.end}`;
      }
      return v;
    });
    return lo <= hi ? `${file.lines.position(lo).line}|${json}|${file.text.slice(lo, hi)}` : json;
  } catch {
    return null;
  }
}

export interface Located<T> { file: SourceFile; item: T }

/** Read access to the index for one file being checked; records that file's dependencies. */
export interface WorkspaceView {
  /** A file by absolute path (for runbook links), or undefined when there is none. */
  file(path: string): SourceFile | undefined;
  alerts(name: string): Located<AlertModel>[];
  runbooksFor(alertName: string): Located<RunbookModel>[];
  /** Runbooks whose names match loosely (case, dashes, underscores ignored): suggestions, not links. */
  runbooksLike(alertName: string): Located<RunbookModel>[];
  /** Files whose path equals `path` ignoring case. */
  filesIgnoringCase(path: string): SourceFile[];
  slos(identity: string): Located<SloModel>[];
  objects(kind: string, name: string): Located<OpenSloObject>[];
  /** OpenSLO references that point at `kind`/`name` (e.g. the SLOs whose `alertPolicyRef` names a policy). */
  referrers(kind: string, name: string): Located<OpenSloRef>[];
  /** Every file (records a dependency on everything: for completion and symbols, not for rules). */
  all(): Iterable<SourceFile>;
  /** The workspace root folders (absolute, `/` separators). */
  roots: readonly string[];
}

export class Workspace {
  private readonly files = new Map<string, SourceFile>();
  private readonly byPath = new Map<string, string>();
  private readonly provided = new Map<string, Set<Key>>();
  private readonly providers = new Map<Key, Set<string>>();
  private readonly deps = new Map<string, Set<Key>>();
  private readonly dependents = new Map<Key, Set<string>>();
  /** Files that depend on the whole workspace. */
  private readonly dependsOnAll = new Set<string>();

  constructor(public roots: string[] = []) {}

  get size(): number { return this.files.size; }
  get(uri: string): SourceFile | undefined { return this.files.get(uri); }
  byFsPath(path: string): SourceFile | undefined { const u = this.byPath.get(path); return u ? this.files.get(u) : undefined; }
  allFiles(): IterableIterator<SourceFile> { return this.files.values(); }

  /** Adds or replaces a file. Returns the uris whose findings may have changed (the file itself first). */
  set(file: SourceFile): string[] {
    const old = this.files.get(file.uri);
    const oldKeys = this.provided.get(file.uri) ?? new Set<Key>();
    if (old && old.path !== file.path) this.byPath.delete(old.path);
    this.files.set(file.uri, file);
    this.byPath.set(file.path, file.uri);
    const newKeys = providedKeys(file);
    for (const k of oldKeys) if (!newKeys.has(k)) this.providers.get(k)?.delete(file.uri);
    for (const k of newKeys) {
      let s = this.providers.get(k);
      if (!s) this.providers.set(k, s = new Set());
      s.add(file.uri);
    }
    this.provided.set(file.uri, newKeys);
    const changed = new Set<Key>();
    for (const k of oldKeys) if (!newKeys.has(k)) changed.add(k);
    for (const k of newKeys) {
      if (!oldKeys.has(k)) changed.add(k);
      else if (old && this.dependents.get(k)?.size && !sameFact(k, old, file)) changed.add(k);
    }
    return this.affected(file.uri, changed);
  }

  delete(uri: string): string[] {
    const old = this.files.get(uri);
    if (!old) return [];
    const oldKeys = this.provided.get(uri) ?? new Set<Key>();
    this.files.delete(uri);
    if (this.byPath.get(old.path) === uri) this.byPath.delete(old.path);
    for (const k of oldKeys) this.providers.get(k)?.delete(uri);
    this.provided.delete(uri);
    this.setDeps(uri, null);
    return this.affected(uri, oldKeys).filter(u => u !== uri);
  }

  /** The file itself, the files that depend on a changed fact, and the files that depend on everything. */
  private affected(uri: string, changed: Set<Key>): string[] {
    const out = new Set<string>([uri]);
    for (const k of changed) for (const d of this.dependents.get(k) ?? []) out.add(d);
    for (const d of this.dependsOnAll) out.add(d);
    return [...out].filter(u => u === uri || this.files.has(u));
  }

  /** What `uri` depended on at its last check: the facts it looked up, and whether it read every file. */
  depsOf(uri: string): { keys: ReadonlySet<Key>; all: boolean } {
    return { keys: this.deps.get(uri) ?? new Set(), all: this.dependsOnAll.has(uri) };
  }

  /** Replaces what `uri` depends on (called after each check of it). */
  setDeps(uri: string, keysUsed: Set<Key> | null, all = false): void {
    for (const k of this.deps.get(uri) ?? []) this.dependents.get(k)?.delete(uri);
    this.dependsOnAll.delete(uri);
    if (!keysUsed) { this.deps.delete(uri); return; }
    this.deps.set(uri, keysUsed);
    for (const k of keysUsed) {
      let s = this.dependents.get(k);
      if (!s) this.dependents.set(k, s = new Set());
      s.add(uri);
    }
    if (all) this.dependsOnAll.add(uri);
  }

  private lookup(key: Key): SourceFile[] {
    const out: SourceFile[] = [];
    for (const u of this.providers.get(key) ?? []) { const f = this.files.get(u); if (f) out.push(f); }
    return out;
  }

  /** A view for checking one file: lookups are recorded as that file's dependencies. */
  view(): { view: WorkspaceView; used: Set<Key>; usedAll: () => boolean } {
    const used = new Set<Key>();
    let all = false;
    const ws = this;
    const view: WorkspaceView = {
      roots: this.roots,
      file(path) { used.add(keys.path(path)); return ws.byFsPath(path); },
      alerts(name) { const k = keys.alert(name); used.add(k); return ws.lookup(k).flatMap(file => file.model.alerts.filter(a => a.name === name).map(item => ({ file, item }))); },
      runbooksFor(name) { const k = keys.runbookFor(name); used.add(k); return ws.lookup(k).flatMap(file => file.model.runbooks.filter(r => r.alerts.some(a => a.name === name)).map(item => ({ file, item }))); },
      runbooksLike(name) { const want = looseName(name); const k = `runbook~:${want}`; used.add(k); return ws.lookup(k).flatMap(file => file.model.runbooks.filter(r => r.alerts.some(a => looseName(a.name) === want)).map(item => ({ file, item }))); },
      filesIgnoringCase(path) { const k = keys.pathFolded(path); used.add(k); return ws.lookup(k).filter(f => f.path.toLowerCase() === path.toLowerCase()); },
      slos(identity) { const k = keys.slo(identity); used.add(k); return ws.lookup(k).flatMap(file => file.model.slos.filter(s => sloIdentity(s) === identity).map(item => ({ file, item }))); },
      objects(kind, name) { const k = keys.object(kind, name); used.add(k); return ws.lookup(k).flatMap(file => file.model.objects.filter(o => o.kind === kind && o.name === name).map(item => ({ file, item }))); },
      referrers(kind, name) { const k = keys.referrers(kind, name); used.add(k); return ws.lookup(k).flatMap(file => file.model.refs.filter(r => r.targetKind === kind && r.name === name).map(item => ({ file, item }))); },
      all() { all = true; return ws.files.values(); },
    };
    return { view, used, usedAll: () => all };
  }
}
