import type { SourceFile } from '../source';
import type { WorkspaceView } from '../workspace';
import type { ResolvedConfig } from '../config';
import type { FormatId } from '../formats/detect';
import type { PathSeg } from './cursor';
import { dirOf, resolveLink } from './runbookLinks';
import { runbookSummary } from './hoverItems';

/**
 * Values that come from the workspace rather than the schema: alert names for a Runbook's `spec.alerts`, runbook
 * paths (with `#anchors`) for `runbook_url`, object names for OpenSLO references.
 */

export interface ValueCandidate {
  label: string;
  /** The text to insert when it differs from the label (a path relative to the file). */
  insert?: string;
  kind: 'alert' | 'file' | 'anchor' | 'reference' | 'slo';
  detail?: string;
  documentation?: string;
  /** Lower sorts first. */
  rank: number;
}

/** `to` relative to the folder `fromDir`, with `/` (and `./` never added: runbook links are usually written bare). */
export function relativePath(fromDir: string, to: string): string {
  const a = fromDir.split('/').filter(Boolean);
  const b = to.split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

/** Alert names for a Runbook's `spec.alerts`: alerts that have no runbook yet come first. */
export function alertNameCandidates(ws: WorkspaceView, already: Set<string>): ValueCandidate[] {
  const byName = new Map<string, { count: number; group?: string; file: SourceFile; expr?: string; severity?: string }>();
  for (const f of ws.all()) {
    for (const a of f.model.alerts) {
      if (!a.name || already.has(a.name)) continue;
      const have = byName.get(a.name);
      if (have) { have.count++; continue; }
      byName.set(a.name, { count: 1, group: a.group, file: f, expr: a.expr?.text, severity: a.severity });
    }
  }
  const out: ValueCandidate[] = [];
  for (const [name, info] of byName) {
    const covered = ws.runbooksFor(name).length > 0;
    const base = info.file.path.split('/').pop();
    const detail = [covered ? 'has a runbook' : 'no runbook yet', info.severity, info.group ? `${info.group} · ${base}` : base].filter(Boolean).join(' · ');
    const expr = info.expr?.trim();
    out.push({ label: name, kind: 'alert', detail, documentation: expr ? '```promql\n' + (expr.length > 400 ? expr.slice(0, 399) + '…' : expr) + '\n```' : undefined, rank: covered ? 1 : 0 });
  }
  return out;
}

/** SLO names, for a Runbook's `spec.slos`. */
export function sloNameCandidates(ws: WorkspaceView, already: Set<string>): ValueCandidate[] {
  const out = new Map<string, ValueCandidate>();
  for (const f of ws.all()) for (const s of f.model.slos) {
    if (!s.name || already.has(s.name) || out.has(s.name)) continue;
    out.set(s.name, { label: s.name, kind: 'slo', detail: `${s.service ? `${s.service} · ` : ''}${f.path.split('/').pop()}`, rank: 0 });
  }
  return [...out.values()];
}

/** Names of OpenSLO objects of `kind` (for `indicatorRef`, `alertPolicyRef`, `conditionRef`, `targetRef`, …). */
export function objectNameCandidates(ws: WorkspaceView, kind: string): ValueCandidate[] {
  const out = new Map<string, ValueCandidate>();
  for (const f of ws.all()) for (const o of f.model.objects) {
    if (o.kind !== kind || !o.name || out.has(o.name)) continue;
    out.set(o.name, { label: o.name, kind: 'reference', detail: `${kind} · ${f.path.split('/').pop()}`, rank: 0 });
  }
  return [...out.values()];
}

/** Reference keys and the OpenSLO kind they name (the same table the model uses). */
export const REF_KINDS: Record<string, string> = {
  indicatorRef: 'SLI', sliRef: 'SLI', alertPolicyRef: 'AlertPolicy', conditionRef: 'AlertCondition',
  targetRef: 'AlertNotificationTarget', metricSourceRef: 'DataSource', dataSourceRef: 'DataSource', serviceRef: 'Service',
};

/** The OpenSLO kind a value at `path` names, if it is a reference (`spec.service` of an SLO names a Service too). */
export function refKindAt(format: FormatId, kind: string | undefined, path: readonly PathSeg[]): string | undefined {
  if (!format.startsWith('openslo')) return undefined;
  const last = path[path.length - 1];
  if (typeof last !== 'string') return undefined;
  if (REF_KINDS[last]) return REF_KINDS[last];
  if (last === 'service' && kind === 'SLO' && path.length === 2 && path[0] === 'spec') return 'Service';
  return undefined;
}

/**
 * Runbook link values: before a `#`, the runbook files of the workspace as paths relative to this file; after a
 * `#`, the headings of the file named before it. `alertName` (the rule being edited) ranks its own runbook first.
 */
export function runbookPathCandidates(file: SourceFile, typed: string, ws: WorkspaceView, config: ResolvedConfig, alertName?: string): ValueCandidate[] {
  const hash = typed.indexOf('#');
  const out: ValueCandidate[] = [];
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const wanted = alertName ? norm(alertName) : undefined;
  if (hash >= 0) {
    const t = hash === 0 ? null : resolveLink(typed.slice(0, hash), file, ws, config);
    const target = hash === 0 ? file : t && t.kind === 'workspace' ? t.file : undefined;
    if (!target) return out;
    for (const h of target.model.headings) {
      const rb = target.model.runbooks.find(r => r.anchor === h.slug);
      const matches = wanted !== undefined && norm(h.text) === wanted;
      out.push({
        label: `${typed.slice(0, hash)}#${h.slug}`, kind: 'anchor', detail: `${'#'.repeat(h.level)} ${h.text}`,
        documentation: rb ? runbookSummary(target, rb) : undefined, rank: matches ? 0 : rb ? 1 : 2,
      });
    }
    return out;
  }
  const fromDir = dirOf(file.path);
  const mapped = Object.entries(config.urlMappings).find(([prefix]) => typed.startsWith(prefix) || (typed.length > 0 && prefix.startsWith(typed) && /^https?:/i.test(typed)));
  for (const f of ws.all()) {
    if (f.path === file.path) continue;
    const isRunbook = f.model.runbooks.length > 0;
    if (!isRunbook && f.language !== 'markdown') continue;
    let insert: string;
    if (mapped) {
      const [prefix, folder] = mapped;
      const root = (config.root || ws.roots[0] || '').replace(/\/$/, '');
      const abs = (folder.startsWith('/') ? folder : `${root}/${folder}`).replace(/\/$/, '');
      if (!f.path.startsWith(abs + '/')) continue;
      insert = prefix + f.path.slice(abs.length + 1);
    } else insert = relativePath(fromDir, f.path);
    const names = f.model.runbooks.flatMap(r => r.alerts.map(a => norm(a.name)));
    const matches = wanted !== undefined && (names.includes(wanted) || norm(f.path.split('/').pop()!.replace(/\.\w+$/, '')) === wanted);
    out.push({ label: insert, kind: 'file', detail: isRunbook ? `runbook for ${f.model.runbooks.flatMap(r => r.alerts.map(a => a.name)).slice(0, 3).join(', ') || f.model.runbooks[0].name}` : 'Markdown', rank: matches ? 0 : isRunbook ? 1 : 2 });
    // Per-heading runbooks (one Markdown file with a section per alert): offer each section directly.
    for (const rb of f.model.runbooks) {
      if (rb.kind !== 'markdown' || !rb.anchor) continue;
      const own = wanted !== undefined && rb.alerts.some(a => norm(a.name) === wanted);
      out.push({ label: `${insert}#${rb.anchor}`, kind: 'anchor', detail: `runbook section ${rb.name}`, documentation: runbookSummary(f, rb), rank: own ? 0 : 1 });
    }
  }
  return out;
}

/** The folder most runbooks live in, relative to `file` and ending in `/` (for snippet defaults); `runbooks/` if none. */
export function runbookDirGuess(file: SourceFile, ws: WorkspaceView): string {
  const counts = new Map<string, number>();
  for (const f of ws.all()) if (f.model.runbooks.length) counts.set(dirOf(f.path), (counts.get(dirOf(f.path)) ?? 0) + 1);
  let best: string | undefined;
  for (const [dir, n] of counts) if (!best || n > counts.get(best)!) best = dir;
  if (!best) return 'runbooks/';
  const rel = relativePath(dirOf(file.path), best + '/x').replace(/x$/, '');
  return rel || './';
}
