import type { Span } from '../text';
import type { SourceFile } from '../source';
import { formatPercent } from '../slo';

/** Workspace-wide symbol search over SLOs and alerts, with fuzzy matching ("chkerr" finds CheckoutHighErrorRate). */

export interface WorkspaceSymbol {
  name: string;
  kind: 'slo' | 'alert';
  /** What holds it: the rule group, the Sloth service, the file name. */
  container?: string;
  file: SourceFile;
  span: Span;
  score: number;
}

/**
 * How well `query` matches `name` as a subsequence, case-insensitively; null when it does not. Higher is better:
 * consecutive characters and characters at word starts (after `-`, `_`, `.`, `/` or at a lower→upper case change)
 * count most, so `HER` ranks `HighErrorRate` above `othERRors`.
 */
export function fuzzyScore(query: string, name: string): number | null {
  if (!query) return 0;
  const q = query.toLowerCase();
  const n = name.toLowerCase();
  let score = 0;
  let qi = 0;
  let prev = -2;
  for (let i = 0; i < n.length && qi < q.length; i++) {
    if (n[i] !== q[qi]) continue;
    const wordStart = i === 0 || /[-_./\s:]/.test(name[i - 1]) || (name[i] !== n[i] && name[i - 1] === n[i - 1]);
    score += 1 + (i === prev + 1 ? 3 : 0) + (wordStart ? 4 : 0) + (i === 0 ? 2 : 0);
    prev = i;
    qi++;
  }
  if (qi < q.length) return null;
  if (n === q) score += 20;
  else if (n.startsWith(q)) score += 10;
  return score - name.length * 0.01;
}

/** SLOs and alerts across the workspace matching `query`, best first, at most `limit`. */
export function workspaceSymbols(files: Iterable<SourceFile>, query: string, limit = 500): WorkspaceSymbol[] {
  const out: WorkspaceSymbol[] = [];
  for (const file of files) {
    const m = file.model;
    const base = file.path.split('/').pop() ?? file.path;
    const seen = new Set<string>();
    for (const s of m.slos) {
      if (!s.name) continue;
      // One entry per SLO: OpenSLO objectives share the SLO's name.
      const key = `${s.docIndex}:${s.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const score = fuzzyScore(query, s.name);
      if (score === null) continue;
      const target = s.target && (s.objectiveIndex === undefined || m.slos.filter(x => x.docIndex === s.docIndex && x.name === s.name).length === 1) ? ` ${formatPercent(s.target.fraction)}` : '';
      out.push({ name: s.name, kind: 'slo', container: `${s.service ? `${s.service} · ` : ''}SLO${target} · ${base}`, file, span: spanOf(s.nameNode ?? s.node), score });
    }
    const seenAlerts = new Set<string>();
    for (const a of m.alerts) {
      if (!a.name) continue;
      // An SLO tool's page and ticket alerts share one name node: one entry.
      const at = `${a.name}@${(a.nameNode ?? a.span).start}`;
      if (seenAlerts.has(at)) continue;
      seenAlerts.add(at);
      const score = fuzzyScore(query, a.name);
      if (score === null) continue;
      const where = a.group ? `${a.group} · ${base}` : a.sloName ? `SLO ${a.sloName} · ${base}` : base;
      out.push({ name: a.name, kind: 'alert', container: where, file, span: spanOf(a.nameNode ?? a.span), score });
    }
  }
  out.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name) || a.file.path.localeCompare(b.file.path));
  return out.slice(0, limit);
}

function spanOf(n: { start: number; end: number }): Span { return { start: n.start, end: n.end }; }
