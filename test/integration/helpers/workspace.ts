import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];
process.on('exit', () => { for (const d of made) rmSync(d, { recursive: true, force: true }); });

/** A temp folder with the given files (removed when the test process exits). */
export function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'slo-lens-budget-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

export const CLI = join(__dirname, '..', '..', '..', 'dist', 'cli.js');

/** The built CLI in a child process, asynchronously (a fake server in this process must keep answering). */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise(resolve => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const status = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ status, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** One availability SLO ("5xx are bad") for job="api", in each format. */
export function sloFiles(target: number): Record<string, string> {
  const pct = String(Number((target * 100).toPrecision(10)));
  return {
    'sloth.yaml': `version: prometheus/v1
service: api
slos:
  - name: availability
    objective: ${pct}
    sli:
      events:
        error_query: sum(rate(http_requests_total{job="api",code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total{job="api"}[{{.window}}]))
    alerting:
      name: ApiAvailability
`,
    'openslo/sli.yaml': `apiVersion: openslo/v1
kind: SLI
metadata:
  name: api-errors
spec:
  ratioMetric:
    counter: true
    bad:
      metricSource:
        type: Prometheus
        spec:
          query: http_requests_total{job="api",code=~"5.."}
    total:
      metricSource:
        type: Prometheus
        spec:
          query: http_requests_total{job="api"}
`,
    'openslo/slo.yaml': `apiVersion: openslo/v1
kind: SLO
metadata:
  name: api-availability-ref
spec:
  service: api
  indicatorRef: api-errors
  timeWindow:
    - duration: 30d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - target: ${target}
`,
    'openslo/inline-good.yaml': `apiVersion: openslo/v1
kind: SLO
metadata:
  name: api-availability-good
spec:
  service: api
  indicator:
    metadata:
      name: api-good
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: http_requests_total{job="api",code!~"5.."}
        total:
          metricSource:
            type: Prometheus
            spec:
              query: http_requests_total{job="api"}
  timeWindow:
    - duration: 30d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - targetPercent: ${pct}
`,
    'pyrra.yaml': `apiVersion: pyrra.dev/v1alpha1
kind: ServiceLevelObjective
metadata:
  name: api-availability-pyrra
  namespace: api
spec:
  target: "${pct}"
  window: 30d
  indicator:
    ratio:
      errors:
        metric: http_requests_total{job="api",code=~"5.."}
      total:
        metric: http_requests_total{job="api"}
`,
    'slo-generator.yaml': `apiVersion: sre.google.com/v2
kind: ServiceLevelObjective
metadata:
  name: api-availability-slogen
  labels:
    service_name: api
spec:
  description: api availability
  backend: prometheus
  method: good_bad_ratio
  service_level_indicator:
    filter_good: http_requests_total{job="api",code!~"5.."}
    filter_valid: http_requests_total{job="api"}
  goal: ${target}
`,
  };
}
