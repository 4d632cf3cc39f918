import type { Engine } from '../engine/engine';
import { languageOf, type SourceFile } from '../engine/source';
import { looseName } from '../engine/workspace';
import { toPosix } from '../engine/files';

/**
 * The rest of the workspace is context for the files `slo-lens check` was asked about (the runbook a link points at,
 * the SLI an SLO refers to, the alert a runbook lists), so that checking one file finds what the editor finds. Parsing
 * all of it cost 0.85 s for one file in a 5,000-file workspace (docs/BENCHMARKS.md); this parses a context file only
 * when it could provide a fact a checked file looked up, and repeats until no lookup finds a new candidate.
 *
 * The test of "could provide" only ever errs towards parsing: a fact is named in its provider's text (names are
 * compared with looseName on both sides, so quoting, folding, emphasis and `''` do not hide them; a Markdown runbook
 * may also be named by its file or folder, so its path counts as its text); a file with a backslash (an escape could
 * spell a name), a Pyrra SLO (its alerts have default names) and Markdown with a link or tag in a heading
 * (`# [High](…)Error` names `HighError`) are candidates for every name they could provide; paths are matched as paths; and a check that reads
 * the whole workspace, or a fact of a kind this does not know, parses everything. test/unit/cliContext.test.ts
 * compares the findings with those of a full load, and fails if any of these rules is left out.
 */
export function loadContextOnDemand(engine: Engine, asked: SourceFile[], paths: string[], read: (path: string) => string, load: (path: string, text: string) => void): void {
  const pending = new Map<string, Candidate>();
  for (const p of paths) {
    let text: string;
    try { text = read(p); } catch { continue; } // gone or unreadable: it is only context, so it is left out
    const path = toPosix(p);
    pending.set(path, new Candidate(path, text));
  }
  while (pending.size) {
    let all = false;
    const used = new Set<string>();
    for (const f of asked) {
      engine.findings(f.uri);
      const deps = engine.workspace.depsOf(f.uri);
      all ||= deps.all;
      for (const k of deps.keys) used.add(k);
    }
    const take = all ? [...pending.values()] : candidates(used, pending);
    if (!take.length) return;
    for (const c of take) { pending.delete(c.path); load(c.path, c.text); }
  }
}

class Candidate {
  readonly markdown: boolean;
  /** Could spell a name in a way its text does not show (escapes; in Markdown also links and tags): names anything. */
  readonly hidden: boolean;
  readonly pyrra: boolean;
  private loosened?: string;
  constructor(readonly path: string, readonly text: string) {
    this.markdown = languageOf(path) === 'markdown';
    this.hidden = text.includes('\\') || (this.markdown && headingMarkup(text));
    this.pyrra = !this.markdown && text.includes('pyrra.dev');
  }
  /** Whether the file could name `loose` (a looseName). */
  names(loose: string): boolean {
    return this.hidden || (this.loosened ??= looseName(`${this.path}\n${this.text}`)).includes(loose);
  }
}

/** The pending files that could provide one of the facts in `used` (workspace.ts' key formats). */
function candidates(used: Set<string>, pending: Map<string, Candidate>): Candidate[] {
  const out = new Set<Candidate>();
  /** Names looked up: of alerts, of runbooks (which Markdown can provide too), of SLOs and OpenSLO objects. */
  const names: { loose: string; alert: boolean; runbook: boolean }[] = [];
  let unknown = false;
  const folded: string[] = [];
  for (const key of used) {
    const colon = key.indexOf(':');
    const rest = key.slice(colon + 1);
    switch (key.slice(0, colon)) {
      case 'path': { const c = pending.get(rest); if (c) out.add(c); break; }
      case 'pathi': folded.push(rest); break;
      case 'alert': names.push({ loose: looseName(rest), alert: true, runbook: false }); break;
      case 'runbook': names.push({ loose: looseName(rest), alert: false, runbook: true }); break;
      case 'runbook~': names.push({ loose: rest, alert: false, runbook: true }); break;
      // slo:<family>:<scope>:<name>[#n]: the part after the last colon is part of the name.
      case 'slo': names.push({ loose: looseName(rest.slice(rest.lastIndexOf(':') + 1).replace(/#\d+$/, '')), alert: false, runbook: false }); break;
      // openslo:<kind>:<name>, ref:<kind>:<name>
      case 'openslo': case 'ref': names.push({ loose: looseName(rest.slice(rest.indexOf(':') + 1)), alert: false, runbook: false }); break;
      default: unknown = true;
    }
  }
  if (unknown) return [...pending.values()];
  for (const c of pending.values()) {
    if (folded.length && folded.includes(c.path.toLowerCase())) { out.add(c); continue; }
    // Markdown provides runbooks only (and paths, above).
    if (names.some(n => (!c.markdown || n.runbook) && ((n.alert && c.pyrra) || c.names(n.loose)))) out.add(c);
  }
  return [...out];
}

/**
 * Whether a line that may be a heading (`#`…, or text over `===`/`---`) holds a link or a tag, which runbook names are
 * read without. Line by line, so a hostile line of thousands of `<` costs one pass.
 */
function headingMarkup(text: string): boolean {
  let prev = '';
  for (let start = 0; start <= text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    if ((line.includes('<') || line.includes('](')) && /^ {0,3}#/.test(line)) return true;
    if (/^ {0,3}(=+|-+)[ \t]*\r?$/.test(line) && (prev.includes('<') || prev.includes(']('))) return true;
    prev = line;
    start = end + 1;
  }
  return false;
}
