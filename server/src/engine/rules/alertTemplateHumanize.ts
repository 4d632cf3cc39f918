import type { Rule } from './types';
import { asScalar } from '../yaml/ast';
import { embeddedText, sourceSpan } from '../promql/embedded';
import { HELM } from './alertTemplateSyntax';

/** Functions whose result is a per-second rate or a fractional count: raw, they print like 0.33333333333333337. */
const RATE_LIKE = /\b(rate|irate|increase|deriv|delta|idelta)\s*\(/;
const BARE_VALUE = /\{\{-?\s*\$value\s*-?\}\}/g;

/**
 * An annotation that prints `{{ $value }}` of a rate-like expression unformatted (pint's `alerts/template` humanize
 * check): the person paged reads "Request rate is 33.333333333333336 req/s". Prometheus's `humanize` gives
 * "33.33". The fix pipes the value through `humanize`.
 */
export const alertTemplateHumanize: Rule = {
  id: 'alert/template-humanize',
  defaultSeverity: 'info',
  // Style, not correctness: off until a project asks for it (`rules: {alert/template-humanize: info}`).
  optIn: true,
  description: '`{{ $value }}` of a rate()-like alert printed without `humanize` or `printf` (opt-in)',
  appliesTo: f => f.language === 'yaml' && f.text.includes('$value') && f.model.alerts.some(a => a.source === 'prometheus'),
  check({ file, report }) {
    if (HELM.test(file.text)) return;
    for (const alert of file.model.alerts) {
      const fn = alert.source === 'prometheus' && alert.expr ? RATE_LIKE.exec(alert.expr.text) : null;
      if (!fn) continue;
      for (const entry of alert.annotations) {
        const value = asScalar(entry.valueNode);
        if (!value || !value.text.includes('$value')) continue;
        const embedded = embeddedText(file.text, value);
        for (const m of value.text.matchAll(BARE_VALUE)) {
          const span = embedded.exact ? sourceSpan(embedded, m.index!, m.index! + m[0].length) : { start: value.start, end: value.end };
          // Offer the edit only where the source spells the template exactly as decoded (no escapes inside it).
          const editable = embedded.exact && file.text.slice(span.start, span.end) === m[0];
          report({
            span,
            message: `annotation \`${entry.key}\` of alert \`${alert.name}\` prints \`{{ $value }}\` of a \`${fn[1]}()\` unformatted, which reads like 33.333333333333336 in a page: write \`{{ $value | humanize }}\` (or \`printf "%.2f"\`)`,
            fixes: editable ? [{ title: 'Format the value with humanize', edits: [{ span, newText: '{{ $value | humanize }}' }], isPreferred: true }] : undefined,
            data: { alert: alert.name, key: entry.key, function: fn[1] },
          });
        }
      }
    }
  },
};
