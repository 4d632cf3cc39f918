/**
 * The Markdown runbook a quick fix creates: the sections of the prometheus-operator and OpenShift runbook
 * template (Meaning / Impact / Diagnosis / Mitigation). What SLO Lens knows goes in (the alert's summary, its
 * query); the rest are HTML comments that say what to write. Comments are not content, so the new runbook is
 * reported by `runbook/incomplete` until someone writes its Mitigation: a stub must not pass for a runbook.
 */
export interface TemplateInput {
  alert: string;
  /** Heading, when it should differ from the alert name (Pyrra's alerts are named per tool, not per SLO). */
  title?: string;
  summary?: string;
  expr?: string;
  /** The rule file, relative to the runbook, for the reader. */
  definedIn?: string;
}

export function markdownRunbook(input: TemplateInput, nl = '\n'): string {
  const summary = input.summary?.replace(/\s+/g, ' ').trim();
  const lines = [
    `# ${input.title ?? input.alert}`,
    '',
    `<!-- Runbook for the alert \`${input.alert}\`${input.definedIn ? ` (defined in ${input.definedIn})` : ''}. Replace each comment with what on-call needs. -->`,
    '',
    '## Meaning',
    '',
    summary ? summary : '<!-- What the alert means: the condition that fired and what it measures. -->',
    '',
    '## Impact',
    '',
    '<!-- What users notice while it fires, and how fast it gets worse. -->',
    '',
    '## Diagnosis',
    '',
    '<!-- Ordered steps to find the cause: queries, dashboards, logs, commands. -->',
    ...(input.expr ? ['', 'The query behind the alert:', '', '```promql', ...input.expr.trim().split(/\r?\n/), '```'] : []),
    '',
    '## Mitigation',
    '',
    '<!-- Steps that stop the user impact: roll back, fail over, scale out. -->',
    '',
  ];
  return lines.join(nl);
}

/** A file name for an alert's runbook: the alert name, with characters that do not belong in paths replaced. */
export function runbookFileName(name: string): string {
  return `${name.replace(/[^\p{L}\p{N}_.-]+/gu, '-').replace(/^[.-]+/, '') || 'runbook'}.md`;
}
