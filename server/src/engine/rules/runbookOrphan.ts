import type { Rule } from './types';
import { isAlertLikeName } from '../model/runbooks';

/**
 * A runbook for an alert that nothing in the workspace defines: no rule file, and no Sloth, Pyrra or OpenSLO
 * alerting. Usually the alert was renamed or deleted and the runbook was left behind. Info, because rules may
 * live in another repository; turn it off there.
 *
 * A YAML Runbook lists its alerts, so each entry is checked. A Markdown runbook is only named by its file name
 * and heading, so it is checked when one of those is an alert-like name (CamelCase), and is an orphan when none
 * of its names is defined.
 */
export const runbookOrphan: Rule = {
  id: 'runbook/orphan',
  defaultSeverity: 'info',
  description: 'Runbook for an alert that no rule file or SLO alerting in the workspace defines',
  appliesTo: f => f.model.runbooks.length > 0,
  check({ file, workspace, report }) {
    for (const rb of file.model.runbooks) {
      if (rb.kind === 'yaml') {
        for (const a of rb.alerts) {
          if (workspace.alerts(a.name).length) continue;
          report({
            span: a.span,
            message: `Runbook \`${rb.name}\` lists alert \`${a.name}\`, which no rule file or SLO alerting in the workspace defines: fix the name, or remove it if the alert is gone`,
            data: { runbook: rb.name, alert: a.name },
          });
        }
        continue;
      }
      const names = rb.alerts.filter(a => isAlertLikeName(a.name));
      if (!names.length || names.some(a => workspace.alerts(a.name).length)) continue;
      const listed = [...new Set(names.map(a => `\`${a.name}\``))].join(' or ');
      report({
        span: rb.span,
        message: `This runbook is for alert ${listed}, which no rule file or SLO alerting in the workspace defines: rename it after the alert it serves, or delete it if the alert is gone`,
        data: { runbook: rb.name, alerts: names.map(a => a.name) },
      });
    }
  },
};
