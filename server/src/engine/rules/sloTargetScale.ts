import type { Rule } from './types';
import type { Fix } from '../findings';
import type { SloModel } from '../model/types';
import type { YScalar } from '../yaml/ast';
import { scaleSlip, toolName, writtenTarget } from '../slo/describe';
import { shiftDecimal } from '../slo/numbers';
import { replaceScalar } from '../slo/edits';

/** What each format's key expects, for the message. */
function expectation(slo: SloModel, key: string): string {
  switch (toolName(slo.format)) {
    case 'Sloth': return 'Sloth\'s `objective` is a percent in (0, 100]';
    case 'Pyrra': return 'Pyrra\'s `target` is a percent string from 0 to 100 (Pyrra itself warns "target is from 0-100")';
    case 'slo-generator': return 'slo-generator\'s `goal` is a fraction between 0 and 1';
    case 'OpenSLO': return key === 'targetPercent' ? 'OpenSLO `targetPercent` is a percent in [0, 100)' : 'OpenSLO `target` is a fraction in [0, 1)';
    default: return 'the scale is wrong';
  }
}

/**
 * `slo/target-scale`: 0.999 where a percent is expected (Sloth `objective`, Pyrra `target`, OpenSLO `targetPercent`)
 * reads as 0.999 %, and 99.9 where a fraction is expected (OpenSLO `target`, slo-generator `goal`) is out of range.
 * The fix moves the decimal point on the digits as written; OpenSLO also gets the other key as an alternative.
 */
export const sloTargetScale: Rule = {
  id: 'slo/target-scale',
  defaultSeverity: 'warning',
  description: 'a fraction where a percent is expected, or a percent where a fraction is',
  appliesTo: f => f.model.slos.length > 0,
  check({ file, report }) {
    const seen = new Set<YScalar>();
    for (const slo of file.model.slos) {
      const t = slo.target;
      if (t && !seen.has(t.node)) {
        seen.add(t.node);
        const slip = scaleSlip(t);
        if (slip) {
          const toPercent = slip === 'fraction-in-percent';
          const converted = shiftDecimal(t.node.text, toPercent ? 2 : -2);
          const fixes: Fix[] = [];
          // `target: 100` converts to 1, a 100 % target: no fix then (slo/unrealistic-target offers one).
          const convertedOk = converted !== undefined && (toPercent || Number(converted) < 1);
          if (converted !== undefined && convertedOk) fixes.push({ title: `Change to \`${t.key}: ${converted}\``, edits: [replaceScalar(file.text, t.node, converted)], isPreferred: true });
          // OpenSLO has both keys: keep the number and name it for what it is (`target: 99.9` → `targetPercent: 99.9`).
          const other = t.key === 'target' ? 'targetPercent' : t.key === 'targetPercent' ? 'target' : undefined;
          const otherOk = other !== undefined && t.keyNode && (slo.format === 'openslo-v1' || slo.format === 'openslo-v2alpha') && (other === 'target' || Number(t.node.text) < 100);
          if (otherOk && t.keyNode) fixes.push({ title: `Rename the key to \`${other}\``, edits: [replaceScalar(file.text, t.keyNode, other!)] });
          const meaning = toPercent
            ? `is read as ${t.node.text}%, not ${converted ?? t.node.text}%`
            : `looks like a percent (${t.node.text}%)`;
          const instead = [converted && convertedOk ? `\`${t.key}: ${converted}\`` : undefined, otherOk ? `\`${other}: ${t.node.text}\`` : undefined].filter(Boolean).join(' or ');
          report({
            span: { start: t.node.start, end: t.node.end },
            message: `\`${writtenTarget(t)}\` ${meaning}: ${expectation(slo, t.key)}.${instead ? ` Write ${instead}.` : ''}`,
            fixes,
            data: { key: t.key, value: t.node.text, slip, converted, otherKey: otherOk ? other : undefined },
          });
        }
      }
      // OpenSLO Timeslices: `timeSliceTarget` is the share of good events that makes a slice good, a fraction in (0, 1].
      const tst = slo.timeSliceTargetNode;
      if (tst && !seen.has(tst) && typeof tst.value === 'number' && tst.value > 1 && tst.value <= 100) {
        seen.add(tst);
        const converted = shiftDecimal(tst.text, -2);
        report({
          span: { start: tst.start, end: tst.end },
          message: `\`timeSliceTarget: ${tst.text}\` looks like a percent: OpenSLO \`timeSliceTarget\` is a fraction in (0, 1].${converted ? ` Write \`timeSliceTarget: ${converted}\`.` : ''}`,
          fixes: converted ? [{ title: `Change to \`timeSliceTarget: ${converted}\``, edits: [replaceScalar(file.text, tst, converted)], isPreferred: true }] : [],
          data: { key: 'timeSliceTarget', value: tst.text, slip: 'percent-in-fraction', converted },
        });
      }
    }
  },
};
