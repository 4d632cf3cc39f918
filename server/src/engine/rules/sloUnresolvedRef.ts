import type { Rule } from './types';

/** What to write so that the reference resolves, per target kind. */
const INLINE: Record<string, string> = {
  SLI: 'or define the indicator inline (`indicator:` / v2alpha `sli:`)',
  AlertPolicy: 'or define the policy inline in `alertPolicies` (`kind: AlertPolicy`, `metadata`, `spec`)',
  AlertCondition: 'or define the condition inline in `conditions` (`kind: AlertCondition`, `metadata`, `spec`)',
  AlertNotificationTarget: 'or define the target inline in `notificationTargets` (`kind: AlertNotificationTarget`, `metadata`, `spec`)',
  DataSource: 'or describe the source inline (`type` and `spec` / v2alpha `dataSourceSpec`)',
  Service: '',
};

/**
 * `slo/unresolved-ref`: an OpenSLO reference (`indicatorRef`, `alertPolicyRef`, `conditionRef`, `targetRef`,
 * `metricSourceRef`, v2alpha `sliRef`/`dataSourceRef`/`serviceRef`) that names no object of that kind anywhere in the
 * workspace. `oslo validate` does not resolve references, so this is otherwise found only at deploy time. Inline
 * definitions make no reference and are never reported. Each lookup records a dependency: adding the missing object
 * in another file clears the finding.
 */
export const sloUnresolvedRef: Rule = {
  id: 'slo/unresolved-ref',
  defaultSeverity: 'error',
  description: 'an OpenSLO reference that names no object in the workspace',
  appliesTo: f => f.model.refs.length > 0,
  check({ file, workspace, report }) {
    for (const ref of file.model.refs) {
      if (workspace.objects(ref.targetKind, ref.name).length) continue;
      const inline = INLINE[ref.targetKind];
      report({
        span: { start: ref.node.start, end: ref.node.end },
        message: `\`${ref.field}: ${ref.name}\` names no ${ref.targetKind} in the workspace: add a document with \`kind: ${ref.targetKind}\` and \`metadata.name: ${ref.name}\` (in any file)${inline ? `, ${inline}` : ''}.`,
        data: { field: ref.field, kind: ref.targetKind, name: ref.name },
      });
    }
  },
};
