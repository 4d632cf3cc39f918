import type { TextEdit } from '../findings';
import type { YScalar } from '../yaml/ast';

/**
 * Edits for the SLO quick fixes. They replace only the characters of one scalar's content, so quotes, comments,
 * indentation and everything else on the line stay as the user wrote them.
 */

/** Replaces a scalar's content; inside quotes when it is quoted (a Pyrra `target: "0.99"` stays a quoted string). */
export function replaceScalar(text: string, node: YScalar, newText: string): TextEdit {
  const raw = text.slice(node.valueStart, node.valueEnd);
  if (raw === node.text && (node.style === 'plain' || node.style === 'single' || node.style === 'double')) {
    return { span: { start: node.valueStart, end: node.valueEnd }, newText };
  }
  // Escapes or a block scalar: rewrite the whole node as a plain scalar (the values we write are plain numbers/words).
  return { span: { start: node.start, end: node.end }, newText };
}

/** Replaces the last `length` characters of a scalar's content (a duration's unit), when written without escapes. */
export function replaceScalarSuffix(text: string, node: YScalar, length: number, newText: string): TextEdit | undefined {
  const raw = text.slice(node.valueStart, node.valueEnd);
  if (raw !== node.text || raw.length < length) return undefined;
  return { span: { start: node.valueEnd - length, end: node.valueEnd }, newText };
}

/** Applies non-overlapping edits to a text (used by tests and by the CLI's fix preview). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}
