import type { Rule } from './types';
import type { AlertModel, AnnotationEntry, RunbookModel } from '../model/types';
import type { Located } from '../workspace';
import type { Span } from '../text';
import { alertRunbook, alertSeverities } from '../runbooks/status';
import { linkKeyFor } from '../runbooks/keys';
import { missingRunbookFixes, newRunbookLink } from '../fixes/runbookFixes';

/**
 * An alert with no runbook: no `runbook_url` (or an alternate key), no Runbook listing it, no Markdown runbook
 * named after it. Covers rule-file alerts and the alerts SLO tools generate (Sloth, Pyrra, OpenSLO). Paging
 * alerts (severity in `alerts.criticalSeverities`, default `critical` and `page`) are errors: someone is woken up
 * and needs the runbook most.
 */
export const alertMissingRunbook: Rule = {
  id: 'alert/missing-runbook',
  defaultSeverity: 'warning',
  description: 'Alert without a runbook (error when its severity pages someone)',
  appliesTo: f => f.model.alerts.length > 0,
  check({ file, workspace, config, report }) {
    // Alerts generated from one definition (Sloth page + ticket, Pyrra tiers) share a name node: one finding for them.
    const groups = new Map<number, { span: Span; alerts: AlertModel[]; emptyLink?: AnnotationEntry; documentation?: AnnotationEntry; similar: Located<RunbookModel>[] }>();
    for (const alert of file.model.alerts) {
      const status = alertRunbook(alert, file, workspace);
      if (status.has) continue;
      const g = groups.get(alert.span.start) ?? { span: alert.span, alerts: [], similar: [] };
      g.alerts.push(alert);
      g.emptyLink ??= status.emptyLink;
      g.documentation ??= status.documentation;
      for (const s of status.similar) if (!g.similar.some(x => x.file.uri === s.file.uri && x.item === s.item)) g.similar.push(s);
      groups.set(alert.span.start, g);
    }
    const critical = new Set(config.criticalSeverities.map(s => s.toLowerCase()));
    for (const g of groups.values()) {
      const first = g.alerts[0];
      const severities = [...new Set(g.alerts.flatMap(a => alertSeverities(a, file, workspace)))];
      const paging = severities.find(s => critical.has(s.toLowerCase()));
      report({
        span: g.span,
        severity: paging ? 'error' : 'warning',
        message: message(g.alerts, paging, newRunbookLink(first, config), g.emptyLink, g.documentation, g.similar),
        // Built when asked for (code actions), not on every check: a template runbook per alert costs ~12 ms per keystroke on 13k lines.
        get fixes() { return missingRunbookFixes(file, first, config, workspace, g.similar, g.documentation); },
        data: { alerts: [...new Set(g.alerts.map(a => a.name))], source: first.source, severity: paging ?? severities[0], key: linkKeyFor(first.source) },
      });
    }
  },
};

function describe(alerts: AlertModel[]): string {
  const first = alerts[0];
  const names = [...new Set(alerts.map(a => `\`${a.name}\``))].join(' and ');
  switch (first.source) {
    case 'sloth': {
      const tiers = alerts.map(a => a.variant).filter(Boolean);
      return `Sloth alert ${names} (${tiers.length > 1 ? 'page and ticket alerts' : `${tiers[0]} alert`}${first.sloName ? ` of SLO \`${first.sloName}\`` : ''})`;
    }
    case 'pyrra': return `Pyrra alert${alerts.length > 1 && names.includes(' and ') ? 's' : ''} ${names}${first.sloName ? ` of SLO \`${first.sloName}\`` : ''}`;
    case 'openslo': return `OpenSLO alert policy ${names}`;
    default: return `Alert ${names}`;
  }
}

function where(alert: AlertModel): string {
  switch (alert.source) {
    case 'sloth': return 'under `alerting.annotations`';
    case 'pyrra': return 'under `metadata.annotations` (Pyrra copies `pyrra.dev/` annotations onto its alerts)';
    case 'openslo': return 'under `metadata.annotations`';
    default: return 'to its `annotations`';
  }
}

function message(alerts: AlertModel[], paging: string | undefined, example: string, emptyLink?: AnnotationEntry, documentation?: AnnotationEntry, similar: Located<RunbookModel>[] = []): string {
  const first = alerts[0];
  const key = linkKeyFor(first.source);
  const subject = describe(alerts);
  const has = subject.startsWith('Pyrra alerts ') ? 'have' : 'has';
  // Pyrra names every SLO's alerts alike (`ErrorBudgetBurn`), so listing the name in a Runbook is no advice there.
  const orList = first.source === 'pyrra' ? '' : `, or list \`${first.name}\` in a Runbook's \`spec.alerts\``;
  const what = emptyLink
    ? `${subject} ${has} an empty \`${emptyLink.key}\`, so no runbook: set it to the path or URL of its runbook (e.g. \`${example}\`)`
    : `${subject} ${has} no runbook: add \`${key}\` ${where(first)} with the path or URL of its runbook (e.g. \`${example}\`)${orList}`;
  const hints = [
    similar.length ? `\`${similar[0].file.path.split('/').pop()}\` looks like its runbook` : '',
    documentation ? `if \`${documentation.key}\` links the runbook, rename it to \`${key}\`` : '',
    paging ? `severity \`${paging}\` pages someone, who needs the runbook most` : '',
  ].filter(Boolean);
  return hints.length ? `${what}. ${hints.map(h => h[0].toUpperCase() + h.slice(1)).join('. ')}.` : `${what}.`;
}
