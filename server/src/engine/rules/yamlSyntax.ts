import type { Rule } from './types';

/** YAML that does not parse, duplicate keys, and limits hit while parsing (nesting depth). */
export const yamlSyntax: Rule = {
  id: 'yaml/syntax',
  defaultSeverity: 'error',
  description: 'YAML that does not parse, and duplicate keys',
  appliesTo: f => f.language === 'yaml' && (!!f.yaml?.problems.length || !!f.binary),
  check({ file, report }) {
    if (file.binary) {
      const at = file.text.indexOf('\u0000');
      report({ span: { start: at, end: at + 1 }, message: 'this file contains NUL bytes, so it is not YAML text; SLO Lens does not check it further' });
      return;
    }
    for (const p of file.yaml?.problems ?? []) {
      const message = p.kind === 'duplicate-key' ? p.message
        : p.kind === 'limit' ? `${p.message}: the document nests deeper than SLO Lens follows, so it is not checked further`
        : `YAML syntax error: ${p.message}`;
      report({ span: p.span, message, data: { kind: p.kind } });
    }
  },
};
