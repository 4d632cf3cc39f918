import type { Span } from '../text';
import type { SourceFile } from '../source';
import type { TextEdit } from '../findings';
import { slugify } from '../model/runbooks';
import { asScalar, type YNode, type YScalar } from '../yaml/ast';
import type { IntelEnv } from './hover';
import { targetAt } from './navigation';
import { isRunbookKey, resolveLink } from './runbookLinks';
import { yamlScalar } from './completion';

/**
 * Renaming an alert renames it everywhere it is named: the `alert:` rules, every Runbook's `spec.alerts` entry and
 * every Markdown heading that names it — and, since a heading's anchor changes with its text, the `#anchor` of every
 * runbook link that pointed at such a heading. Nothing else in the files changes.
 */

export interface PrepareResult { span: Span; placeholder: string }
export type RenameEdits = Map<SourceFile, TextEdit[]>;

export function prepareRename(file: SourceFile, offset: number): PrepareResult | { error: string } {
  const t = targetAt(file, offset);
  if (!t || (t.kind !== 'alert' && t.kind !== 'generated-alert')) return { error: 'Only alert names can be renamed here: place the cursor on an `alert:` name, a Runbook `spec.alerts` entry or a runbook heading.' };
  const name = t.kind === 'alert' ? t.name : t.alert.name;
  if (file.language === 'markdown') {
    const at = file.text.indexOf(name, t.span.start);
    return { span: { start: at, end: at + name.length }, placeholder: name };
  }
  const s = scalarAt(file, t.span);
  return { span: s ? { start: s.valueStart, end: s.valueEnd } : t.span, placeholder: name };
}

/** The edits, or an error when the new name cannot be an alert name. */
export function renameAlert(file: SourceFile, offset: number, newName: string, env: IntelEnv): RenameEdits | { error: string } {
  const t = targetAt(file, offset);
  if (!t || (t.kind !== 'alert' && t.kind !== 'generated-alert')) return { error: 'Not an alert name.' };
  const oldName = t.kind === 'alert' ? t.name : t.alert.name;
  const name = newName.trim();
  if (!name || /[\r\n]/.test(name)) return { error: 'An alert name must be one non-empty line.' };
  const ws = env.workspace;
  const edits: RenameEdits = new Map();
  const add = (f: SourceFile, e: TextEdit) => {
    let list = edits.get(f);
    if (!list) edits.set(f, list = []);
    if (!list.some(x => x.span.start === e.span.start)) list.push(e);
  };

  for (const { file: f, item } of ws.alerts(oldName)) {
    if (item.nameNode) add(f, scalarEdit(item.nameNode, name));
  }
  const renamedHeadings: { file: SourceFile; slug: string }[] = [];
  for (const { file: f, item } of ws.runbooksFor(oldName)) {
    for (const a of item.alerts) {
      if (a.name !== oldName) continue;
      if (item.kind === 'yaml') {
        const s = scalarAt(f, a.span);
        if (s) add(f, scalarEdit(s, name));
        continue;
      }
      // A Markdown heading: replace the name inside the heading line, keep the `#`s and anything around it.
      const heading = f.model.headings.find(h => h.span.start <= a.span.start && a.span.end <= h.span.end);
      if (!heading) continue;
      const at = f.text.indexOf(oldName, heading.span.start);
      if (at < 0 || at >= heading.span.end) continue;
      add(f, { span: { start: at, end: at + oldName.length }, newText: name });
      renamedHeadings.push({ file: f, slug: heading.slug });
    }
  }

  // Links to renamed headings keep working: their `#anchor` becomes the new heading's slug.
  if (renamedHeadings.length) {
    for (const f of ws.all()) {
      for (const alert of f.model.alerts) {
        for (const ann of alert.annotations) {
          if (!isRunbookKey([ann.key])) continue;
          const v = asScalar(ann.valueNode);
          if (!v || !v.text.includes('#')) continue;
          const target = resolveLink(v.text, f, ws, env.config);
          if (!target || target.kind !== 'workspace' || !target.heading || !target.file) continue;
          const hit = renamedHeadings.find(h => h.file.path === target.file!.path && h.slug === target.heading!.slug);
          if (!hit) continue;
          const newSlug = slugify(target.heading.text.split(oldName).join(name));
          const rawHash = f.text.slice(v.valueStart, v.valueEnd).indexOf('#');
          if (rawHash < 0) continue;
          add(f, { span: { start: v.valueStart + rawHash + 1, end: v.valueEnd }, newText: newSlug });
        }
      }
    }
  }
  return edits;
}

function scalarAt(file: SourceFile, span: Span): YScalar | null {
  for (const d of file.docs) {
    if (!d.doc.root || span.start < d.doc.start || span.end > d.doc.end) continue;
    let found: YScalar | null = null;
    const walk = (n: YNode, depth: number): void => {
      if (found || depth > 64 || n.end < span.start || n.start > span.end) return;
      if (n.kind === 'scalar') { if (n.start === span.start && n.end === span.end) found = n; return; }
      if (n.kind === 'map') for (const p of n.pairs) { walk(p.key, depth + 1); walk(p.value, depth + 1); }
      if (n.kind === 'seq') for (const i of n.items) walk(i, depth + 1);
    };
    walk(d.doc.root, 0);
    if (found) return found;
  }
  return null;
}

/** Replaces a scalar's content, keeping its quoting (a plain scalar gets quotes only when the new text needs them). */
function scalarEdit(s: YScalar, text: string): TextEdit {
  if (s.style === 'double' || s.style === 'single') return { span: { start: s.valueStart, end: s.valueEnd }, newText: yamlScalar(text, s.style === 'double' ? '"' : "'") };
  // valueStart..valueEnd, not start..end: an anchor or tag before the name stays.
  return { span: { start: s.valueStart, end: s.valueEnd }, newText: yamlScalar(text) };
}
