import type { DocInfo, SourceFile } from '../source';
import { asMap, asScalar, getMap, getSeq, getString } from '../yaml/ast';
import type { FileModel, MarkdownHeading, RunbookModel } from './types';

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to dashes. */
export function slugify(heading: string): string {
  return heading.trim().toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Our YAML Runbook kind (`apiVersion: slo-lens.dev/v1`, `kind: Runbook`). */
export function extractRunbooks(info: DocInfo, model: FileModel): void {
  const d = info.detected;
  if (!d || d.format !== 'runbook' || d.kind !== 'Runbook') return;
  const root = d.root;
  const meta = getMap(root, 'metadata');
  const spec = getMap(root, 'spec');
  const list = (key: string) => (getSeq(spec, key)?.items ?? []).flatMap(i => {
    const s = asScalar(i);
    return s && s.text ? [{ name: s.text, span: { start: s.start, end: s.end } }] : [];
  });
  const mitigation = getSeq(spec, 'mitigation');
  model.runbooks.push({
    kind: 'yaml', name: getString(meta, 'name') ?? '', alerts: list('alerts'), slos: list('slos'),
    hasMitigation: !!mitigation && mitigation.items.some(i => asMap(i) || asScalar(i)?.text),
    meaning: getString(spec, 'meaning'), summary: getString(spec, 'meaning') ?? getString(spec, 'impact'),
    span: { start: root.start, end: root.end }, docIndex: info.doc.index, node: root,
  });
}

const SECTION = /^(meaning|impact|diagnosis|mitigation|summary|description|remediation|resolution|steps)$/i;

/**
 * Markdown files: every heading (for `file.md#anchor` links), and runbooks: the file as a whole, and each heading
 * that has the conventional sections below it (Meaning / Impact / Diagnosis / Mitigation).
 */
export function extractMarkdown(file: SourceFile, model: FileModel): void {
  const text = file.text;
  const headings: MarkdownHeading[] = [];
  const slugCounts = new Map<string, number>();
  let inFence = false;
  const re = /^.*$/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const line = m[0];
    if (m.index === re.lastIndex) re.lastIndex++;
    if (/^\s{0,3}(```|~~~)/.test(line)) { inFence = !inFence; continue; }
    if (inFence) continue;
    const h = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (!h) continue;
    const base = slugify(h[2]);
    const n = slugCounts.get(base) ?? 0;
    slugCounts.set(base, n + 1);
    headings.push({ text: h[2], slug: n ? `${base}-${n}` : base, level: h[1].length, span: { start: m.index, end: m.index + line.length } });
  }
  model.headings = headings;

  // Sections: a heading "is" a runbook when one of its sub-headings is a conventional section.
  const fileName = file.path.split('/').pop()!.replace(/\.(md|markdown)$/i, '');
  const isSection = (h: MarkdownHeading) => SECTION.test(h.text.trim().replace(/[:#]/g, ''));
  const hasMitigationUnder = (from: number, level: number) => {
    for (let j = from + 1; j < headings.length && headings[j].level > level; j++) if (/mitigation|remediation|resolution/i.test(headings[j].text)) return true;
    return false;
  };
  const sections = headings.filter(isSection);
  if (sections.length === 0) return;
  const top = headings.find(h => !isSection(h));
  const perHeading = headings.filter((h, i) => !isSection(h) && headings.slice(i + 1).some(s => isSection(s) && s.level > h.level) && headings.filter(x => !isSection(x)).length > 1);
  if (perHeading.length > 1) {
    for (const h of perHeading) {
      const i = headings.indexOf(h);
      model.runbooks.push({ kind: 'markdown', name: h.text, alerts: [{ name: h.text.trim(), span: h.span }], slos: [], hasMitigation: hasMitigationUnder(i, h.level), span: h.span, anchor: h.slug, summary: undefined });
    }
  } else {
    const name = top?.text.trim() ?? fileName;
    model.runbooks.push({
      kind: 'markdown', name, alerts: [{ name: fileName, span: top?.span ?? { start: 0, end: 0 } }, ...(top && top.text.trim() !== fileName ? [{ name: top.text.trim(), span: top.span }] : [])],
      slos: [], hasMitigation: headings.some(h => /mitigation|remediation|resolution/i.test(h.text)), span: { start: 0, end: text.length }, summary: undefined,
    });
  }
}
