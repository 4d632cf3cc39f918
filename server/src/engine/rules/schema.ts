import type { Rule } from './types';
import type { Fix } from '../findings';
import { SCHEMA_RULE_IDS, validateDocument } from '../schema/index';

/**
 * `schema/<keyword>`: each document against the JSON Schema of its format and kind (schemas/). Strict where the
 * real tool is strict (OpenSLO, promtool, Pyrra, Kubernetes): an unknown key is an error; lenient where the tool
 * ignores unknown keys (Sloth, slo-generator): a warning, because the key silently has no effect. Only the shape is
 * checked here: target plausibility, PromQL and references belong to the `slo/*` and `promql/*` rules.
 */
export const schemaRule: Rule = {
  id: 'schema',
  defaultSeverity: 'error',
  description: 'document does not match the schema of its format (missing or unknown keys, wrong types or values)',
  ids: [...SCHEMA_RULE_IDS],
  appliesTo: f => f.language === 'yaml' && f.docs.length > 0,
  check({ file, report }) {
    for (const info of file.docs) {
      // `detected.root` is the object: the document, or one item of a top-level OpenSLO list.
      const d = info.detected;
      if (!d) continue;
      for (const i of validateDocument(d.root, d.format, d.kind, { text: file.text }) ?? []) {
        const fixes: Fix[] | undefined = i.edits ? [{ title: i.fixTitle ?? 'Fix', edits: i.edits, isPreferred: true }] : undefined;
        report({ span: i.span, message: i.message, rule: i.rule, severity: i.severity, fixes, data: { ...i.data, path: i.path } });
      }
    }
  },
};
