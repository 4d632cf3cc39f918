/**
 * The one definition of SLO Lens settings (`sloLens.*`), imported by the client and the server. A test keeps
 * package.json#contributes.configuration in step with this table.
 */
export type SeveritySetting = 'error' | 'warning' | 'info' | 'hint' | 'off';

export interface Settings {
  /** Per-rule severity overrides (rule id → severity or `off`). `.slo-lens.yaml` wins where both set a rule. */
  rules: Record<string, SeveritySetting>;
  /** Alert `severity` label values that make a missing runbook an error. */
  criticalSeverities: string[];
  runbooks: { urlMappings: Record<string, string> };
  /** Glob patterns of files not to check. */
  ignore: string[];
  /** Report findings for every file in the workspace, not only open ones. */
  diagnostics: { workspace: boolean };
  prometheus: { url: string; refreshIntervalSeconds: number; timeoutSeconds: number; warnBelowPercent: number };
  trace: { server: 'off' | 'messages' | 'verbose' };
}

export interface SettingSpec { key: string; type: string; default: unknown; description: string; enum?: string[]; scope?: string }

/** Flat table of settings as they appear in package.json (`sloLens.<key>`). */
export const SETTINGS: SettingSpec[] = [
  { key: 'rules', type: 'object', default: {}, description: 'Severity per rule id (`error`, `warning`, `info`, `hint` or `off`), e.g. {"alert/missing-runbook": "error"}. Settings in .slo-lens.yaml take precedence.', scope: 'resource' },
  { key: 'criticalSeverities', type: 'array', default: ['critical', 'page'], description: 'Alert `severity` label values for which a missing runbook is an error rather than a warning.', scope: 'resource' },
  { key: 'runbooks.urlMappings', type: 'object', default: {}, description: 'Map runbook URL prefixes to workspace folders, e.g. {"https://runbooks.example.com/": "runbooks/"}, so links can be checked and followed.', scope: 'resource' },
  { key: 'ignore', type: 'array', default: [], description: 'Glob patterns of files SLO Lens does not check.', scope: 'resource' },
  { key: 'diagnostics.workspace', type: 'boolean', default: true, description: 'Report findings for every SLO, rule and runbook file in the workspace, not only open files.', scope: 'window' },
  { key: 'prometheus.url', type: 'string', default: '', description: 'Prometheus-compatible HTTP API (Prometheus, Thanos, Mimir, VictoriaMetrics) for live error budgets, e.g. http://localhost:9090. In an untrusted workspace only your user setting is used.', scope: 'resource' },
  { key: 'prometheus.refreshIntervalSeconds', type: 'number', default: 60, description: 'How often the live error budget refreshes.', scope: 'window' },
  { key: 'prometheus.timeoutSeconds', type: 'number', default: 10, description: 'Timeout of one Prometheus request.', scope: 'window' },
  { key: 'prometheus.warnBelowPercent', type: 'number', default: 25, description: 'An SLO whose remaining error budget is below this percentage shows as a warning (as does a burn at a paging rate: 14.4× over 1h or 6× over 6h).', scope: 'window' },
  { key: 'trace.server', type: 'string', default: 'off', enum: ['off', 'messages', 'verbose'], description: 'Traces the communication between VS Code and the SLO Lens language server.', scope: 'window' },
];

export function defaultSettings(): Settings {
  return {
    rules: {}, criticalSeverities: ['critical', 'page'], runbooks: { urlMappings: {} }, ignore: [],
    diagnostics: { workspace: true }, prometheus: { url: '', refreshIntervalSeconds: 60, timeoutSeconds: 10, warnBelowPercent: 25 }, trace: { server: 'off' },
  };
}
