import type { Finding, Fix } from '../engine/findings';
import type { SourceFile } from '../engine/source';

/** "Disable <rule> for this line": a suppression comment above the finding's line, at its indentation. */
export function suppressionFix(file: SourceFile, f: Finding): Fix {
  const line = file.lines.position(f.span.start).line;
  const text = file.lines.lineText(line);
  const indent = /^[ \t]*/.exec(text)?.[0] ?? '';
  const start = file.lines.lineStart(line);
  const comment = file.language === 'markdown' ? `<!-- slo-lens-disable-next-line ${f.rule} -->` : `# slo-lens-disable-next-line ${f.rule}`;
  const nl = file.text.includes('\r\n') ? '\r\n' : '\n';
  return { title: `Disable ${f.rule} for this line`, edits: [{ span: { start, end: start }, newText: `${indent}${comment}${nl}` }] };
}
