import type { SourceFile, DocInfo } from '../source';
import type { MarkdownHeading, RunbookModel } from '../model/types';
import type { WorkspaceView } from '../workspace';
import type { ResolvedConfig } from '../config';
import type { YScalar } from '../yaml/ast';
import type { PathSeg } from './cursor';
import { resolveLink as resolveRunbookLink } from '../runbooks/links';
import { mayHoldRunbookLink } from '../runbooks/keys';
import { fileLink, relName, runbookSummary } from './hoverItems';

/** `runbook_url` values as places in the workspace, for hover, go-to-definition, document links and completion. */

/** Whether the cursor path ends in a key that carries a runbook link (the same keys the runbook rules read). */
export function isRunbookKey(path: readonly PathSeg[]): boolean {
  const last = path[path.length - 1];
  return typeof last === 'string' && mayHoldRunbookLink(last);
}

export type LinkTarget =
  | { kind: 'workspace'; path: string; anchor?: string; file?: SourceFile; heading?: MarkdownHeading; line?: number; runbook?: RunbookModel; missing?: 'file' | 'heading' }
  | { kind: 'external'; url: string };

export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/**
 * Where a link value leads, through the runbook link resolver the rules use (engine/runbooks), so hover, links and
 * definitions agree with `alert/runbook-not-found`. Null for values that are no link (empty, templates, other schemes).
 */
export function resolveLink(value: string, from: SourceFile, ws: WorkspaceView, config: ResolvedConfig, alertName?: string): LinkTarget | null {
  const r = resolveRunbookLink(value, { from: from.path, alertName, config, view: ws });
  switch (r.kind) {
    case 'empty': return null;
    case 'trusted': return /^https?:\/\//i.test(value.trim()) ? { kind: 'external', url: value.trim() } : null;
    case 'missing-file': return { kind: 'workspace', path: r.path, missing: 'file' };
    case 'missing-anchor': return { kind: 'workspace', path: r.file.path, anchor: r.anchor, file: r.file, missing: 'heading' };
    case 'no-runbook': return { kind: 'workspace', path: r.file.path, anchor: r.anchor, file: r.file };
    case 'resolved': {
      const want = r.anchor?.toLowerCase().replace(/^user-content-/, '');
      const heading = want ? r.file.model.headings.find(h => h.slug === want) : undefined;
      const lineAnchor = r.anchor ? /^L(\d+)/.exec(r.anchor) : null;
      return { kind: 'workspace', path: r.file.path, anchor: r.anchor, file: r.file, heading, line: lineAnchor ? Number(lineAnchor[1]) - 1 : undefined, runbook: r.runbooks[0] };
    }
  }
}

/** Hover on a runbook link value: where it leads, and the runbook's summary. */
export function runbookLinkHover(file: SourceFile, _info: DocInfo, path: PathSeg[], scalar: YScalar, env: { workspace: WorkspaceView; config: ResolvedConfig }): string | null {
  if (!isRunbookKey(path)) return null;
  const t = resolveLink(scalar.text, file, env.workspace, env.config);
  if (!t) return null;
  if (t.kind === 'external') return `Runbook at ${t.url} (outside the workspace; add a \`runbooks.urlMappings\` entry to check it).`;
  const rel = t.file ? relName(t.file, env.workspace.roots) : t.path;
  if (t.missing === 'file') return `**Runbook not found**: \`${t.path}\` is not in the workspace.`;
  if (t.missing === 'heading') return `**Heading not found**: ${rel} has no heading with the anchor \`#${t.anchor}\`.`;
  const f = t.file!;
  const at = t.heading ? t.heading.span.start : 0;
  const label = t.heading ? `${rel}#${t.heading.slug}` : rel;
  const summary = t.runbook ? runbookSummary(f, t.runbook) : undefined;
  return `Runbook ${fileLink(f, at, label)}${t.heading ? ` — ${t.heading.text}` : ''}${summary ? `\n\n${summary}` : ''}`;
}
