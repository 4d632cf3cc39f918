import type { DocInfo, SourceFile } from '../source';
import type { Span } from '../text';
import { parseYaml } from '../yaml/parse';
import { asMap, asScalar, getMap, getScalar, getSeq, getString, pairOf, type YScalar } from '../yaml/ast';
import type { FileModel, MarkdownHeading, RunbookModel } from './types';

/**
 * GitHub's heading anchor (github-slugger): lower case; everything but letters, marks, digits, `_`, `-` and spaces
 * dropped; each space becomes a dash. Inline markup is reduced to its text first, as GitHub renders it.
 */
export function slugify(heading: string): string {
  return headingText(heading).toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The text a heading renders to: links and images by their text, HTML tags dropped. */
export function headingText(raw: string): string {
  return raw.trim()
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, '');
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
  const mitigationPair = pairOf(spec, 'mitigation');
  // A step counts when it says something: a title, a command or a query (a bare `- {}` is a placeholder).
  const steps = getSeq(spec, 'mitigation')?.items ?? [];
  const hasMitigation = steps.some(i => {
    const m = asMap(i);
    if (m) return ['title', 'command', 'query', 'description'].some(k => !!getString(m, k)?.trim());
    return !!asScalar(i)?.text.trim();
  }) || !!(asScalar(mitigationPair?.value)?.text.trim());
  model.runbooks.push({
    kind: 'yaml', name: getString(meta, 'name') ?? '', alerts: list('alerts'), slos: list('slos'),
    hasMitigation, mitigation: mitigationPair ? { start: mitigationPair.key.start, end: mitigationPair.key.end } : undefined,
    meaning: getString(spec, 'meaning'), summary: getString(spec, 'meaning') ?? getString(spec, 'impact'),
    span: { start: root.start, end: root.end }, docIndex: info.doc.index, node: root,
  });
}

/** The conventional runbook sections (prometheus-operator/runbooks, openshift/runbooks), with common synonyms. */
type Section = 'meaning' | 'impact' | 'diagnosis' | 'mitigation';
const SECTIONS: [Section, RegExp][] = [
  ['meaning', /^(meaning|what (it|this alert) means)\b/],
  ['impact', /^(impact|user impact|symptoms?)\b/],
  ['diagnosis', /^(diagnosis|diagnose|investigation|troubleshooting|debugging)\b/],
  ['mitigation', /^(mitigation|mitigate|remediation|resolution|resolve|fix|how to (fix|resolve|mitigate)|actions?|steps to (fix|resolve|mitigate))\b/],
];

export function sectionOf(text: string): Section | undefined {
  const t = headingText(text).replace(/[*_`]/g, '').replace(/^[\d.)\s]+/, '').replace(/[:.]\s*$/, '').trim().toLowerCase();
  return SECTIONS.find(([, re]) => re.test(t))?.[0];
}

/** Longer lines are not read as headings (a hostile Markdown file must not stall the heading scan). */
const MAX_HEADING_LINE = 1000;

/** An alert name written in a heading: `KubePodCrashLooping`, `` `KubePodCrashLooping` ``, `Alert Name: "X"`. */
export function alertNameInHeading(text: string): { name: string; explicit: boolean } {
  const t = headingText(text).replace(/[*_]{1,2}([^*_]+)[*_]{1,2}/g, '$1').trim();
  const explicit = /^alert(?:\s*name)?\s*:\s*["'`]?([^"'`]+?)["'`]?\s*$/i.exec(t);
  if (explicit) return { name: explicit[1].trim(), explicit: true };
  return { name: t.replace(/^`([^`]+)`$/, '$1').trim(), explicit: false };
}

/** Labels sit below every heading level: a label's section ends at the next marker of any kind. */
const LABEL_LEVEL = 7;

/** A runbook section marker: a heading, or an emphasized label like `+ *Action*: …` (kubernetes-mixin style). */
interface Marker { section?: Section; level: number; span: Span; contentStart: number; heading?: MarkdownHeading }

/**
 * Markdown files: every heading (for `file.md#anchor` links), and the runbooks in it: the file as a whole when it
 * has one alert heading (or none) with conventional sections below it, else one runbook per alert heading.
 * A heading counts as a runbook when it has two of Meaning / Impact / Diagnosis / Mitigation, or one of them and
 * a name that is an alert name; so a README with a "Description" heading is not taken for a runbook.
 */
export function extractMarkdown(file: SourceFile, model: FileModel): void {
  const text = file.text;
  const front = frontMatter(text);
  const headings: MarkdownHeading[] = [];
  const markers: Marker[] = [];
  const textSpans = new Map<MarkdownHeading, Span>();
  const words = (h: MarkdownHeading) => textSpans.get(h) ?? h.span;
  const slugCounts = new Map<string, number>();
  // `span` is the heading's line (sections run from line to line); findings point at `textSpan`, the words.
  const addHeading = (raw: string, level: number, span: Span, textSpan: Span, contentStart: number) => {
    const base = slugify(raw);
    const n = slugCounts.get(base) ?? 0;
    slugCounts.set(base, n + 1);
    const h: MarkdownHeading = { text: raw.trim(), slug: n ? `${base}-${n}` : base, level, span };
    headings.push(h);
    textSpans.set(h, textSpan);
    markers.push({ section: sectionOf(raw), level, span: textSpan, contentStart, heading: h });
  };
  let fence: string | null = null;
  // The previous line when it could be the text of a setext heading (`Title` over `===` or `---`).
  let paragraph: { text: string; start: number } | null = null;
  const re = /^.*$/gm;
  re.lastIndex = front?.end ?? 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const line = m[0].replace(/\r$/, '');
    const start = m.index;
    const end = start + line.length;
    if (m.index === re.lastIndex) re.lastIndex++;
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (f && (!fence || f[1][0] === fence[0] && f[1].length >= fence.length)) { fence = fence ? null : f[1]; paragraph = null; continue; }
    if (fence) continue;
    // (Length first: on a line of thousands of spaces this pattern backtracks quadratically; no heading is that long.)
    const atx = line.length <= MAX_HEADING_LINE ? /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line) : null;
    if (atx) {
      const words = atx[2] ?? '';
      // A heading without words is pointed at by its `#`s.
      const hashes = start + line.indexOf('#');
      const at = words ? start + line.indexOf(words, line.indexOf('#') + atx[1].length) : hashes;
      addHeading(words, atx[1].length, { start, end }, { start: at, end: words ? at + words.length : hashes + atx[1].length }, end);
      paragraph = null;
      continue;
    }
    const setext = /^ {0,3}(=+|-+)[ \t]*$/.exec(line);
    if (setext && paragraph) {
      const at = paragraph.start + text.slice(paragraph.start).search(/\S/);
      addHeading(paragraph.text, setext[1][0] === '=' ? 1 : 2, { start: paragraph.start, end }, { start: at, end: at + paragraph.text.length }, end);
      paragraph = null;
      continue;
    }
    const label = /^\s*(?:[-+*]\s+)?(\*\*?|__?)([A-Za-z][A-Za-z ]{1,40}?):?\1:?/.exec(line);
    const section = label ? sectionOf(label[2]) : undefined;
    if (label && section) {
      const at = start + line.indexOf(label[1]);
      markers.push({ section, level: LABEL_LEVEL, span: { start: at, end: start + label[0].length }, contentStart: start + label[0].length });
      paragraph = null;
      continue;
    }
    paragraph = line.trim() && !/^\s{4,}|^\s*([-+*>|#]|\d+[.)])/.test(line) ? { text: line.trim(), start } : null;
  }
  model.headings = headings;
  const real = markers;
  const sectionEnd = (i: number) => {
    for (let j = i + 1; j < real.length; j++) if (real[j].level <= real[i].level || real[i].level === LABEL_LEVEL) return real[j].span.start;
    return text.length;
  };
  const hasContent = (i: number) => stripComments(text.slice(real[i].contentStart, sectionEnd(i))).trim() !== '';

  // Each alert heading owns the section markers that follow it until the next non-section heading.
  interface Candidate { heading?: MarkdownHeading; index: number; sections: number[] }
  const candidates: Candidate[] = [];
  let current: Candidate = { index: -1, sections: [] };
  // A heading nested under a section (`### Check the logs` under `## Diagnosis`) belongs to that section.
  let sectionLevel = Infinity;
  for (let i = 0; i < real.length; i++) {
    const k = real[i];
    if (k.section) { current.sections.push(i); if (k.level !== LABEL_LEVEL) sectionLevel = k.level; }
    else if (k.heading && k.level <= sectionLevel) { candidates.push(current); current = { heading: k.heading, index: i, sections: [] }; sectionLevel = Infinity; }
  }
  candidates.push(current);
  const isRunbook = (c: Candidate) => {
    const kinds = new Set(c.sections.map(i => real[i].section));
    const named = c.heading ? alertNameInHeading(c.heading.text) : undefined;
    if (named?.explicit) return true;
    return kinds.size >= 2 || (kinds.size === 1 && !!named && isAlertLikeName(named.name));
  };
  const runbookHeadings = candidates.filter(c => c.heading && isRunbook(c));
  const toModel = (c: Candidate, names: { name: string; span: Span }[], anchor?: string): RunbookModel => {
    const mit = c.sections.find(i => real[i].section === 'mitigation');
    const meaning = c.sections.find(i => real[i].section === 'meaning');
    const span = c.heading ? words(c.heading) : c.sections.length ? real[c.sections[0]].span : { start: 0, end: 0 };
    return {
      kind: 'markdown', name: c.heading ? alertNameInHeading(c.heading.text).name : fileStem(file.path), alerts: dedupe(names), slos: [],
      hasMitigation: mit !== undefined && c.sections.some(i => real[i].section === 'mitigation' && hasContent(i)),
      mitigation: mit !== undefined ? real[mit].span : undefined,
      meaning: meaning !== undefined ? stripComments(text.slice(real[meaning].contentStart, sectionEnd(meaning))).trim().slice(0, 400) || undefined : undefined,
      span, anchor,
    };
  };

  const explicitNames = front?.alerts ?? [];
  if (runbookHeadings.length > 1) {
    for (const c of runbookHeadings) model.runbooks.push(toModel(c, [{ name: alertNameInHeading(c.heading!.text).name, span: words(c.heading!) }], c.heading!.slug));
    return;
  }
  // One runbook for the whole file: named by its front matter, its file name, and its alert heading.
  const whole = runbookHeadings[0] ?? (candidates[0].sections.length && isRunbook(candidates[0]) ? candidates[0] : undefined)
    ?? (explicitNames.length ? candidates.find(c => c.sections.length) ?? candidates[0] : undefined);
  if (!whole) return;
  const stem = fileStem(file.path);
  const folder = file.path.split('/').slice(-2, -1)[0] ?? '';
  const names = [...explicitNames];
  if (front?.title) names.push(front.title);
  // `index.md`/`README.md`/`_index.md` take their name from the folder (Hugo page bundles, GitHub folders).
  const at = whole.heading ? words(whole.heading) : whole.sections.length ? real[whole.sections[0]].span : front?.span ?? { start: 0, end: 0 };
  names.push({ name: /^(_?index|readme)$/i.test(stem) ? folder : stem, span: at });
  if (whole.heading) names.push({ name: alertNameInHeading(whole.heading.text).name, span: at });
  model.runbooks.push(toModel(whole, names.filter(n => n.name)));
}

function dedupe<T extends { name: string }>(xs: T[]): T[] {
  const seen = new Set<string>();
  return xs.filter(x => !seen.has(x.name) && !!seen.add(x.name));
}

export function fileStem(path: string): string {
  return (path.split('/').pop() ?? '').replace(/\.(md|markdown)$/i, '');
}

function stripComments(s: string): string { return s.replace(/<!--[\s\S]*?(-->|$)/g, ''); }

/**
 * Whether a runbook name is worth checking against the alerts in the workspace: CamelCase identifiers are alert
 * names by convention (mixtool, OpenShift); `README`, `Description` or "Checkout is slow" are not.
 */
export function isAlertLikeName(name: string): boolean {
  // Two humps (`TargetDown`) or a separator (`node_down`): a lone capitalized word ("Description") is prose.
  return /^[A-Za-z_][A-Za-z0-9_:]{2,}$/.test(name) && /[a-z]/.test(name) && (/[A-Z].*[A-Z]/.test(name) || /[_:]/.test(name))
    && !/^(readme|index|_index|changelog|contributing|license|template|overview|introduction)$/i.test(name);
}

/** YAML front matter (`---` … `---` at the top): `alert`/`alerts` name the alerts explicitly; `title` is a name too. */
function frontMatter(text: string): { end: number; span: Span; alerts: { name: string; span: Span }[]; title?: { name: string; span: Span } } | null {
  const open = /^---[ \t]*\r?\n/.exec(text);
  if (!open) return null;
  const close = /^(---|\.\.\.)[ \t]*$/m.exec(text.slice(open[0].length));
  if (!close) return null;
  const base = open[0].length;
  const bodyEnd = base + close.index;
  const parsed = parseYaml(text.slice(base, bodyEnd));
  const root = asMap(parsed.docs[0]?.root);
  const named = (n: YScalar | null) => n?.text ? [{ name: n.text, span: { start: base + n.start, end: base + n.end } }] : [];
  const alerts = [...named(getScalar(root, 'alert')), ...(getSeq(root, 'alerts')?.items ?? []).flatMap(i => named(asScalar(i)))];
  return { end: bodyEnd + close[0].length, span: { start: 0, end: 3 }, alerts, title: named(getScalar(root, 'title'))[0] };
}
