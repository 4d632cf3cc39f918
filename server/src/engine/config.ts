import type { Severity, SeveritySetting } from './findings';
import { parseYaml } from './yaml/parse';
import { toValue } from './yaml/value';
import { globToRegExp, type GlobMatcher } from './globs';
import { DEFAULT_MAX_FILE_SIZE } from './source';

/**
 * Project configuration: `.slo-lens.yaml` at the workspace root (read by the CLI and the server alike), merged over
 * the editor settings (`sloLens.*`). The file is data only: it is parsed as plain YAML and never executed.
 */
export interface SloLensConfig {
  rules?: Record<string, SeveritySetting>;
  alerts?: { criticalSeverities?: string[] };
  runbooks?: { urlMappings?: Record<string, string> };
  ignore?: string[];
  sloth?: { defaultPeriod?: string };
  maxFileSize?: number;
}

export interface ResolvedConfig {
  /** Absolute folder the config applies to (`/` separators). */
  root: string;
  rules: Record<string, SeveritySetting>;
  criticalSeverities: string[];
  urlMappings: Record<string, string>;
  ignore: string[];
  ignoreRe: GlobMatcher[];
  slothDefaultPeriod: string;
  maxFileSize: number;
  /** Problems with the config itself (shown once, not thrown). */
  problems: string[];
}

export const CONFIG_FILE = '.slo-lens.yaml';
/**
 * `maxFileSize` can raise the limit this far and no further: the config file is workspace data, and a hostile one must
 * not switch the limit off (a check costs about a third of a second per MiB).
 */
export const MAX_FILE_SIZE_CEILING = 32 * 1024 * 1024;
const SEVERITIES = ['error', 'warning', 'info', 'hint', 'off'];

export function defaultConfig(root = ''): ResolvedConfig {
  return {
    root, rules: {}, criticalSeverities: ['critical', 'page'], urlMappings: {}, ignore: [], ignoreRe: [],
    slothDefaultPeriod: '30d', maxFileSize: DEFAULT_MAX_FILE_SIZE, problems: [],
  };
}

/** Merges config layers; later layers win key by key. Invalid values are dropped with a problem message. */
export function resolveConfig(root: string, ...layers: (SloLensConfig | undefined)[]): ResolvedConfig {
  const out = defaultConfig(root);
  for (const layer of layers) {
    if (!layer || typeof layer !== 'object') continue;
    if (layer.rules && typeof layer.rules === 'object') {
      for (const [id, sev] of Object.entries(layer.rules)) {
        if (typeof sev === 'string' && SEVERITIES.includes(sev)) out.rules[id] = sev as SeveritySetting;
        else out.problems.push(`rules.${id}: \`${String(sev)}\` is not a severity; use one of ${SEVERITIES.join(', ')}`);
      }
    }
    const crit = layer.alerts?.criticalSeverities;
    if (Array.isArray(crit)) out.criticalSeverities = crit.map(String);
    const maps = layer.runbooks?.urlMappings;
    if (maps && typeof maps === 'object') Object.assign(out.urlMappings, Object.fromEntries(Object.entries(maps).map(([k, v]) => [k, String(v)])));
    if (Array.isArray(layer.ignore)) out.ignore = [...out.ignore, ...layer.ignore.map(String)];
    if (typeof layer.sloth?.defaultPeriod === 'string') out.slothDefaultPeriod = layer.sloth.defaultPeriod;
    if (typeof layer.maxFileSize === 'number' && layer.maxFileSize > 0) {
      out.maxFileSize = Math.min(layer.maxFileSize, MAX_FILE_SIZE_CEILING);
      if (layer.maxFileSize > MAX_FILE_SIZE_CEILING) out.problems.push(`maxFileSize: ${layer.maxFileSize} is above the ${MAX_FILE_SIZE_CEILING} bytes SLO Lens ever checks; using ${MAX_FILE_SIZE_CEILING}`);
    }
  }
  out.ignoreRe = out.ignore.map(globToRegExp);
  return out;
}

/** Parses `.slo-lens.yaml` text. Never throws: a broken file yields its problems and no settings. */
export function parseConfigText(text: string): { config?: SloLensConfig; problems: string[] } {
  const parsed = parseYaml(text);
  if (parsed.problems.length) return { problems: parsed.problems.map(p => `${CONFIG_FILE}: ${p.message}`) };
  try {
    const value = parsed.docs[0] ? toValue(parsed.docs[0].root, 10_000) : {};
    if (value === null || value === undefined) return { config: {}, problems: [] };
    if (typeof value !== 'object' || Array.isArray(value)) return { problems: [`${CONFIG_FILE}: expected a mapping at the top level`] };
    return { config: value as SloLensConfig, problems: [] };
  } catch (e) {
    return { problems: [`${CONFIG_FILE}: ${(e as Error).message}`] };
  }
}

/** The configured severity for a rule id: exact id, then its family (`schema/*` or `schema`), else the default. */
export function severityFor(config: ResolvedConfig, id: string, fallback: Severity): SeveritySetting {
  if (!id.includes('/')) return config.rules[id] ?? fallback;
  const exact = config.rules[id];
  if (exact) return exact;
  const family = id.split('/')[0];
  return config.rules[`${family}/*`] ?? config.rules[family] ?? fallback;
}
