import type { Span } from '../text';
import type { SourceFile } from '../source';
import { asMap, asScalar, asSeq, type YNode, type YScalar } from '../yaml/ast';
import type { IntelEnv } from './hover';
import { resolveLink } from './runbookLinks';
import { mayHoldRunbookLink } from '../runbooks/keys';
import { linkLocation } from './navigation';

/**
 * Clickable runbook links: a `runbook_url` (or `runbook`, `playbook`, `sop_url`, `pyrra.dev/runbook_url`) value that
 * resolves to a runbook in the workspace opens it at its heading; an http(s) URL outside the workspace opens as-is.
 * A link whose file or heading is missing gets no link (`alert/runbook-not-found` reports it instead).
 */

export interface IntelLink {
  span: Span;
  /** A workspace file and the offset to open it at, or an outside URL. */
  target: { file: SourceFile; offset: number } | { url: string };
  tooltip: string;
}

export function documentLinks(file: SourceFile, env: IntelEnv): IntelLink[] {
  if (file.language !== 'yaml') return [];
  const out: IntelLink[] = [];
  for (const info of file.docs) {
    if (!info.detected || !info.doc.root) continue;
    visit(info.doc.root, 0, (value) => {
      const t = resolveLink(value.text, file, env.workspace, env.config);
      if (!t) return;
      const span = { start: value.valueStart, end: value.valueEnd };
      if (t.kind === 'external') {
        if (/^https?:\/\//i.test(t.url)) out.push({ span, target: { url: t.url }, tooltip: 'Open runbook' });
        return;
      }
      const loc = linkLocation(file, value.text, env);
      if (!loc) return;
      const name = t.heading ? `${loc.file.path.split('/').pop()}#${t.heading.slug}` : loc.file.path.split('/').pop();
      out.push({ span, target: { file: loc.file, offset: loc.span.start }, tooltip: `Open runbook ${name}` });
    });
  }
  return out;
}

function visit(node: YNode, depth: number, onLink: (value: YScalar) => void): void {
  if (depth > 64) return;
  const map = node.kind === 'map' ? asMap(node) : null;
  if (map) {
    for (const p of map.pairs) {
      const k = asScalar(p.key);
      if (k && mayHoldRunbookLink(k.text)) {
        const v = p.value.kind === 'scalar' ? p.value : null;
        if (v && v.text) onLink(v);
        continue;
      }
      if (p.value.kind === 'map' || p.value.kind === 'seq') visit(p.value, depth + 1, onLink);
    }
    return;
  }
  const seq = node.kind === 'seq' ? asSeq(node) : null;
  for (const item of seq?.items ?? []) if (item.kind === 'map' || item.kind === 'seq') visit(item, depth + 1, onLink);
}
