/**
 * A small workspace of every format, made up here, that the language server checks once while it is idle after start
 * (lsp/warmup.ts). A fresh Node process runs every line of the YAML parser, the PromQL grammar and the rules for the
 * first time in V8's interpreter; checking these files first lets V8 compile and optimise that code, so the first
 * real file a user opens is checked at warm speed (on a 13k-line rules file: ≈ 300 ms cold, docs/BENCHMARKS.md).
 *
 * The files are varied on purpose — expression shapes, template functions, with and without runbooks, deliberate
 * defects — so that the code paths of findings and messages are exercised too, not only those of clean files.
 */

export interface WarmupFile { path: string; text: string }

/** PromQL shapes as rule files use them; `$s` is the service, `$w` a window. */
const EXPRESSIONS = [
  'sum by (job, route) (rate(http_requests_total{job="$s", code=~"5.."}[$w]))\n  /\nsum by (job, route) (rate(http_requests_total{job="$s"}[$w])) > 0.01',
  'histogram_quantile(0.99,\n  sum by (le, route) (rate(http_request_duration_seconds_bucket{job="$s"}[$w]))\n) > 2',
  'avg_over_time(up{job="$s"}[$w])\n  < 0.5',
  'predict_linear(node_filesystem_avail_bytes{job="$s", fstype!~"tmpfs|overlay"}[6h], 4 * 3600) < 0\n  and node_filesystem_avail_bytes{job="$s"} / node_filesystem_size_bytes{job="$s"} < 0.2',
  'absent(up{job="$s"} == 1) or increase(process_restarts_total{job="$s"}[1h] offset 1d) >= 3',
  'max without (instance) (rate(queue_depth{job="$s"}[$w])) > on (job) group_left (team) max by (job, team) (queue_capacity{job="$s"}) * 0.9',
  'topk(3, sum by (pod) (rate(container_cpu_usage_seconds_total{namespace="$s"}[$w]))) > bool 0.8',
  'label_replace(max_over_time(deriv(memory_bytes{job="$s"}[$w])[1h:5m]), "svc", "$1", "job", "(.*)") > -1 * 1e6',
  'count_values("version", build_info{job="$s"}) > 1 unless ignoring (version) clamp_min(vector(time()) - 3600, 0)',
  'sum(rate(http_requests_total{job="$s"}[$w] @ end())) / scalar(sum(rate(http_requests_total[$w]))) > 0.5',
];

const ANNOTATIONS = [
  ['summary: "High error rate on {{ $labels.route }}"', 'description: "{{ $value | humanizePercentage }} of requests to {{ $labels.job }} fail."'],
  ['summary: "p99 latency above {{ $value | humanizeDuration }}"', 'description: "Requests to {{ $labels.job }} are slow."'],
  ['summary: "{{ $labels.instance }} is down"', 'description: |-\n            {{ with query "up == 0" }}{{ . | first | value }}{{ end }} targets down.'],
  ['summary: \'{{ printf "%.2f" $value }} left\'', 'description: "{{ $labels.mountpoint }} has {{ $value | humanize1024 }}B left."'],
] as const;

const SEVERITIES = ['critical', 'warning', 'page', 'ticket', 'info'];

function rulesFile(service: string, groups: number, crd: boolean): string {
  const lines: string[] = [];
  const pad = crd ? '  ' : '';
  if (crd) lines.push('apiVersion: monitoring.coreos.com/v1', 'kind: PrometheusRule', 'metadata:', `  name: ${service}-rules`, '  labels: {role: alert-rules}', 'spec:');
  lines.push(`${pad}groups:`);
  for (let g = 0; g < groups; g++) {
    lines.push(`${pad}  - name: ${service}-${g}.rules`, `${pad}    interval: 1m`, `${pad}    rules:`);
    lines.push(`${pad}      - record: job:${service.replace(/-/g, '_')}_requests_${g}:rate5m`, `${pad}        expr: sum by (job) (rate(http_requests_total{job="${service}"}[5m]))`);
    for (let a = 0; a < EXPRESSIONS.length; a++) {
      const i = g * EXPRESSIONS.length + a;
      const expr = EXPRESSIONS[(a + g) % EXPRESSIONS.length].replace(/\$s/g, `${service}-${g}`).replace(/\$w/g, ['5m', '30m', '1h'][i % 3]);
      const [summary, description] = ANNOTATIONS[i % ANNOTATIONS.length];
      lines.push(`${pad}      - alert: ${service.replace(/-/g, '')}Warmup${i}`, `${pad}        expr: |`);
      for (const l of expr.split('\n')) lines.push(`${pad}          ${l}`);
      lines.push(`${pad}        for: ${['5m', '10m', '1h'][i % 3]}`, `${pad}        labels:`, `${pad}          severity: ${SEVERITIES[i % SEVERITIES.length]}`, `${pad}          team: team-${i % 7}`);
      lines.push(`${pad}        annotations:`, `${pad}          ${summary}`);
      for (const l of description.split('\n')) lines.push(`${pad}          ${l}`);
      // Three alerts of four have a runbook: the others exercise alert/missing-runbook.
      if (i % 4 !== 3) lines.push(`${pad}          runbook_url: ${i % 2 ? `https://runbooks.example.com/${service}/warmup-${i}` : `../runbooks/${service}.md#${service.replace(/-/g, '')}warmup${i}`}`);
    }
  }
  return lines.join('\n') + '\n';
}

const SLOTH = `version: "prometheus/v1"
service: "warmup"
labels: {owner: "team-warmup"}
slos:
  - name: "requests-availability"
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(http_requests_total{service="warmup",code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total{service="warmup"}[{{.window}}]))
    alerting:
      name: WarmupHighErrorRate
      annotations: {runbook_url: "runbooks/warmup.md#warmuphigherrorrate"}
      page_alert: {labels: {severity: page}}
      ticket_alert: {labels: {severity: ticket}}
  - name: "latency"
    objective: 100
    sli:
      raw:
        error_ratio_query: 1 - (sum(rate(latency_bucket{le="0.3"}[{{.window}}])) / sum(rate(latency_count[{{.window}}])))
    alerting: {page_alert: {disable: true}, ticket_alert: {disable: true}}
`;

const OPENSLO = `apiVersion: openslo/v1
kind: SLO
metadata: {name: warmup-latency, displayName: Warmup latency}
spec:
  service: warmup
  indicatorRef: warmup-fast-requests
  timeWindow:
    - duration: 28d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - displayName: Fast pages
      target: 99.9
---
apiVersion: openslo/v1
kind: SLI
metadata: {name: warmup-fast-requests}
spec:
  ratioMetric:
    counter: true
    good:
      metricSource: {type: Prometheus, spec: {query: 'latency_bucket{service="warmup",le="0.3"}'}}
    total:
      metricSource: {type: Prometheus, spec: {query: 'latency_count{service="warmup"}'}}
---
apiVersion: openslo/v1
kind: AlertPolicy
metadata: {name: warmup-burn}
spec:
  conditions:
    - conditionRef: warmup-fast-burn
  notificationTargets: []
`;

const PYRRA = `apiVersion: pyrra.dev/v1alpha1
kind: ServiceLevelObjective
metadata:
  name: warmup-availability
  labels: {prometheus: k8s, role: alert-rules}
spec:
  target: "99.5"
  window: 4w
  indicator:
    ratio:
      errors: {metric: 'http_requests_total{service="warmup",code=~"5.."}'}
      total: {metric: 'http_requests_total{service="warmup"}'}
`;

const SLO_GENERATOR = `apiVersion: sre.google.com/v2
kind: ServiceLevelObjective
metadata:
  name: warmup-availability
  labels: {service_name: warmup, feature_name: api, slo_name: availability}
spec:
  backend: prometheus
  method: good_bad_ratio
  exporters: []
  service_level_indicator:
    filter_good: http_requests_total{service="warmup",code!~"5.."}
    filter_valid: http_requests_total{service="warmup"}
  goal: 0.9995
`;

const RUNBOOK_YAML = `apiVersion: slo-lens.dev/v1
kind: Runbook
metadata: {name: warmup-high-error-rate}
spec:
  alerts: [WarmupHighErrorRate, warmupWarmup1]
  owner: team-warmup
  meaning: More than the allowed share of requests fail.
  diagnosis:
    - title: Error ratio by route
      query: sum by (route) (rate(http_requests_total{service="warmup",code=~"5.."}[5m]))
  mitigation:
    - title: Roll back
      command: kubectl rollout undo deploy/warmup
`;

function markdownRunbook(service: string, alerts: number): string {
  const out = [`# ${service} runbooks`, ''];
  for (let i = 0; i < alerts; i += 2) out.push(`## ${service.replace(/-/g, '')}Warmup${i}`, '', 'Meaning: the service is unhealthy.', '', '### Diagnosis', '', '```promql', `up{job="${service}"}`, '```', '');
  return out.join('\n');
}

/**
 * The files, under `root` (a folder that does not exist: nothing is read from or written to disk). Each `round` names
 * the services differently, so that no expression of an earlier round is answered from the PromQL parse cache.
 */
export function warmupFiles(root: string, round = 0): WarmupFile[] {
  const at = (p: string) => `${root.replace(/\/$/, '')}/${p}`;
  const api = `api-${round}`;
  return [
    { path: at('rules/api.yaml'), text: rulesFile(api, 6, false) },
    { path: at('rules/platform.yaml'), text: rulesFile(`platform-${round}`, 3, true) },
    { path: at(`runbooks/${api}.md`), text: markdownRunbook(api, 60) },
    { path: at('runbooks/warmup.md'), text: '# Warmup\n\n## WarmupHighErrorRate\n\nSee the dashboard.\n' },
    { path: at('runbooks/warmup.yaml'), text: RUNBOOK_YAML },
    { path: at('slos/sloth.yaml'), text: SLOTH },
    { path: at('slos/openslo.yaml'), text: OPENSLO },
    { path: at('slos/pyrra.yaml'), text: PYRRA },
    { path: at('slos/slo-generator.yaml'), text: SLO_GENERATOR },
  ];
}
