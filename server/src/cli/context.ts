import type { Engine } from '../engine/engine';
import { languageOf, type SourceFile } from '../engine/source';
import { looseName } from '../engine/workspace';
import { toPosix } from '../engine/files';

/**
 * The rest of the workspace is context for the files `slo-lens check` was asked about (the runbook a link points at,
 * the SLI an SLO refers to, the alert a runbook lists), so that checking one file finds what the editor finds. Parsing
 * all of it took 0.66 s for one rule file in a 5,000-file workspace (docs/BENCHMARKS.md); this parses a context file
 * only when it could provide a fact a checked file looked up, and repeats until no lookup finds a new candidate.
 *
 * The test of "could provide" only ever errs towards parsing. A fact is named in its provider's text: names are
 * compared with looseName on both sides, so quoting, folding, emphasis and `''` do not hide them, and a Markdown
 * runbook may be named by its file or folder, so its path counts as text. A file with a backslash (an escape could
 * spell a name), a Pyrra SLO (its alerts have default names) and Markdown with a link or tag in a heading
 * (`# [High](…)Error` names `HighError`) are candidates for every name they could provide. Paths are matched as paths.
 * A check that reads the whole workspace, or a fact of a kind this does not know, parses everything.
 * test/unit/cliContext.test.ts compares the findings with those of a full load, and fails if any rule is left out.
 */
export function loadContextOnDemand(engine: Engine, asked: SourceFile[], paths: string[], read: (path: string) => string, load: (path: string, text: string) => void): void {
  const pending = new Map<string, Candidate>();
  for (const p of paths) {
    let text: string;
    try { text = read(p); } catch { continue; } // gone or unreadable: it is only context, so it is left out
    const path = toPosix(p);
    pending.set(path, new Candidate(path, text));
  }
  // Facts already looked for: the files that could provide them are loaded (or there were none).
  const done = new Set<string>();
  while (pending.size) {
    let all = false;
    const fresh = new Set<string>();
    for (const f of asked) {
      engine.findings(f.uri);
      const deps = engine.workspace.depsOf(f.uri);
      all ||= deps.all;
      for (const k of deps.keys) if (!done.has(k)) { fresh.add(k); done.add(k); }
    }
    const take = all ? [...pending.values()] : candidates(fresh, pending);
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
  /** The path and text as looseName sees names. */
  get loose(): string { return this.loosened ??= looseName(`${this.path}\n${this.text}`); }
}

/** The pending files that could provide one of the facts in `used` (workspace.ts' key formats). */
function candidates(used: Set<string>, pending: Map<string, Candidate>): Candidate[] {
  const out = new Set<Candidate>();
  // Names looked up, as looseName has them: runbook names (YAML Runbooks and Markdown provide those), and names only
  // YAML provides (alerts, SLOs, OpenSLO objects and references).
  const runbookNames = new Set<string>();
  const yamlNames = new Set<string>();
  let alerts = false;
  const folded = new Set<string>();
  for (const key of used) {
    const colon = key.indexOf(':');
    const rest = key.slice(colon + 1);
    switch (key.slice(0, colon)) {
      case 'path': { const c = pending.get(rest); if (c) out.add(c); break; }
      case 'pathi': folded.add(rest); break;
      case 'alert': alerts = true; yamlNames.add(looseName(rest)); break;
      case 'runbook': runbookNames.add(looseName(rest)); break;
      case 'runbook~': runbookNames.add(rest); break;
      // slo:<family>:<scope>:<name>[#n]: the part after the last colon is part of the name.
      case 'slo': yamlNames.add(looseName(rest.slice(rest.lastIndexOf(':') + 1).replace(/#\d+$/, ''))); break;
      // openslo:<kind>:<name>, ref:<kind>:<name>
      case 'openslo': case 'ref': yamlNames.add(looseName(rest.slice(rest.indexOf(':') + 1))); break;
      default: return [...pending.values()]; // a fact of a kind this does not know: everything could provide it
    }
  }
  for (const n of runbookNames) yamlNames.add(n);
  const inMarkdown = new Needles(runbookNames);
  const inYaml = new Needles(yamlNames);
  for (const c of pending.values()) {
    if (folded.has(c.path.toLowerCase())) { out.add(c); continue; }
    const needles = c.markdown ? inMarkdown : inYaml;
    if (!needles.size) continue;
    if (c.hidden || (alerts && c.pyrra) || needles.in(c.loose)) out.add(c);
  }
  return [...out];
}

/**
 * Names to find in texts. A few are searched for one by one (native `includes`); many, as a rule file with hundreds
 * of alerts asks for, in one pass over each text, by their first four characters — else checking a big rule file in
 * a big workspace cost more than parsing the whole workspace.
 */
class Needles {
  readonly size: number;
  private readonly few: string[] | null;
  private readonly byPrefix = new Map<number, string[]>();
  private readonly short: string[] = [];
  constructor(names: Set<string>) {
    this.size = names.size;
    this.few = names.size <= 8 ? [...names] : null;
    if (this.few) return;
    for (const n of names) {
      if (n.length < 4) { this.short.push(n); continue; }
      const k = prefix4(n, 0);
      const list = this.byPrefix.get(k);
      if (list) list.push(n); else this.byPrefix.set(k, [n]);
    }
  }
  in(text: string): boolean {
    if (this.few) return this.few.some(n => text.includes(n));
    for (const n of this.short) if (text.includes(n)) return true;
    for (let i = 0; i + 4 <= text.length; i++) {
      const list = this.byPrefix.get(prefix4(text, i));
      if (list) for (const n of list) if (text.startsWith(n, i)) return true;
    }
    return false;
  }
}

function prefix4(s: string, i: number): number {
  // Exact for UTF-16 code units (below 2^53): equal prefixes, equal numbers; a collision only costs a startsWith.
  return ((s.charCodeAt(i) * 31 + s.charCodeAt(i + 1)) * 31 + s.charCodeAt(i + 2)) * 31 + s.charCodeAt(i + 3);
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
