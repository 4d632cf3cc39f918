import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../server/src/engine/engine';
import { loadSource, type SourceFile } from '../../server/src/engine/source';
import { resolveConfig } from '../../server/src/engine/config';
import { CORPUS_DIR } from '../harness/corpus';

/**
 * The schema rules on the whole real-world corpus (../shared/corpus: 29 rule files, 25 SLO files), read in place.
 * Files the real tools accept must get no schema finding. The intentionally broken ones (corpus SOURCES.md, and
 * reference/slo-formats.md §8 for the slogen samples) get exactly the findings below. pint's and promtool's negative
 * fixtures are broken in ways that are not shape (duplicate rules, template variables), so they get none.
 */

const CORPUS = CORPUS_DIR;

/** file → `line rule: message fragment` for every expected schema finding (lines 1-based). */
const EXPECTED: Record<string, string[]> = {
  // §8: two conditions (one allowed), no `op`, `lookbackWindow: -1h`, names that are not RFC 1123 labels.
  'slo/openslo-v1/OpenSLO__slogen__samples__sumologic__v1__alert-policy__burn-rate.yaml': [
    '4 schema/pattern: `name: High-Burn-Rate` is not valid: expected an RFC 1123 DNS label',
    '13 schema/pattern: `name: High-Burn-Rate`',
    '18 schema/required: missing `op` in `condition`',
    '21 schema/pattern: `lookbackWindow: -1h` is not valid: expected an OpenSLO duration',
    '23 schema/length: `conditions` takes exactly 1 item, found 2; remove this one',
    '25 schema/pattern: `name: High-Burn-Rate`',
    '30 schema/required: missing `op` in `condition`',
    '33 schema/pattern: `lookbackWindow: -1h`',
    '36 schema/pattern: `targetRef: DevOpsMail`',
    '37 schema/pattern: `targetRef: DevOpsSlack`',
  ],
  // §8: non-RFC 1123 name, `duration: Week`, `startTime: Monday`, alert policies as bare names (the old POC shape).
  'slo/openslo-v1/OpenSLO__slogen__samples__sumologic__v1__logs-req-calendar.yaml': [
    '4 schema/pattern: `name: drift_gen_Calendar` is not valid',
    '36 schema/pattern: `duration: Week` is not valid: expected an OpenSLO duration',
    '39 schema/pattern: `startTime: Monday` is not valid: expected a date and time written `YYYY-MM-DD HH:MM:SS`',
    '45 schema/type: item 1 of `alertPolicies` must be a mapping: `alertPolicyRef: <name>` or an inline `kind: AlertPolicy`, not the string `High-Burn-Rate`',
    '46 schema/type: item 2 of `alertPolicies` must be a mapping',
  ],
  // oslo's intentionally invalid v1alpha input: a service name with a space; a Timeslices SLO without timeSliceTarget.
  'slo/openslo-v1alpha/OpenSLO__oslo__test__inputs__validate__v1alpha.yaml': [
    '4 schema/pattern: `name: my-rad service` is not valid: expected an RFC 1123 DNS label',
    '22 schema/required: missing `timeSliceTarget` in an objective: `budgetingMethod: Timeslices` needs `timeSliceTarget` on every objective',
  ],
};

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap(n => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : /\.ya?ml$/.test(n) ? [p] : [];
  });
}

test('schema findings on the corpus: none on valid files, exactly the known ones on the broken files', () => {
  const files = walk(CORPUS);
  assert.equal(files.length, 54, 'the corpus has 54 YAML files');
  const engine = new Engine(resolveConfig(CORPUS), [CORPUS]);
  const sources: SourceFile[] = files.map((f, i) => loadSource('file://' + f, f, readFileSync(f, 'utf8'), i + 1));
  for (const s of sources) engine.update(s);
  const actual: Record<string, string[]> = {};
  for (const s of sources) {
    const rel = path.relative(CORPUS, s.path).split(path.sep).join('/');
    assert.ok(s.docs.some(d => d.detected), `${rel}: no document detected, so nothing was validated`);
    const found = engine.findings(s.uri).filter(f => f.rule.startsWith('schema/') || f.rule === 'internal/rule-error');
    if (found.length) actual[rel] = found.map(f => `${s.lines.range(f.span).start.line + 1} ${f.rule}: ${f.message}`);
  }
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(EXPECTED).sort(), 'files with schema findings');
  for (const [file, expected] of Object.entries(EXPECTED)) {
    const got = [...actual[file]].sort((a, b) => parseInt(a) - parseInt(b));
    assert.equal(got.length, expected.length, `${file}:\n${got.join('\n')}`);
    expected.forEach((e, i) => {
      const [where, fragment] = [e.slice(0, e.indexOf(':')), e.slice(e.indexOf(':') + 2)];
      assert.ok(got[i].startsWith(where + ':') && got[i].includes(fragment), `${file}: expected "${e}", got "${got[i]}"`);
    });
  }
});
