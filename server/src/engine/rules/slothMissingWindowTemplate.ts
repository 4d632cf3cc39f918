import type { Rule } from './types';
import { promqlSites } from '../promql/sites';
import { sourceSpan } from '../promql/embedded';
import type { Fix } from '../findings';

/**
 * A Sloth events query (`error_query`/`total_query`, camelCase in the CRD) without `{{.window}}`. Sloth renders each
 * query once per alert window (5m, 30m, 1h, 2h, 6h, 1d, 3d, 30d); a fixed range computes every window's error ratio over
 * the same span, so the multi-window burn-rate alerts compare a number with itself. `sloth validate` rejects it.
 */
export const slothMissingWindowTemplate: Rule = {
  id: 'sloth/missing-window-template',
  defaultSeverity: 'warning',
  description: 'Sloth events query without `{{.window}}`: every SLO window would use the same range',
  appliesTo: f => f.docs.some(d => d.detected?.format === 'sloth-v1' || d.detected?.format === 'sloth-crd'),
  check({ file, report }) {
    for (const site of promqlSites(file)) {
      if (site.kind !== 'sloth' || !site.windowTemplate?.required || site.windowTemplate.present) continue;
      const ranges = [...site.text.matchAll(/\[(\d+(?:ms|[smhdwy])(?:\d+(?:ms|[smhdwy]))*)\]/g)];
      const fixedRange = ranges[0];
      // One fixed range (the usual `[5m]`): offer to replace it; several may mean different things, so no fix then.
      const fixes: Fix[] = [];
      if (ranges.length === 1 && site.query.exact && fixedRange.index !== undefined) {
        const span = sourceSpan(site.query, fixedRange.index + 1, fixedRange.index + 1 + fixedRange[1].length);
        fixes.push({ title: `Replace [${fixedRange[1]}] with [{{.window}}]`, edits: [{ span, newText: '{{.window}}' }], isPreferred: true });
      }
      const hint = fixedRange ? `replace the fixed range \`[${fixedRange[1]}]\` with \`[{{.window}}]\`` : 'use `[{{.window}}]` as the range of the rate/increase in the query';
      report({
        span: { start: site.node.start, end: site.node.end },
        message: `Sloth \`${site.key}\` has no \`{{.window}}\`: Sloth renders it once per SLO window, so without the template every window measures the same range and \`sloth validate\` rejects it; ${hint}`,
        fixes,
        data: { key: site.key, fixedRange: fixedRange?.[1] },
      });
    }
  },
};
