import type { Rule } from './types';
import { parsePromQL } from '../promql/parse';
import { promqlSites, type PromQLSite } from '../promql/sites';
import { sourceSpan } from '../promql/embedded';
import { isDefinitelyLogQL, looksLikeLogQL, maskStrings } from '../promql/logql';

const WHERE: Record<PromQLSite['kind'], string> = {
  rule: 'rule expression', sloth: 'Sloth query (rendered with `{{.window}}` = 1m)', pyrra: 'Pyrra metric',
  openslo: 'OpenSLO query', 'slo-generator': 'slo-generator query',
};

/**
 * PromQL that does not parse, at the exact column: in rule `expr`, Sloth queries, Pyrra metrics, OpenSLO and
 * slo-generator Prometheus queries. Prometheus rejects the whole rule file (or Sloth/Pyrra refuse the SLO), so this is
 * an error. LogQL in Loki ruler files is recognised and left alone.
 */
export const promqlSyntax: Rule = {
  id: 'promql/syntax',
  defaultSeverity: 'error',
  description: 'PromQL that does not parse, at the exact column (rule expressions, Sloth/Pyrra/OpenSLO/slo-generator queries)',
  appliesTo: f => f.language === 'yaml' && f.docs.some(d => d.detected && d.detected.format !== 'runbook'),
  check({ file, workspace, report }) {
    for (const site of promqlSites(file, workspace)) {
      if (site.unknownTemplates?.length) {
        const t = site.unknownTemplates[0];
        report({
          span: { start: t.start, end: t.end },
          message: `\`${t.text}\` is not rendered: Sloth only provides \`{{.window}}\` to queries, so this template fails when Sloth generates the rules`,
          data: { kind: site.kind, key: site.key, template: t.text },
        });
        continue;
      }
      const text = site.text;
      // An empty query is a missing field (schema rules report it), not a PromQL syntax error.
      if (text.trim() === '') continue;
      // In a Loki ruler document, LogQL is not checked as PromQL (see below for the rest of its expressions).
      if (site.logqlAt !== undefined && isDefinitelyLogQL(text)) continue;
      const { error, skipped } = parsePromQL(text);
      if (skipped) {
        // Not an error: the expression may be fine. Point at its first line, not at megabytes of text.
        // (The offset map is not built: it would cost more than the parse that was skipped.)
        const start = site.node.start;
        let end = start;
        while (end < site.node.end && end - start < 200 && file.text[end] !== '\n' && file.text[end] !== '\r') end++;
        report({ span: { start, end }, severity: 'info', message: skipped, data: { kind: site.kind, key: site.key, skipped: true } });
        continue;
      }
      if (!error) continue;
      // A rule expression that fails as PromQL but reads as LogQL (a stream selector in a range function) is left alone,
      // and so is one with template actions outside strings (`> {{ .Values.threshold }}`): a Helm chart's template,
      // which is rendered before Prometheus sees it.
      if (site.kind === 'rule' && (looksLikeLogQL(text) || /\{\{[^}]{0,256}\}\}/.test(maskStrings(text)))) continue;
      let span = sourceSpan(site.query, error.from, error.to);
      // Offsets we could not map exactly (and zero-width ones) fall back to the whole value, never to line 0.
      if (!site.query.exact || span.end === span.start) span = { start: site.node.start, end: site.node.end };
      if (site.logqlAt !== undefined) {
        // Not silently skipped: in a Loki document it may be LogQL we do not recognise, or, if the document is a
        // Prometheus rule file with one LogQL-looking expression, a real error. Said at info, with the reason.
        report({
          span,
          severity: 'info',
          message: `does not parse as PromQL (${error.message}); not reported as an error because this document reads as a Loki ruler file (the expression on line ${file.lines.position(site.logqlAt).line + 1} is LogQL). If it is a Prometheus rule file, Prometheus rejects it`,
          data: { kind: site.kind, key: site.key, from: error.from, to: error.to, loki: true },
        });
        continue;
      }
      report({
        span,
        message: `PromQL parse error in ${WHERE[site.kind]}: ${error.message}`,
        data: { kind: site.kind, key: site.key, from: error.from, to: error.to },
      });
    }
  },
};
