import type { Rule } from './types';
import type { Span } from '../text';
import type { RunbookModel } from '../model/types';
import { getMap, getScalar, pairOf } from '../yaml/ast';

/**
 * A runbook that does not say how to stop the impact: a YAML Runbook without mitigation steps, a Markdown
 * runbook without a Mitigation section (or with an empty one; HTML comments do not count). Meaning, Impact and
 * Diagnosis help, but at 3 a.m. the mitigation is what on-call opens the runbook for.
 */
export const runbookIncomplete: Rule = {
  id: 'runbook/incomplete',
  defaultSeverity: 'warning',
  description: 'Runbook without mitigation steps (YAML) or a Mitigation section (Markdown)',
  appliesTo: f => f.model.runbooks.length > 0,
  check({ file, report }) {
    for (const rb of file.model.runbooks) {
      if (rb.hasMitigation) continue;
      const subject = rb.kind === 'yaml' ? `Runbook \`${rb.name}\`` : `The runbook for \`${rb.name}\``;
      const message = rb.kind === 'yaml'
        ? rb.mitigation
          ? `${subject} has no mitigation steps: give \`mitigation\` at least one step with a \`title\` and a \`command\` or \`query\`, so on-call knows how to stop the impact`
          : `${subject} has no \`mitigation\`: add \`mitigation:\` under \`spec\` with at least one step (\`title\`, and a \`command\` or \`query\`), so on-call knows how to stop the impact`
        : rb.mitigation
          ? `${subject} has an empty Mitigation section: write the steps that stop the user impact (roll back, fail over, scale out)`
          : `${subject} has no Mitigation section: add a \`## Mitigation\` heading with the steps that stop the user impact`;
      report({ span: spanOf(rb), message, data: { runbook: rb.name, kind: rb.kind, empty: !!rb.mitigation } });
    }
  },
};

/**
 * The mitigation key or heading when there is one (even empty). Otherwise the runbook's name: its heading text in
 * Markdown, its `metadata.name` in YAML (then `spec`, then `kind`), as the message is about the runbook as a whole.
 */
function spanOf(rb: RunbookModel): Span {
  if (rb.mitigation) return rb.mitigation;
  if (rb.kind === 'yaml' && rb.node) {
    const name = getScalar(getMap(rb.node, 'metadata'), 'name');
    if (name && name.text) return { start: name.start, end: name.end };
    const spec = pairOf(rb.node, 'spec');
    if (spec) return { start: spec.key.start, end: spec.key.end };
    const kind = pairOf(rb.node, 'kind');
    if (kind) return { start: kind.value.start, end: kind.value.end };
  }
  return rb.span;
}
