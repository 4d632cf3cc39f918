import type { Rule, RuleContext } from './types';
import type { AlertModel, AnnotationEntry } from '../model/types';
import { asScalar, getMap } from '../yaml/ast';
import { mapEntries } from '../model/alerts';
import { checkGoTemplate } from '../templates/goTemplate';
import { embeddedText, sourceSpan } from '../promql/embedded';

/**
 * Labels and annotations of an alerting rule are Go templates: Prometheus parses each one when it loads the file, and
 * one that does not parse (`{{ $labels.instance` never closed, `{{ $label.x }}`, `{{ end }}` without `{{ if }}`) makes
 * it reject the whole rule file. promtool says which rule but not where; this points at the character. A file that is
 * a Helm template is left alone: its `{{ }}` are Helm's, rendered before Prometheus sees them.
 */
export const alertTemplateSyntax: Rule = {
  id: 'alert/template-syntax',
  defaultSeverity: 'error',
  description: 'alert labels and annotations that Go\'s template parser rejects (Prometheus refuses the rule file)',
  appliesTo: f => f.language === 'yaml' && f.model.alerts.some(a => a.source === 'prometheus') && f.text.includes('{{'),
  check({ file, report }) {
    if (HELM.test(file.text)) return;
    const alerts = file.model.alerts;
    // Indexed loops: this runs cold in a CLI check, where each for-of step allocates an iterator result.
    for (let a = 0; a < alerts.length; a++) {
      const alert = alerts[a];
      if (alert.source !== 'prometheus') continue;
      checkEntries('label', mapEntries(getMap(alert.node, 'labels')), alert, file.text, report);
      checkEntries('annotation', alert.annotations, alert, file.text, report);
    }
  },
};

function checkEntries(where: 'label' | 'annotation', entries: AnnotationEntry[], alert: AlertModel, text: string, report: RuleContext['report']): void {
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    const value = asScalar(entry.valueNode);
    if (!value || !value.text.includes('{{')) continue;
    const err = checkGoTemplate(value.text);
    if (!err) continue;
    const embedded = embeddedText(text, value);
    let span = sourceSpan(embedded, err.from, Math.max(err.to, err.from + 1));
    if (!embedded.exact || span.end === span.start) span = { start: value.start, end: value.end };
    report({
      span,
      message: `${where} \`${entry.key}\` of alert \`${alert.name}\` is not a valid Go template: ${err.message}${hint(err.go, value.text)}. Prometheus rejects the whole rule file (promtool: template: ${err.go})`,
      data: { alert: alert.name, key: entry.key, where, go: err.go },
    });
  }
}

/** What to write instead, for the errors people make. */
function hint(go: string, text: string): string {
  if (go === 'unclosed action') {
    return /\{\{\s*\.window/.test(text)
      ? ' (`{{.window}}` is a Sloth query template; in an alert annotation it needs its `}}` like any action)'
      : '; if the braces are meant as text, write {{ "{{" }}';
  }
  if (go.startsWith('undefined variable')) return ': alert templates have `$labels`, `$value`, `$externalLabels`, `$externalURL` and the variables declared with `:=`';
  if (go.startsWith('function')) return ' (Prometheus adds `humanize`, `humanizePercentage`, `humanizeDuration`, `query`, `first`, `label`, `value`, `reReplaceAll`, `toUpper`, … to Go\'s `printf`, `index`, `len`, `eq`, …)';
  return '';
}

/** A Helm chart's template syntax (`{{ .Values.x }}`, `{{- include "…" . }}`): the file is not what Prometheus loads. */
export const HELM = /\{\{-?\s*(?:[^}]{0,200}?\.(?:Values|Release|Chart|Capabilities|Files)\b|include\s|tpl\s|toYaml\b|nindent\b|indent\s|template\s+"[^"]+"\s+\.\s*-?\}\})/;
