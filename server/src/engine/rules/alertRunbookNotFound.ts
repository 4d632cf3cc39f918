import { posix } from 'node:path';
import type { Rule, RuleContext } from './types';
import type { Fix } from '../findings';
import type { YScalar } from '../yaml/ast';
import type { AlertModel } from '../model/types';
import { asScalar } from '../yaml/ast';
import { looseName } from '../workspace';
import { annotationHolders, runbookEntries } from '../runbooks/status';
import { resolveLink, type LinkResolution } from '../runbooks/links';
import { createRunbookFix, linkToRunbook, repointFix } from '../fixes/runbookFixes';

/**
 * A runbook link that points into the workspace at nothing: a missing file, a `#anchor` no heading has (GitHub
 * slugs), a YAML file without the Runbook it names, or a `runbooks.urlMappings` URL with no file behind it.
 * Unmapped http(s) links are trusted and never fetched.
 */
export const alertRunbookNotFound: Rule = {
  id: 'alert/runbook-not-found',
  defaultSeverity: 'error',
  description: 'Runbook link into the workspace whose file, heading or Runbook is not there',
  appliesTo: f => f.model.alerts.length > 0 || f.model.objects.some(o => o.kind === 'AlertCondition'),
  check(ctx) {
    const { file, workspace, config } = ctx;
    const seen = new Set<number>();
    for (const holder of annotationHolders(file)) {
      for (const { entry } of runbookEntries(holder.source, holder.entries)) {
        const value = asScalar(entry.valueNode);
        if (!value || value.value === null || seen.has(value.start)) continue;
        seen.add(value.start);
        const alertName = holder.alert?.name ?? holder.name;
        const r = resolveLink(value.text, { from: file.path, alertName, config, view: workspace });
        if (r.kind !== 'missing-file' && r.kind !== 'missing-anchor' && r.kind !== 'no-runbook') continue;
        ctx.report({
          span: { start: value.start, end: value.end },
          message: message(value.text.trim(), r, ctx),
          fixes: fixes(ctx, value, r, alertName, holder.alert),
          data: { link: value.text.trim(), problem: r.kind, path: 'path' in r ? r.path : r.file.path, anchor: 'anchor' in r ? r.anchor : undefined, alert: alertName },
        });
      }
    }
  },
};

function shown(path: string, ctx: RuleContext): string {
  const root = ctx.config.root.replace(/\/+$/, '');
  return root && path.startsWith(root + '/') ? path.slice(root.length + 1) : posix.relative(posix.dirname(ctx.file.path), path) || path;
}

function message(link: string, r: LinkResolution, ctx: RuleContext): string {
  switch (r.kind) {
    case 'missing-file':
      return r.mapping
        ? `\`${link}\` maps to \`${shown(r.path, ctx)}\` (runbooks.urlMappings: \`${r.mapping.prefix}\` → \`${r.mapping.folder}\`), which does not exist: add the runbook there, or fix the URL`
        : `\`${link}\` points to \`${shown(r.path, ctx)}\`, which does not exist: create the runbook there, or fix the path (it is relative to this file's folder)`;
    case 'missing-anchor': {
      const known = r.known.slice(0, 6).map(s => `\`#${s}\``).join(', ');
      return /^L\d/.test(r.anchor)
        ? `\`${shown(r.file.path, ctx)}\` has ${r.file.lines.lineCount} lines, so \`#${r.anchor}\` points past its end`
        : `\`${shown(r.file.path, ctx)}\` has no heading \`#${r.anchor}\` (anchors are GitHub heading slugs: lower case, dashes for spaces)${known ? `; its headings are ${known}${r.known.length > 6 ? ', …' : ''}` : ''}`;
    }
    case 'no-runbook':
      return r.anchor
        ? `\`${shown(r.file.path, ctx)}\` has no Runbook named \`${r.anchor}\` (the part after \`#\` names a Runbook's \`metadata.name\`)`
        : `\`${shown(r.file.path, ctx)}\` contains no Runbook (\`apiVersion: slo-lens.dev/v1\`, \`kind: Runbook\`) to link to`;
    default:
      return '';
  }
}

function fixes(ctx: RuleContext, value: YScalar, r: LinkResolution, alertName: string, alert?: AlertModel): Fix[] {
  const { file, workspace, config } = ctx;
  const out: Fix[] = [];
  const mapped = /^https?:/i.test(value.text.trim());
  const links = new Set<string>([value.text.trim()]);
  const add = (link: string, title: string) => { if (!links.has(link)) { links.add(link); out.push(repointFix(value, link, title, out.length === 0)); } };
  if (r.kind === 'missing-anchor') {
    const wanted = new Set([looseName(r.anchor), looseName(alertName), looseName(`alert-name-${alertName}`)]);
    const heading = r.file.model.headings.find(h => wanted.has(looseName(h.slug)));
    const base = value.text.trim().replace(/#.*$/, '');
    if (heading) add(`${base}#${heading.slug}`, `Change the anchor to #${heading.slug}`);
  }
  // A runbook for this alert elsewhere in the workspace: point the link at it.
  for (const rb of [...workspace.runbooksFor(alertName), ...workspace.runbooksLike(alertName)]) {
    const link = linkToRunbook(file.path, rb, config, mapped);
    add(link, `Point the link at ${link}`);
  }
  if (r.kind === 'missing-file' && alert && /\.(md|markdown)$/i.test(r.path)) {
    out.push({ ...createRunbookFix(file, alert, r.path, [], `Create ${shown(r.path, ctx)} from the runbook template`), isPreferred: out.length === 0 });
  }
  return out;
}
