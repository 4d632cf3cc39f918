import type { Rule } from './types';
import { openSloConditions } from '../model/openslo';
import { replaceScalar } from '../slo/edits';

const FLIPPED: Record<string, string> = { lt: 'gt', lte: 'gte' };

/**
 * `slo/burn-rate-inverted`: an OpenSLO `burnrate` condition with `op: lt`/`lte` fires while the budget burns slowly,
 * i.e. while the service is healthy (no errors = burn rate 0), and stays quiet during an outage. The OpenSLO README's
 * own example ("burn rate … exceeds 2" with `op: lte`) has this slip.
 */
export const sloBurnRateInverted: Rule = {
  id: 'slo/burn-rate-inverted',
  defaultSeverity: 'warning',
  description: 'an OpenSLO burn-rate condition with `lt`/`lte`',
  appliesTo: f => f.model.objects.some(o => o.kind === 'AlertCondition' || o.kind === 'AlertPolicy' || o.kind === 'SLO'),
  check({ file, report }) {
    for (const c of openSloConditions(file.docs)) {
      const op = c.op;
      if (c.conditionKind?.toLowerCase() !== 'burnrate' || !op) continue;
      const flipped = FLIPPED[op.text];
      if (!flipped) continue;
      const threshold = c.threshold?.text ?? 'the threshold';
      report({
        span: { start: op.start, end: op.end },
        message: `\`op: ${op.text}\` on a burn-rate condition fires while the burn rate is ${op.text === 'lt' ? 'below' : 'at or below'} ${threshold}, i.e. while the service is healthy `
          + `(no errors is a burn rate of 0), and stays silent while the budget burns fast. A burn-rate alert fires when the rate exceeds the threshold: write \`op: ${flipped}\`.`,
        fixes: [{ title: `Change to \`op: ${flipped}\``, edits: [replaceScalar(file.text, op, flipped)], isPreferred: true }],
        data: { op: op.text, replacement: flipped, condition: c.name },
      });
    }
  },
};
