import type { Rule } from './types';
import { annotationHolders, linkValue, runbookEntries } from '../runbooks/status';
import { renameKeyFix } from '../fixes/runbookFixes';

/**
 * A runbook link under a key that integrations do not read (`runbook`, `playbook`, `sop_url`, `runbookUrl`, …;
 * for Pyrra, `runbook_url` without the `pyrra.dev/` prefix). Alertmanager templates, Grafana, PagerDuty and
 * Opsgenie look for `runbook_url`, so the link never reaches the person paged. The fix renames the key in place.
 */
export const alertRunbookKey: Rule = {
  id: 'alert/runbook-key',
  defaultSeverity: 'warning',
  description: '`runbook`/`playbook`/`sop_url` used instead of `runbook_url`',
  appliesTo: f => f.model.alerts.length > 0 || f.model.objects.some(o => o.kind === 'AlertCondition'),
  check({ file, report }) {
    const seen = new Set<number>();
    for (const holder of annotationHolders(file)) {
      const entries = runbookEntries(holder.source, holder.entries);
      // With a `runbook_url` present the other key is a leftover, not a link under the wrong name.
      if (entries.some(e => e.role.role === 'link' && linkValue(e.entry))) continue;
      for (const { entry, role } of entries) {
        // An empty alternate links nothing: `alert/missing-runbook` reports that alert instead.
        if (role.role === 'link' || !linkValue(entry) || seen.has(entry.keyNode.start)) continue;
        seen.add(entry.keyNode.start);
        const message = role.role === 'unpropagated'
          ? `Pyrra copies only \`pyrra.dev/\`-prefixed annotations onto the alerts it generates, so \`${entry.key}\` never reaches \`${holder.name}\`: rename it to \`${role.renameTo}\``
          : `\`${entry.key}\` is not read as a runbook link: Alertmanager templates, Grafana and paging integrations look for \`${role.renameTo}\`; rename the key (the value stays)`;
        report({
          span: { start: entry.keyNode.start, end: entry.keyNode.end },
          message,
          fixes: [renameKeyFix(entry.keyNode, entry.key, role.renameTo)],
          data: { key: entry.key, renameTo: role.renameTo, alert: holder.name, source: holder.source },
        });
      }
    }
  },
};
