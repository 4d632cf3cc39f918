import type { Range, Span } from './text';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

export const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/** A text replacement inside one document, by offsets into the text the finding was computed on. */
export interface TextEdit { span: Span; newText: string }

/** An edit to a file other than the finding's (or a new file), by path. */
export interface FileEdit { uri: string; create?: boolean; edits: TextEdit[] }

export interface Fix {
  title: string;
  /** Edits to the finding's own document. */
  edits: TextEdit[];
  /** Edits to other documents, or files to create. */
  fileEdits?: FileEdit[];
  isPreferred?: boolean;
}

/**
 * What a rule reports. `span` is in offsets of the document text; presentation layers turn it into a line/character
 * range with the document's LineIndex. `data` carries what a quick fix needs, keyed by rule id, never by message.
 */
export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  span: Span;
  fixes?: Fix[];
  data?: Record<string, unknown>;
  /** Findings that point at related places (e.g. the duplicate's twin). */
  related?: { uri: string; span?: Span; range?: Range; message: string }[];
}

export const DOCS_BASE = 'https://github.com/slo-lens/slo-lens/blob/main/docs/rules/';
export function ruleDocsUrl(rule: string): string {
  return `${DOCS_BASE}${rule.replace('/', '/')}.md`;
}
