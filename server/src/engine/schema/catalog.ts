import type { FormatId } from '../formats/detect';
import type { JsonSchema } from './types';

/**
 * Every schema file in `schemas/`, bundled into the server (esbuild inlines JSON; the CLI keeps them in
 * dist/cli-vendor.js, scripts/build/lazyVendor.mjs), keyed by `$id`. Schemas refer to
 * each other by file name (`common.schema.json#/definitions/promDuration`), which also works for editors that load
 * the files from disk. Loaded on first use: a check that finds no schema problem never needs them (validators are
 * prebuilt), and building 168 KB of schema objects at start cost a cold `slo-lens check` ~3 ms (docs/BENCHMARKS.md).
 */
export function allSchemas(): readonly JsonSchema[] {
  return schemas ??= ([
    require('../../../../schemas/common.schema.json'),
    require('../../../../schemas/openslo-v1.alertcondition.schema.json'),
    require('../../../../schemas/openslo-v1.alertnotificationtarget.schema.json'),
    require('../../../../schemas/openslo-v1.alertpolicy.schema.json'),
    require('../../../../schemas/openslo-v1.common.schema.json'),
    require('../../../../schemas/openslo-v1.datasource.schema.json'),
    require('../../../../schemas/openslo-v1.service.schema.json'),
    require('../../../../schemas/openslo-v1.sli.schema.json'),
    require('../../../../schemas/openslo-v1.slo.schema.json'),
    require('../../../../schemas/openslo-v1alpha.common.schema.json'),
    require('../../../../schemas/openslo-v1alpha.service.schema.json'),
    require('../../../../schemas/openslo-v1alpha.slo.schema.json'),
    require('../../../../schemas/openslo-v2alpha.alertcondition.schema.json'),
    require('../../../../schemas/openslo-v2alpha.alertnotificationtarget.schema.json'),
    require('../../../../schemas/openslo-v2alpha.alertpolicy.schema.json'),
    require('../../../../schemas/openslo-v2alpha.budgetadjustment.schema.json'),
    require('../../../../schemas/openslo-v2alpha.common.schema.json'),
    require('../../../../schemas/openslo-v2alpha.datasource.schema.json'),
    require('../../../../schemas/openslo-v2alpha.service.schema.json'),
    require('../../../../schemas/openslo-v2alpha.sli.schema.json'),
    require('../../../../schemas/openslo-v2alpha.slo.schema.json'),
    require('../../../../schemas/prometheus-rule-crd.schema.json'),
    require('../../../../schemas/prometheus-rules.schema.json'),
    require('../../../../schemas/pyrra.schema.json'),
    require('../../../../schemas/runbook.schema.json'),
    require('../../../../schemas/slo-generator-config.schema.json'),
    require('../../../../schemas/slo-generator.schema.json'),
    require('../../../../schemas/sloth-alertwindows.schema.json'),
    require('../../../../schemas/sloth-crd.schema.json'),
    require('../../../../schemas/sloth-v1.schema.json'),
    require('../../../../schemas/sloth.common.schema.json'),
  ] as unknown[]) as JsonSchema[];
}
let schemas: JsonSchema[] | undefined;

let byId: Map<string, JsonSchema> | undefined;
/** The schema with this `$id`, or undefined. */
export function schemaById(id: string): JsonSchema | undefined {
  byId ??= new Map(allSchemas().map(s => [s.$id!, s]));
  return byId.get(id);
}

/** How a format is validated: which schema per `kind`, and how strict its tool is about keys it does not know. */
export interface FormatSchemas {
  /** Name used in messages ("an OpenSLO v1 kind"). */
  label: string;
  /** `kind` → schema `$id`; formats without `kind` use the key `''`. */
  kinds: Readonly<Record<string, string>>;
  /**
   * `error` where the real tool rejects unknown keys (oslo, promtool, Pyrra filesystem mode, Kubernetes);
   * `warning` where it silently ignores them (Sloth, slo-generator), because there the key only has no effect.
   */
  unknownKeys: 'error' | 'warning';
  /** Appended to unknown-key messages of lenient formats. */
  ignoredNote?: string;
}

const openslo = (version: string, label: string, kinds: string[]): FormatSchemas => ({
  label, unknownKeys: 'error',
  kinds: Object.fromEntries(kinds.map(k => [k, `openslo-${version}.${k.toLowerCase()}.schema.json`])),
});
const OPENSLO_KINDS = ['SLO', 'SLI', 'Service', 'DataSource', 'AlertPolicy', 'AlertCondition', 'AlertNotificationTarget'];

export const FORMAT_SCHEMAS: Readonly<Partial<Record<FormatId, FormatSchemas>>> = {
  'openslo-v1': openslo('v1', 'OpenSLO v1', OPENSLO_KINDS),
  'openslo-v1alpha': openslo('v1alpha', 'OpenSLO v1alpha', ['SLO', 'Service']),
  // The go-sdk added BudgetAdjustment to v2alpha only.
  'openslo-v2alpha': openslo('v2alpha', 'OpenSLO v2alpha', [...OPENSLO_KINDS, 'BudgetAdjustment']),
  'sloth-v1': { label: 'Sloth prometheus/v1', kinds: { '': 'sloth-v1.schema.json' }, unknownKeys: 'warning', ignoredNote: 'Sloth ignores unknown keys, so this one has no effect' },
  'sloth-crd': { label: 'Sloth (sloth.slok.dev/v1)', kinds: { PrometheusServiceLevel: 'sloth-crd.schema.json', AlertWindows: 'sloth-alertwindows.schema.json' }, unknownKeys: 'warning', ignoredNote: 'Sloth ignores unknown keys, so this one has no effect' },
  'sloth-alertwindows': { label: 'Sloth (sloth.slok.dev/v1)', kinds: { AlertWindows: 'sloth-alertwindows.schema.json' }, unknownKeys: 'warning', ignoredNote: 'Sloth ignores unknown keys, so this one has no effect' },
  'pyrra': { label: 'Pyrra (pyrra.dev/v1alpha1)', kinds: { ServiceLevelObjective: 'pyrra.schema.json' }, unknownKeys: 'error' },
  'slo-generator': { label: 'slo-generator (sre.google.com/v2)', kinds: { ServiceLevelObjective: 'slo-generator.schema.json' }, unknownKeys: 'warning', ignoredNote: 'slo-generator ignores unknown keys, so this one has no effect' },
  'slo-generator-config': { label: 'slo-generator shared config', kinds: { '': 'slo-generator-config.schema.json' }, unknownKeys: 'warning', ignoredNote: 'slo-generator ignores unknown keys, so this one has no effect' },
  'prometheus-rules': { label: 'Prometheus rule file', kinds: { '': 'prometheus-rules.schema.json' }, unknownKeys: 'error' },
  'prometheus-rule-crd': { label: 'prometheus-operator (monitoring.coreos.com/v1)', kinds: { PrometheusRule: 'prometheus-rule-crd.schema.json' }, unknownKeys: 'error' },
  'runbook': { label: 'SLO Lens (slo-lens.dev/v1)', kinds: { Runbook: 'runbook.schema.json' }, unknownKeys: 'error' },
};

/** The schema `$id` for a format and kind, or undefined (unknown format, or a kind the format does not have). */
export function schemaIdFor(format: FormatId, kind?: string): string | undefined {
  const f = FORMAT_SCHEMAS[format];
  if (!f) return undefined;
  return Object.prototype.hasOwnProperty.call(f.kinds, kind ?? '') ? f.kinds[kind ?? ''] : undefined;
}
