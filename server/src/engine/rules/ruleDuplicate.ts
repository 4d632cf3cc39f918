import type { Rule } from './types';
import { getMap } from '../yaml/ast';
import { mapEntries } from '../model/alerts';
import type { YMap, YScalar } from '../yaml/ast';

/**
 * Two rules in one rule file that produce the same thing. Prometheus evaluates both:
 * - two alerting rules with the same name and the same labels send the same alert twice (and one resolves while the
 *   other fires), which is what `promtool check rules` rejects as a duplicate rule;
 * - two recording rules with the same name, labels and expression write the same series twice in one evaluation
 *   ("duplicate sample for timestamp").
 * Recording rules with the same name but different expressions are deliberately not reported: the kube-prometheus
 * mixins record `code_verb:apiserver_request_total:increase1h` four times over disjoint `code=~` selectors, a
 * false positive promtool's lint check is known for.
 */
export const ruleDuplicate: Rule = {
  id: 'rule/duplicate',
  defaultSeverity: 'warning',
  description: 'the same alerting rule (name and labels) or recording rule (name, labels and expression) twice in one file',
  appliesTo: f => f.model.alerts.some(a => a.source === 'prometheus') || f.model.recordingRules.length > 1,
  check({ file, report }) {
    // Rules by name first: names repeat rarely, so the labels and expression of a rule are only read (and keyed) when
    // another rule of the same name and kind exists in the document.
    interface Seen { node: YMap; nameNode: YScalar; group?: string; expr?: string; key?: string }
    const byName = new Map<string, Seen[]>();
    const keyOf = (kind: 'alert' | 'record', r: Seen) => r.key ??= JSON.stringify([
      mapEntries(getMap(r.node, 'labels')).map(e => [e.key, e.value]).sort(),
      kind === 'record' ? (r.expr ?? '').replace(/\s+/g, ' ').trim() : '',
    ]);
    const visit = (kind: 'alert' | 'record', name: string, nameNode: YScalar | undefined, node: YMap, docIndex: number, group: string | undefined, expr?: string) => {
      if (!nameNode || !name) return;
      const seen: Seen = { node, nameNode, group, expr };
      const nameKey = `${docIndex}\u0000${kind}\u0000${name}`;
      const same = byName.get(nameKey);
      if (!same) { byName.set(nameKey, [seen]); return; }
      const first = same.find(r => keyOf(kind, r) === keyOf(kind, seen));
      if (!first) { same.push(seen); return; }
      // Where the first one is goes into related information, not the message, so the message stays stable when
      // lines above move.
      const where = first.group !== undefined && first.group !== group ? `in group \`${first.group}\`` : 'above';
      const message = kind === 'alert'
        ? `alerting rule \`${name}\` with the same labels is already defined ${where}: both fire, so Alertmanager gets the same alert from two rules that can disagree (promtool rejects this file). Remove one, or tell them apart with a label`
        : `recording rule \`${name}\` with the same labels and expression is already defined ${where}: Prometheus writes the same series twice per evaluation ("duplicate sample"). Remove one`;
      const firstSpan = { start: first.nameNode.start, end: first.nameNode.end };
      report({
        span: { start: nameNode.start, end: nameNode.end }, message, data: { kind, name },
        related: [{ uri: file.uri, span: firstSpan, range: file.lines.range(firstSpan), message: `first \`${name}\` here` }],
      });
    };
    for (const a of file.model.alerts) if (a.source === 'prometheus') visit('alert', a.name, a.nameNode, a.node, a.docIndex, a.group);
    for (const r of file.model.recordingRules) visit('record', r.name, r.nameNode, r.node, r.docIndex, r.group, r.expr?.text);
  },
};
