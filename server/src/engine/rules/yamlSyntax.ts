import type { Rule } from './types';

/** YAML that does not parse, duplicate keys, limits hit while parsing (nesting depth, broken documents), NUL bytes and text that was not UTF-8. */
export const yamlSyntax: Rule = {
  id: 'yaml/syntax',
  defaultSeverity: 'error',
  description: 'YAML that does not parse, and duplicate keys',
  appliesTo: f => f.language === 'yaml' && (!!f.yaml?.problems.length || !!f.binary || f.text.includes('\uFFFD')),
  check({ file, report }) {
    if (file.binary) {
      const at = file.text.indexOf('\u0000');
      report({ span: { start: at, end: at + 1 }, message: 'this file contains NUL bytes, so it is not YAML text; SLO Lens does not check it further' });
      return;
    }
    // Bytes that are not UTF-8 reach us as U+FFFD (the editor and the CLI decode leniently); Go's YAML decoder, and so
    // Prometheus and Kubernetes, reject such a file. A real U+FFFD is rare enough that a warning is fair.
    const bad = file.text.indexOf('\uFFFD');
    if (bad >= 0) {
      report({ span: { start: bad, end: bad + 1 }, severity: 'warning', data: { kind: 'encoding' },
        message: 'this file contains a U+FFFD replacement character, which is what bytes that are not valid UTF-8 turn into; Prometheus and Kubernetes reject YAML that is not UTF-8, so re-save the file as UTF-8' });
    }
    for (const p of file.yaml?.problems ?? []) {
      const message = p.kind === 'duplicate-key' ? p.message
        : p.kind === 'limit' ? p.message
        : `YAML syntax error: ${p.message}`;
      report({ span: p.span, message, data: { kind: p.kind } });
    }
  },
};
