import { posix } from 'node:path';
import type { Fix, TextEdit } from '../findings';
import type { ResolvedConfig } from '../config';
import type { SourceFile } from '../source';
import type { Located, WorkspaceView } from '../workspace';
import type { AlertModel, AnnotationEntry, RunbookModel } from '../model/types';
import { fileUri } from '../files';
import { asScalar, getMap, type YScalar } from '../yaml/ast';
import { linkKeyFor } from '../runbooks/keys';
import { encodeLinkSegment, relativeLink } from '../runbooks/links';
import { markdownRunbook, runbookFileName } from '../runbooks/template';
import { renameKey, replaceScalar, setNestedEntry, yamlScalar } from './yamlEdit';

/**
 * Quick fixes for the runbook rules, built from the model (never from message text): add a `runbook_url` that
 * links an existing runbook, create a runbook from the template and link it, rename an alternate key, repoint a
 * broken link.
 */

/** The mapping a runbook key is written into is `annotations` under this map. */
function annotationsParent(alert: AlertModel) {
  return alert.source === 'pyrra' || alert.source === 'openslo' ? getMap(alert.node, 'metadata') : alert.node;
}

/** An edit that sets the alert's runbook link to `link` (filling an empty `runbook_url` if there is one). */
export function setLinkEdit(file: SourceFile, alert: AlertModel, link: string): TextEdit | undefined {
  const parent = annotationsParent(alert);
  if (!parent) return undefined;
  return setNestedEntry(file, parent, 'annotations', linkKeyFor(alert.source), link);
}

/** How `target` is written in `from`: a mapped URL when it lies under a `runbooks.urlMappings` folder, else a relative path. */
export function linkText(from: string, target: string, config: ResolvedConfig, preferUrl: boolean): string {
  if (preferUrl && config.root) {
    for (const [prefix, folder] of Object.entries(config.urlMappings)) {
      const dir = posix.isAbsolute(folder) ? folder : posix.join(config.root, folder);
      if (target.startsWith(dir.replace(/\/+$/, '') + '/')) {
        const rest = target.slice(dir.replace(/\/+$/, '').length + 1).split('/').map(encodeURIComponent).join('/');
        return (prefix.endsWith('/') ? prefix : prefix + '/') + rest;
      }
    }
  }
  return relativeLink(from, target);
}

/** The link to a runbook found in the workspace: its file, and the heading or Runbook name when the file has several. */
export function linkToRunbook(from: string, rb: Located<RunbookModel>, config: ResolvedConfig, preferUrl = false): string {
  const base = linkText(from, rb.file.path, config, preferUrl);
  if (rb.item.anchor) return `${base}#${rb.item.anchor}`;
  const yamlRunbooks = rb.file.model.runbooks.filter(r => r.kind === 'yaml');
  return rb.item.kind === 'yaml' && yamlRunbooks.length > 1 ? `${base}#${rb.item.name}` : base;
}

/** Where a new runbook for the alert goes: under the first urlMappings folder, else `runbooks/` next to the rule file. */
export function newRunbookPlace(file: SourceFile, alert: AlertModel, config: ResolvedConfig): { path: string; link: string } {
  const name = runbookFileName(alert.source === 'pyrra' && alert.sloName ? alert.sloName : alert.name);
  const [first] = Object.entries(config.urlMappings);
  if (first && config.root) {
    const [prefix, folder] = first;
    const dir = posix.isAbsolute(folder) ? folder : posix.join(config.root, folder);
    return { path: posix.join(dir, name), link: (prefix.endsWith('/') ? prefix : prefix + '/') + encodeURIComponent(name) };
  }
  // `runbooks/<name>` relative to the rule file: what relativeLink would compute (a file name has no `/` and does not
  // start with a dot), without posix.relative for each of the thousand alerts of a big file.
  return { path: posix.join(posix.dirname(file.path), 'runbooks', name), link: `runbooks/${encodeLinkSegment(name)}` };
}

/** newRunbookPlace's link alone (what a finding's message shows), without building the path. */
export function newRunbookLink(alert: AlertModel, config: ResolvedConfig): string {
  const name = runbookFileName(alert.source === 'pyrra' && alert.sloName ? alert.sloName : alert.name);
  for (const prefix in config.urlMappings) {
    if (config.root) return (prefix.endsWith('/') ? prefix : prefix + '/') + encodeURIComponent(name);
    break;
  }
  return `runbooks/${encodeLinkSegment(name)}`;
}

function summaryOf(alert: AlertModel): string | undefined {
  const e = alert.annotations.find(a => a.key === 'summary' || a.key === 'description' || a.key === 'message');
  return e ? asScalar(e.valueNode)?.text : undefined;
}

/** A Fix that creates the runbook file at `path` from the template (and applies `edits` to the finding's file). */
export function createRunbookFix(file: SourceFile, alert: AlertModel, path: string, edits: TextEdit[], title: string): Fix {
  const content = markdownRunbook({
    alert: alert.name,
    title: alert.source === 'pyrra' && alert.sloName ? `${alert.name} for SLO ${alert.sloName}` : undefined,
    summary: summaryOf(alert),
    expr: alert.expr?.text,
    definedIn: posix.relative(posix.dirname(path), file.path),
  }, file.text.includes('\r\n') ? '\r\n' : '\n');
  return { title, edits, fileEdits: [{ uri: fileUri(path), create: true, edits: [{ span: { start: 0, end: 0 }, newText: content }] }] };
}

/** Fixes for `alert/missing-runbook`: link each runbook that looks like the alert's, or create one; rename `documentation`. */
export function missingRunbookFixes(file: SourceFile, alert: AlertModel, config: ResolvedConfig, view: WorkspaceView,
  similar: Located<RunbookModel>[], documentation?: AnnotationEntry): Fix[] {
  const key = linkKeyFor(alert.source);
  const fixes: Fix[] = [];
  const seen = new Set<string>();
  for (const rb of similar) {
    if (rb.file.uri === file.uri) continue;
    const link = linkToRunbook(file.path, rb, config);
    if (seen.has(link)) continue;
    seen.add(link);
    const edit = setLinkEdit(file, alert, link);
    if (edit) fixes.push({ title: `Link ${key} to ${link}`, edits: [edit], isPreferred: fixes.length === 0 });
  }
  const place = newRunbookPlace(file, alert, config);
  const edit = setLinkEdit(file, alert, place.link);
  if (edit && !seen.has(place.link)) {
    const rel = posix.relative(posix.dirname(file.path), place.path);
    // A file already there that is not (yet) a runbook for this alert is linked, never overwritten.
    if (view.file(place.path)) fixes.push({ title: `Link ${key} to the existing ${rel}`, edits: [edit], isPreferred: fixes.length === 0 });
    else fixes.push({ ...createRunbookFix(file, alert, place.path, [edit], `Create ${rel} from the runbook template and link it`), isPreferred: fixes.length === 0 });
  }
  if (documentation) fixes.push({ title: `Rename ${documentation.key} to ${key} (if it links the runbook)`, edits: [renameKey(documentation.keyNode, key)] });
  return fixes;
}

/** The rename fix for `alert/runbook-key`. */
export function renameKeyFix(keyNode: YScalar, from: string, to: string): Fix {
  return { title: `Rename ${from} to ${to}`, edits: [renameKey(keyNode, to)], isPreferred: true };
}

/** For `alert/runbook-not-found`: point the link at `link` instead (keeping the value's quoting). */
export function repointFix(value: YScalar, link: string, title: string, preferred: boolean): Fix {
  return { title, edits: [replaceScalar(value, yamlScalar(link, value.style === 'plain' ? null : value))], isPreferred: preferred };
}
