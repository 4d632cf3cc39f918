import { posix } from 'node:path';
import type { Rule } from './types';
import type { Finding } from '../findings';
import type { SloModel } from '../model/types';
import type { SourceFile } from '../source';
import { sloIdentity } from '../workspace';
import { toolName } from '../slo/describe';

/** How each tool names an SLO, and what a second definition breaks there. */
function identity(slo: SloModel): { label: string; why: string } {
  switch (toolName(slo.format)) {
    case 'Sloth': return {
      label: `Sloth SLO \`${slo.name}\` of service \`${slo.service ?? ''}\``,
      why: `Sloth identifies SLOs by \`<service>-<name>\` (\`${slo.service ?? ''}-${slo.name}\`): \`sloth validate\` rejects the duplicate, and both would generate rules with the same \`sloth_id\``,
    };
    case 'Pyrra': return {
      label: `Pyrra SLO \`${slo.name}\`${slo.service ? ` in namespace \`${slo.service}\`` : ''}`,
      why: 'Pyrra identifies an SLO by name and namespace: the second definition replaces the first\'s rules and objective',
    };
    case 'OpenSLO': return {
      label: `OpenSLO SLO \`${slo.name}\``,
      why: 'OpenSLO identifies objects by kind and `metadata.name`: references and tools cannot tell the two apart',
    };
    default: return {
      label: `slo-generator SLO \`${slo.name}\``,
      why: 'slo-generator requires `metadata.name` to be unique: reports and exported metrics of the two would collide',
    };
  }
}

function where(from: SourceFile, other: SourceFile, slo: SloModel): string {
  const line = other.lines.position(slo.nameNode?.start ?? slo.span.start).line + 1;
  if (other.uri === from.uri) return `line ${line} of this file`;
  return `${posix.relative(posix.dirname(from.path), other.path)}:${line}`;
}

/**
 * `slo/duplicate`: the same SLO identity defined twice in the workspace (Sloth service + name, Pyrra name +
 * namespace, OpenSLO kind + name, slo-generator name). Each definition gets a finding pointing at the others.
 */
export const sloDuplicate: Rule = {
  id: 'slo/duplicate',
  defaultSeverity: 'warning',
  description: 'the same SLO identity twice in the workspace',
  appliesTo: f => f.model.slos.length > 0,
  check({ file, workspace, report }) {
    for (const slo of file.model.slos) {
      // One finding per SLO, not per OpenSLO objective.
      if (!slo.name || (slo.objectiveIndex ?? 0) > 0) continue;
      const others = workspace.slos(sloIdentity(slo)).filter(o => !(o.file.uri === file.uri && o.item.span.start === slo.span.start));
      if (!others.length) continue;
      const { label, why } = identity(slo);
      const related: NonNullable<Finding['related']> = others.map(o => {
        const span = o.item.nameNode ? { start: o.item.nameNode.start, end: o.item.nameNode.end } : { start: o.item.span.start, end: o.item.span.start };
        return { uri: o.file.uri, span, range: o.file.lines.range(span), message: `${label} is also defined here` };
      });
      const span = slo.nameNode ? { start: slo.nameNode.start, end: slo.nameNode.end } : { start: slo.span.start, end: slo.span.start };
      report({
        span,
        message: `${label} is defined ${others.length + 1} times: also at ${others.map(o => where(file, o.file, o.item)).join(', ')}. ${why}. Rename one of them or delete the copy.`,
        related,
        data: { identity: sloIdentity(slo), others: others.map(o => o.file.uri) },
      });
    }
  },
};
