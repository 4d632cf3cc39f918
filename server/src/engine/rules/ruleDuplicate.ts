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
    const seen = new Map<string, { node: YScalar; group?: string }>();
    const labelsKey = (node: YMap) => JSON.stringify(mapEntries(getMap(node, 'labels')).map(e => [e.key, e.value]).sort());
    const visit = (kind: 'alert' | 'record', name: string, nameNode: YScalar | undefined, node: YMap, docIndex: number, group: string | undefined, expr?: string) => {
      if (!nameNode || !name) return;
      const exprKey = kind === 'record' ? (expr ?? '').replace(/\s+/g, ' ').trim() : '';
      const key = JSON.stringify([docIndex, kind, name, labelsKey(node), exprKey]);
      const first = seen.get(key);
      if (!first) { seen.set(key, { node: nameNode, group }); return; }
      // Where the first one is goes into related information, not the message, so the message stays stable when
      // lines above move.
      const where = first.group !== undefined && first.group !== group ? `in group \`${first.group}\`` : 'above';
      const message = kind === 'alert'
        ? `alerting rule \`${name}\` with the same labels is already defined ${where}: both fire, so Alertmanager gets the same alert from two rules that can disagree (promtool rejects this file). Remove one, or tell them apart with a label`
        : `recording rule \`${name}\` with the same labels and expression is already defined ${where}: Prometheus writes the same series twice per evaluation ("duplicate sample"). Remove one`;
      const firstSpan = { start: first.node.start, end: first.node.end };
      report({
        span: { start: nameNode.start, end: nameNode.end }, message, data: { kind, name },
        related: [{ uri: file.uri, span: firstSpan, range: file.lines.range(firstSpan), message: `first \`${name}\` here` }],
      });
    };
    for (const a of file.model.alerts) if (a.source === 'prometheus') visit('alert', a.name, a.nameNode, a.node, a.docIndex, a.group);
    for (const r of file.model.recordingRules) visit('record', r.name, r.nameNode, r.node, r.docIndex, r.group, r.expr?.text);
  },
};
