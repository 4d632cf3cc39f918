import { SETTINGS } from './settings';

/** package.json#contributes.configuration as generated from SETTINGS. */
export function manifestConfiguration(): { title: string; properties: Record<string, Record<string, unknown>> } {
  const properties: Record<string, Record<string, unknown>> = {};
  for (const s of SETTINGS) {
    properties[`sloLens.${s.key}`] = {
      type: s.type, default: s.default, ...(s.enum ? { enum: s.enum } : {}), ...(s.scope ? { scope: s.scope } : {}), markdownDescription: s.description,
    };
  }
  return { title: 'SLO Lens', properties };
}
