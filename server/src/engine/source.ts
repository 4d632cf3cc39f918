import { LineIndex } from './text';
import { parseYaml } from './yaml/parse';
import type { ParsedYaml, YDocument } from './yaml/ast';
import { detectObjects, type Detected } from './formats/detect';
import { emptyModel, type FileModel } from './model/types';
import { extractModel } from './model/extract';

export type Language = 'yaml' | 'markdown';

export interface DocInfo {
  doc: YDocument;
  detected: Detected | null;
}

/**
 * One document version, parsed once: the text, its line index, the positioned YAML documents with their formats,
 * and the reliability model. Everything downstream (rules, hover, completion, symbols, budget) reads this.
 */
export interface SourceFile {
  uri: string;
  /** Absolute path with `/` separators (the key for runbook links and relative paths). */
  path: string;
  version: number;
  text: string;
  lines: LineIndex;
  language: Language;
  yaml?: ParsedYaml;
  docs: DocInfo[];
  model: FileModel;
  /** The file is in a format SLO Lens understands (or is a Markdown file, which may be a runbook). */
  relevant: boolean;
  /** Set when the file exceeds the size limit: it is not parsed, and gets one `file/too-large` finding. */
  tooLarge?: { size: number; limit: number };
  /** Set when the text is not text (NUL bytes). */
  binary?: boolean;
}

export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

export function languageOf(path: string): Language | null {
  if (/\.ya?ml$/i.test(path)) return 'yaml';
  if (/\.(md|markdown)$/i.test(path)) return 'markdown';
  return null;
}

export interface LoadOptions { maxFileSize?: number; language?: Language }

export function loadSource(uri: string, path: string, text: string, version = 0, opts: LoadOptions = {}): SourceFile {
  const language = opts.language ?? languageOf(path) ?? 'yaml';
  const limit = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const base: SourceFile = { uri, path, version, text, lines: new LineIndex(text), language, docs: [], model: emptyModel(), relevant: false };
  if (text.length > limit) {
    base.tooLarge = { size: text.length, limit };
    base.relevant = language === 'yaml' ? looksRelevant(text) : false;
    return base;
  }
  if (text.includes('\u0000')) {
    base.binary = true;
    // A rules file with a stray NUL byte must say so (Prometheus rejects it); an unrelated binary file stays silent.
    base.relevant = language === 'yaml' && looksRelevant(text);
    return base;
  }
  if (language === 'markdown') {
    base.model = extractModel(base);
    base.relevant = base.model.runbooks.length > 0 || base.model.headings.length > 0;
    return base;
  }
  base.yaml = parseYaml(text);
  // A document holding a list of OpenSLO objects yields one DocInfo per object (same `doc`, its own `detected.root`).
  base.docs = base.yaml.docs.flatMap((doc): DocInfo[] => { const found = detectObjects(doc); return found.length ? found.map(detected => ({ doc, detected })) : [{ doc, detected: null }]; });
  base.relevant = base.docs.some(d => d.detected) || (base.yaml.problems.length > 0 && looksRelevant(text));
  base.model = extractModel(base);
  return base;
}

/**
 * For files we could not parse: do they look like one of our formats? A broken unrelated YAML file (a Helm chart,
 * a CI config) must stay silent; a broken rules file must not.
 */
export function looksRelevant(text: string): boolean {
  const head = text.slice(0, 64 * 1024);
  return /^\s*(apiVersion:\s*['"]?(openslo|sloth\.slok\.dev|pyrra\.dev|sre\.google\.com|slo-lens\.dev|monitoring\.coreos\.com)|version:\s*['"]?prometheus\/v1|groups:)/m.test(head)
    || /^\s*-\s+(alert|record):/m.test(head);
}
