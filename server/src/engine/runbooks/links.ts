import { posix } from 'node:path';
import type { ResolvedConfig } from '../config';
import type { SourceFile } from '../source';
import type { WorkspaceView } from '../workspace';
import type { RunbookModel } from '../model/types';
import { sectionOf } from '../model/runbooks';

/**
 * Resolving a runbook link (`runbook_url` and its alternates) to a file in the workspace. Never fetches anything:
 * - a relative path resolves against the folder of the file that holds the link; `/x` against the config root;
 * - an http(s) URL under a `runbooks.urlMappings` prefix maps to `<config root>/<folder>/<rest of the URL>`;
 *   any other http(s) URL (and other schemes) is trusted as it is;
 * - `path#anchor` must name a Markdown heading (GitHub slugs) or a Runbook (`metadata.name`) in a YAML file.
 * Only YAML and Markdown files are indexed, so a link to another file type (`.html`, `.pdf`) cannot be verified
 * and is trusted; so is a link that leaves the workspace or still contains a template after `alertname`.
 */
export type LinkResolution =
  | { kind: 'empty' }
  | { kind: 'trusted'; reason: 'url' | 'scheme' | 'template' | 'outside-workspace' | 'unindexed-type' | 'no-workspace' }
  | { kind: 'resolved'; file: SourceFile; anchor?: string; runbooks: RunbookModel[] }
  | { kind: 'missing-file'; path: string; mapping?: { prefix: string; folder: string } }
  | { kind: 'missing-anchor'; file: SourceFile; anchor: string; known: string[] }
  | { kind: 'no-runbook'; file: SourceFile; anchor?: string };

export interface LinkContext {
  /** Absolute path of the file that holds the link. */
  from: string;
  /** Substituted for `{{ $labels.alertname }}` and its spellings. */
  alertName?: string;
  config: ResolvedConfig;
  view: WorkspaceView;
}

const INDEXED = /\.(md|markdown|ya?ml)$/i;
const ALERTNAME_TEMPLATE = /\{\{-?\s*(?:\$labels\.alertname|\.Labels\.alertname|\.CommonLabels\.alertname|\.GroupLabels\.alertname|index\s+\$labels\s+"alertname")\s*-?\}\}/g;

export function resolveLink(raw: string, ctx: LinkContext): LinkResolution {
  let value = raw.trim();
  if (!value) return { kind: 'empty' };
  if (ctx.alertName) value = value.replace(ALERTNAME_TEMPLATE, ctx.alertName);
  if (value.includes('{{')) return { kind: 'trusted', reason: 'template' };
  const target = toPath(value, ctx);
  if ('kind' in target) return target;
  return lookup(target.path, target.anchor, target.mapping, ctx);
}

interface Target { path: string; anchor?: string; mapping?: { prefix: string; folder: string } }

function splitAnchor(s: string): { path: string; anchor?: string } {
  const hash = s.indexOf('#');
  const before = hash < 0 ? s : s.slice(0, hash);
  const anchor = hash < 0 ? undefined : s.slice(hash + 1);
  // A query string is not part of the file (`?cluster_id=…` on templated OpenShift links).
  return { path: before.replace(/\?.*$/, ''), anchor: anchor || undefined };
}

function decode(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}

function toPath(value: string, ctx: LinkContext): Target | LinkResolution {
  const root = ctx.config.root.replace(/\/+$/, '');
  if (/^https?:\/\//i.test(value)) {
    const mapping = mappingFor(value, ctx.config.urlMappings);
    if (!mapping) return { kind: 'trusted', reason: 'url' };
    if (!root && !posix.isAbsolute(mapping.folder)) return { kind: 'trusted', reason: 'no-workspace' };
    const { path, anchor } = splitAnchor(value.slice(mapping.prefix.length));
    const folder = posix.isAbsolute(mapping.folder) ? mapping.folder : posix.join(root, mapping.folder);
    // `posix.join` keeps a trailing slash, which marks a folder URL (served by its index page).
    return { path: asFolder(posix.join(folder, decode(path).replace(/^\/+/, '')), path === '' || path.endsWith('/')), anchor: anchor && decode(anchor), mapping };
  }
  if (/^file:\/\//i.test(value)) {
    const { path, anchor } = splitAnchor(value.replace(/^file:\/\/[^/]*/i, ''));
    return { path: decode(path), anchor: anchor && decode(anchor) };
  }
  // Any other scheme (`mailto:`, `slack:`, `confluence:`): not a path. A Windows drive letter is not a scheme.
  if (/^[a-z][a-z0-9+.-]*:/i.test(value) && !/^[a-z]:[\\/]/i.test(value)) return { kind: 'trusted', reason: 'scheme' };
  const { path, anchor } = splitAnchor(value);
  const rel = decode(path).replace(/\\/g, '/');
  if (rel === '' && anchor) return { path: ctx.from, anchor: decode(anchor) };
  if (rel.startsWith('/')) {
    if (!root) return { kind: 'trusted', reason: 'no-workspace' };
    return { path: posix.join(root, rel), anchor: anchor && decode(anchor) };
  }
  return { path: asFolder(posix.join(posix.dirname(ctx.from), rel), rel.endsWith('/')), anchor: anchor && decode(anchor) };
}

/** A trailing slash marks a folder link (served by its index page); exactly one, whatever `join` left. */
function asFolder(path: string, folder: boolean): string {
  return folder ? path.replace(/\/*$/, '/') : path.replace(/\/+$/, '');
}

/** The longest configured prefix the URL starts with (a prefix without a trailing slash must end at a `/`). */
export function mappingFor(url: string, mappings: Record<string, string>): { prefix: string; folder: string } | undefined {
  let best: { prefix: string; folder: string } | undefined;
  for (const [prefix, folder] of Object.entries(mappings)) {
    if (!prefix || !url.startsWith(prefix)) continue;
    const next = url.charAt(prefix.length);
    if (!prefix.endsWith('/') && next !== '' && next !== '/' && next !== '#' && next !== '?') continue;
    if (!best || prefix.length > best.prefix.length) best = { prefix, folder };
  }
  return best;
}

function insideWorkspace(path: string, ctx: LinkContext): boolean {
  const roots = [...ctx.view.roots, ctx.config.root].filter(Boolean).map(r => r.replace(/\/+$/, ''));
  return roots.some(r => path === r || path.startsWith(r + '/'));
}

/** Files a link may mean: the path itself, or for an extensionless URL the Markdown page behind it. */
function candidates(path: string): string[] {
  if (path.endsWith('/')) return ['README.md', 'index.md', '_index.md', 'readme.md'].map(n => path + n);
  if (INDEXED.test(path)) return [path];
  return [path + '.md', path + '.markdown', path + '/README.md', path + '/index.md', path + '/_index.md'];
}

function lookup(path: string, anchor: string | undefined, mapping: Target['mapping'], ctx: LinkContext): LinkResolution {
  if (!ctx.view.roots.length && !ctx.config.root) return { kind: 'trusted', reason: 'no-workspace' };
  if (!insideWorkspace(path, ctx)) return { kind: 'trusted', reason: 'outside-workspace' };
  const last = path.replace(/\/$/, '').split('/').pop() ?? '';
  // `runbook.html`, `guide.pdf`: a file type SLO Lens does not index, so whether it exists is unknown here.
  if (/\.[A-Za-z][A-Za-z0-9]{0,7}$/.test(last) && !INDEXED.test(last)) return { kind: 'trusted', reason: 'unindexed-type' };
  const tries = candidates(path);
  let file: SourceFile | undefined;
  for (const c of tries) if ((file = ctx.view.file(c))) break;
  // Hugo serves `KubePodCrashLooping.md` at `…/kubepodcrashlooping`: a case-insensitive match is the same page.
  if (!file) for (const c of tries) if ((file = ctx.view.filesIgnoringCase(c)[0])) break;
  // The file to create for it: the path itself, `<path>.md` for a page URL, the index of a folder URL.
  if (!file) return { kind: 'missing-file', path: path.endsWith('/') || INDEXED.test(path) ? tries[0] : path + '.md', mapping };
  return checkAnchor(file, anchor);
}

function checkAnchor(file: SourceFile, anchor: string | undefined): LinkResolution {
  const lineAnchor = anchor && /^L(\d+)(?:-L(\d+))?$/.exec(anchor);
  if (lineAnchor) {
    const last = Number(lineAnchor[2] ?? lineAnchor[1]);
    return last >= 1 && last <= file.lines.lineCount ? { kind: 'resolved', file, anchor, runbooks: [] } : { kind: 'missing-anchor', file, anchor, known: [] };
  }
  if (file.language === 'markdown') {
    if (!anchor) return { kind: 'resolved', file, runbooks: file.model.runbooks };
    const want = anchor.toLowerCase().replace(/^user-content-/, '');
    const heading = file.model.headings.find(h => h.slug === want);
    if (!heading) {
      // Runbook headings first: those are what a runbook link means; section headings (`#meaning-1`) last.
      const rank = (slug: string) => file.model.runbooks.some(r => r.anchor === slug) ? 0 : sectionOf(file.model.headings.find(h => h.slug === slug)!.text) ? 2 : 1;
      const known = file.model.headings.map(h => h.slug).sort((a, b) => rank(a) - rank(b));
      return { kind: 'missing-anchor', file, anchor, known };
    }
    const runbooks = file.model.runbooks.filter(r => r.anchor === heading.slug || (!r.anchor && r.span.start === heading.span.start));
    return { kind: 'resolved', file, anchor, runbooks };
  }
  const runbooks = file.model.runbooks.filter(r => r.kind === 'yaml');
  if (!anchor) return runbooks.length ? { kind: 'resolved', file, runbooks } : { kind: 'no-runbook', file };
  const named = runbooks.filter(r => r.name === anchor);
  return named.length ? { kind: 'resolved', file, anchor, runbooks: named } : { kind: 'no-runbook', file, anchor };
}

/** The link text for `target` as written in `from`'s folder: `runbooks/X.md`, `../runbooks/x.yaml`. */
export function relativeLink(from: string, target: string): string {
  const rel = posix.relative(posix.dirname(from), target);
  return rel.split('/').map(encodeLinkSegment).join('/');
}

/** One path segment of a link, with `#` and `?` escaped so they stay part of the name. */
export function encodeLinkSegment(seg: string): string {
  return encodeURI(seg).replace(/#/g, '%23').replace(/\?/g, '%3F');
}
