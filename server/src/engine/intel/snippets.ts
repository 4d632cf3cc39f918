import type { FormatId } from '../formats/detect';
import type { PathSeg } from './cursor';

/**
 * Snippets for the blocks people write most, each with what its tool requires (and what our rules ask for: an
 * alert with `for`, a severity label and a `runbook_url`). Lines are relative; `indentSnippet` makes them absolute
 * for the column the snippet starts at, so the result is the same in every client.
 */

export interface Snippet {
  label: string;
  detail: string;
  /** Snippet lines, indented relative to the first line (2 spaces per level). */
  body: string[];
  documentation?: string;
}

/** Joins snippet lines, indenting every line after the first to `column`. */
export function indentSnippet(body: string[], column: number): string {
  const pad = ' '.repeat(column);
  return body.map((l, i) => (i === 0 || l === '' ? l : pad + l)).join('\n');
}

const opensloSlo = (): Snippet => ({
  label: 'OpenSLO SLO',
  detail: 'apiVersion: openslo/v1, kind: SLO',
  documentation: 'A new OpenSLO v1 SLO with a ratio SLI, a 28-day rolling window and one objective.',
  body: [
    'apiVersion: openslo/v1',
    'kind: SLO',
    'metadata:',
    '  name: ${1:checkout-availability}',
    '  displayName: ${2:Checkout availability}',
    'spec:',
    '  service: ${3:checkout}',
    '  budgetingMethod: ${4|Occurrences,Timeslices,RatioTimeslices|}',
    '  timeWindow:',
    '    - duration: ${5:28d}',
    '      isRolling: true',
    '  indicator:',
    '    metadata:',
    '      name: ${1}-sli',
    '    spec:',
    '      ratioMetric:',
    '        counter: true',
    '        good:',
    '          metricSource:',
    '            type: Prometheus',
    '            spec:',
    '              query: ${6:sum(rate(http_requests_total{code!~"5.."}[5m]))}',
    '        total:',
    '          metricSource:',
    '            type: Prometheus',
    '            spec:',
    '              query: ${7:sum(rate(http_requests_total[5m]))}',
    '  objectives:',
    '    - displayName: ${8:availability}',
    '      target: ${9:0.999}',
    '$0',
  ],
});

const slothFile: Snippet = {
  label: 'Sloth SLO file',
  detail: 'version: prometheus/v1',
  documentation: 'A Sloth service with one event-based SLO and page/ticket alerts (Sloth generates the burn-rate rules).',
  body: [
    'version: "prometheus/v1"',
    'service: "${1:checkout}"',
    'slos:',
    '  - name: "${2:requests-availability}"',
    '    objective: ${3:99.9}',
    '    description: "${4:Requests that do not fail with a 5xx.}"',
    '    sli:',
    '      events:',
    '        error_query: sum(rate(${5:http_requests_total}{code=~"5.."}[{{.window}}]))',
    '        total_query: sum(rate(${5}[{{.window}}]))',
    '    alerting:',
    '      name: ${6:CheckoutHighErrorRate}',
    '      annotations:',
    '        runbook_url: ${7:runbooks/$6.md}',
    '      page_alert:',
    '        labels:',
    '          severity: critical',
    '      ticket_alert:',
    '        labels:',
    '          severity: warning',
    '$0',
  ],
};

const slothSloItem = (camel: boolean): Snippet => ({
  label: 'Sloth SLO',
  detail: 'an SLO of this service',
  documentation: 'One Sloth SLO: objective in percent, an events SLI with `{{.window}}`, page and ticket alerts.',
  body: [
    'name: "${1:requests-availability}"',
    'objective: ${2:99.9}',
    'description: "${3:Requests that do not fail with a 5xx.}"',
    'sli:',
    '  events:',
    `    ${camel ? 'errorQuery' : 'error_query'}: sum(rate(\${4:http_requests_total}{code=~"5.."}[{{.window}}]))`,
    `    ${camel ? 'totalQuery' : 'total_query'}: sum(rate(\${4}[{{.window}}]))`,
    'alerting:',
    '  name: ${5:HighErrorRate}',
    '  annotations:',
    '    runbook_url: ${6:runbooks/$5.md}',
    `  ${camel ? 'pageAlert' : 'page_alert'}:`,
    '    labels:',
    '      severity: critical',
    `  ${camel ? 'ticketAlert' : 'ticket_alert'}:`,
    '    labels:',
    '      severity: warning',
  ],
});

const alertRule = (runbookDir: string): Snippet => ({
  label: 'alert rule',
  detail: 'alert with for, labels and runbook_url',
  documentation: 'A Prometheus alerting rule with a pending period, a severity label, a summary and a `runbook_url` (an alert without a runbook is flagged by `alert/missing-runbook`).',
  body: [
    'alert: ${1:HighErrorRate}',
    'expr: ${2:sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05}',
    'for: ${3:10m}',
    'labels:',
    '  severity: ${4|critical,warning,info|}',
    'annotations:',
    '  summary: ${5:Error rate above 5 % for 10 minutes}',
    `  runbook_url: \${6:${runbookDir}$1.md}`,
  ],
});

const recordingRule: Snippet = {
  label: 'recording rule',
  detail: 'record + expr',
  body: ['record: ${1:job:http_requests:rate5m}', 'expr: ${2:sum by (job) (rate(http_requests_total[5m]))}'],
};

const ruleGroup = (runbookDir: string): Snippet => ({
  label: 'rule group',
  detail: 'a group with one alert',
  body: ['name: ${1:checkout}', 'rules:', '  - ' + alertRule(runbookDir).body[0], ...alertRule(runbookDir).body.slice(1).map(l => '    ' + l)],
});

const rulesFile = (runbookDir: string): Snippet => ({
  label: 'Prometheus rules file',
  detail: 'groups: with one alert',
  documentation: 'A Prometheus rule file with one group and one alert that has `for`, a severity label and a `runbook_url`.',
  body: ['groups:', '  - ' + ruleGroup(runbookDir).body[0], ...ruleGroup(runbookDir).body.slice(1).map(l => '    ' + l), '$0'],
});

const runbook: Snippet = {
  label: 'Runbook',
  detail: 'apiVersion: slo-lens.dev/v1, kind: Runbook',
  documentation: 'A runbook for one or more alerts: what the alert means, what users feel, how to diagnose, and at least one mitigation step.',
  body: [
    'apiVersion: slo-lens.dev/v1',
    'kind: Runbook',
    'metadata:',
    '  name: ${1:checkout-high-error-rate}',
    'spec:',
    '  alerts: [${2:CheckoutHighErrorRate}]',
    '  owner: ${3:team-payments}',
    '  meaning: ${4:What the alert means.}',
    '  impact: ${5:What users feel.}',
    '  diagnosis:',
    '    - title: ${6:Check the error ratio by route}',
    '      query: ${7:sum by (route) (rate(http_requests_total{code=~"5.."}[5m]))}',
    '  mitigation:',
    '    - title: ${8:Roll back the last deploy}',
    '      command: ${9:kubectl rollout undo deploy/checkout}',
    '$0',
  ],
};

const objective: Snippet = {
  label: 'objective',
  detail: 'displayName + target',
  body: ['displayName: ${1:availability}', 'target: ${2:0.999}'],
};

const runbookStep: Snippet = {
  label: 'step',
  detail: 'title + command',
  body: ['title: ${1:What to do}', 'command: ${2:kubectl ...}'],
};

const endsWith = (path: readonly PathSeg[], ...tail: (string | '#')[]) =>
  path.length >= tail.length && tail.every((t, i) => {
    const seg = path[path.length - tail.length + i];
    return t === '#' ? typeof seg === 'number' : seg === t;
  });

/**
 * Snippets that fit at `path` (the mapping a key goes into, or the sequence item being written), for a document in
 * `format` (undefined: a document that is no known format yet, where whole-file templates fit).
 */
export function snippetsAt(format: FormatId | undefined, path: readonly PathSeg[], itemMode: boolean, runbookDir: string): Snippet[] {
  if (!format) return path.length === 0 ? [opensloSlo(), slothFile, rulesFile(runbookDir), runbook] : [];
  const items = itemMode;
  switch (format) {
    case 'prometheus-rules':
    case 'prometheus-rule-crd':
      if (items && endsWith(path, 'rules', '#')) return [alertRule(runbookDir), recordingRule];
      if (items && endsWith(path, 'groups', '#')) return [ruleGroup(runbookDir)];
      return [];
    case 'sloth-v1':
    case 'sloth-crd':
      if (items && endsWith(path, 'slos', '#')) return [slothSloItem(format === 'sloth-crd')];
      return [];
    case 'openslo-v1':
    case 'openslo-v2alpha':
      if (items && endsWith(path, 'objectives', '#')) return [objective];
      return [];
    case 'runbook':
      if (items && (endsWith(path, 'diagnosis', '#') || endsWith(path, 'mitigation', '#'))) return [runbookStep];
      return [];
    default:
      return [];
  }
}
