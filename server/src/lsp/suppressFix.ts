import type { Finding, Fix } from '../engine/findings';
import type { SourceFile } from '../engine/source';
import { pathAtOffset, type YScalar } from '../engine/yaml/ast';

/**
 * "Disable <rule> for this line": a suppression comment above the finding's line, at its indentation.
 *
 * A finding on a continuation line of a multi-line YAML value (inside `expr: >`, a quoted or plain scalar over several
 * lines) cannot get a comment line above it: the line would become part of the value (folded into the text, or
 * ending a plain scalar and breaking the YAML). There the fix disables the rule for the file instead. Inside a literal
 * block (`expr: |`) of PromQL the comment line is a PromQL comment, so the line fix is kept.
 */
export function suppressionFix(file: SourceFile, f: Finding): Fix {
  const line = file.lines.position(f.span.start).line;
  const nl = file.text.includes('\r\n') ? '\r\n' : '\n';
  const scalar = file.language === 'yaml' ? scalarAt(file, f.span.start) : null;
  if (scalar && file.lines.position(scalar.start).line < line && !(scalar.style === 'literal' && f.rule.startsWith('promql/'))) {
    return { title: `Disable ${f.rule} for this file`, edits: [{ span: { start: 0, end: 0 }, newText: `# slo-lens-disable ${f.rule}${nl}` }] };
  }
  const text = file.lines.lineText(line);
  const indent = /^[ \t]*/.exec(text)?.[0] ?? '';
  const start = file.lines.lineStart(line);
  const comment = file.language === 'markdown' ? `<!-- slo-lens-disable-next-line ${f.rule} -->` : `# slo-lens-disable-next-line ${f.rule}`;
  return { title: `Disable ${f.rule} for this line`, edits: [{ span: { start, end: start }, newText: `${indent}${comment}${nl}` }] };
}

/** The scalar whose text contains `offset`, if any. */
function scalarAt(file: SourceFile, offset: number): YScalar | null {
  for (const { doc } of file.docs) {
    if (offset < doc.start || offset > doc.end) continue;
    const path = pathAtOffset(doc.root, offset);
    const last = path[path.length - 1]?.node;
    if (last && last.kind === 'scalar' && offset >= last.start && offset <= last.end) return last;
  }
  return null;
}
