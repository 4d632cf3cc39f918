import type { Rule } from './types';
import type { Fix } from '../findings';
import { asMap, getMap, getScalar, getSeq, type YScalar } from '../yaml/ast';
import { replaceScalar, replaceScalarSuffix } from '../slo/edits';

/** `1m`…`36m` as an SLO window is a month count written with the minutes unit; longer minute counts are not month slips. */
const MAX_MONTHS = 36;

/**
 * `slo/window-unit`: OpenSLO duration units are case-sensitive (`m` minutes, `M` months), and an SLO window of a few
 * minutes or hours cannot hold an error budget. The official example `timeslices-slo.yaml` writes
 * `duration: 1m # Contracts often are for 1 month`. Windows of a day or more (`30d`, `4w`, `1M`, `720h`) are left alone.
 */
export const sloWindowUnit: Rule = {
  id: 'slo/window-unit',
  defaultSeverity: 'warning',
  description: '`m` (minutes) where `M` (months) is meant in an OpenSLO window',
  appliesTo: f => f.docs.some(d => d.detected?.kind === 'SLO' && d.detected.format.startsWith('openslo')),
  check({ file, report }) {
    for (const info of file.docs) {
      const d = info.detected;
      if (!d || d.kind !== 'SLO' || !(d.format === 'openslo-v1' || d.format === 'openslo-v2alpha' || d.format === 'openslo-unknown')) continue;
      for (const item of getSeq(getMap(d.root, 'spec'), 'timeWindow')?.items ?? []) {
        const duration = getScalar(asMap(item), 'duration');
        if (duration) check(duration, d.format === 'openslo-v2alpha');
      }
    }

    function check(node: YScalar, v2alpha: boolean): void {
      const m = /^(\d+)([mh])$/.exec(node.text.trim());
      if (!m) return;
      const n = Number(m[1]);
      const unit = m[2];
      const minutes = unit === 'm' ? n : n * 60;
      if (minutes >= 24 * 60 || n === 0) return;
      const fixes: Fix[] = [];
      let instead: string;
      if (unit === 'm' && n <= MAX_MONTHS) {
        // v2alpha has no month unit: 30 days per month is what the v1 SDK converts `M` to.
        const replacement = v2alpha ? `${n * 30}d` : `${n}M`;
        const edit = v2alpha ? replaceScalar(file.text, node, replacement) : replaceScalarSuffix(file.text, node, 1, 'M');
        if (edit) fixes.push({ title: `Change to \`${replacement}\` (${n} month${n > 1 ? 's' : ''})`, edits: [edit], isPreferred: true });
        instead = v2alpha ? `\`${replacement}\` (v2alpha has no month unit)` : `\`${replacement}\``;
      } else {
        instead = v2alpha ? '`28d` or `4w`' : '`28d`, `4w` or `1M`';
      }
      report({
        span: { start: node.start, end: node.end },
        message: `\`duration: ${node.text}\` is ${n} ${unit === 'm' ? 'minute' : 'hour'}${n > 1 ? 's' : ''}${unit === 'm' ? (v2alpha ? ' (`m` is minutes)' : ' (OpenSLO units are case-sensitive: `m` is minutes, `M` months)') : ''}, `
          + `too short a window to hold an error budget: SLO windows are days to quarters. ${unit === 'm' && n <= MAX_MONTHS ? `If ${n} month${n > 1 ? 's were' : ' was'} meant, write` : 'Write'} ${instead}.`,
        fixes,
        data: { value: n, unit, replacement: fixes.length ? (v2alpha ? `${n * 30}d` : `${n}M`) : undefined },
      });
    }
  },
};
