import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { schemaFor, subschemaAt, type JsonSchema } from '../../server/src/engine/schema/index';

/** The API hover and completion build on: raw schemas per format/kind, and the candidate subschemas at a path. */

const keysAt = (list: JsonSchema[]) => new Set(list.flatMap(s => Object.keys(s.properties ?? {})));
const firstDescription = (list: JsonSchema[]) => list.find(s => s.description)?.description;

test('schemaFor returns the schema file as written, per format and kind', () => {
  const file = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'schemas', 'openslo-v1.slo.schema.json'), 'utf8'));
  assert.deepEqual(schemaFor('openslo-v1', 'SLO'), file);
  assert.equal(schemaFor('prometheus-rules')?.$id, 'prometheus-rules.schema.json');
  assert.equal(schemaFor('sloth-v1')?.$id, 'sloth-v1.schema.json');
  assert.equal(schemaFor('openslo-unknown', 'SLO'), undefined);
});

test('schemaFor gives an envelope listing the kinds when the kind is missing or unknown', () => {
  const env = schemaFor('openslo-v1', 'Nope')!;
  const kind = env.properties!.kind as JsonSchema;
  assert.deepEqual(kind.enum, ['SLO', 'SLI', 'Service', 'DataSource', 'AlertPolicy', 'AlertCondition', 'AlertNotificationTarget']);
  assert.ok((subschemaAt('openslo-v2alpha', undefined, ['kind'])[0]).enum?.includes('BudgetAdjustment'), 'v2alpha adds BudgetAdjustment');
});

test('subschemaAt follows properties, items and $refs across files', () => {
  const rule = subschemaAt('prometheus-rules', undefined, ['groups', 3, 'rules', 0]);
  assert.ok(['alert', 'record', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations'].every(k => keysAt(rule).has(k)));
  assert.match(firstDescription(subschemaAt('prometheus-rules', undefined, ['groups', 0, 'rules', 0, 'keep_firing_for']))!, /keeps firing/);
  // `for` is a $ref into common.schema.json; the use site's description comes first.
  const forKey = subschemaAt('prometheus-rules', undefined, ['groups', 0, 'rules', 0, 'for']);
  assert.match(firstDescription(forKey)!, /pending/);
  assert.ok(forKey.some(s => s.pattern && s['x-expected']), 'the duration definition is among the candidates');
  assert.match(firstDescription(subschemaAt('openslo-v1', 'SLO', ['spec', 'objectives', 0, 'target']))!, /fraction/);
  assert.ok(subschemaAt('openslo-v1', 'SLO', ['metadata', 'name']).some(s => s.pattern === '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'));
});

test('subschemaAt flattens allOf, oneOf and if/then/else members', () => {
  // The CRD rule is `allOf: [$ref plain rule, {string label maps}]`: both contribute.
  const crdRule = subschemaAt('prometheus-rule-crd', 'PrometheusRule', ['spec', 'groups', 0, 'rules', 0]);
  assert.ok(keysAt(crdRule).has('keep_firing_for'));
  assert.ok(crdRule.some(s => s.oneOf), 'the record/alert choice is a candidate');
  assert.ok(crdRule.some(s => s.properties?.for === false), 'the recording-rule restriction (then branch) is a candidate');
  // Inline and reference forms of an alert policy item are one schema with both keys.
  assert.ok(['alertPolicyRef', 'kind', 'metadata', 'spec'].every(k => keysAt(subschemaAt('openslo-v1', 'SLO', ['spec', 'alertPolicies', 0])).has(k)));
  // `objectives` items pick up the Timeslices requirement from the spec's if/then.
  assert.ok(subschemaAt('openslo-v1', 'SLO', ['spec', 'objectives', 0]).some(s => s.required?.includes('timeSliceTarget')));
});

test('subschemaAt: enum values with descriptions, additionalProperties, and nothing for free-form maps', () => {
  const method = subschemaAt('openslo-v1', 'SLO', ['spec', 'budgetingMethod']);
  const withEnum = method.find(s => s.enum)!;
  assert.deepEqual(withEnum.enum, ['Occurrences', 'Timeslices', 'RatioTimeslices']);
  assert.equal(withEnum.enumDescriptions?.length, 3);
  assert.ok(subschemaAt('prometheus-rules', undefined, ['groups', 0, 'rules', 0, 'labels', 'severity']).length > 0);
  assert.deepEqual(subschemaAt('slo-generator', 'ServiceLevelObjective', ['spec', 'service_level_indicator', 'filter_good']), []);
  assert.deepEqual(subschemaAt('prometheus-rules', undefined, ['nope', 'deeper']), []);
  assert.deepEqual(subschemaAt('sloth-v1', undefined, ['slos', 0, 'sli', 'events', 'error_query'])[0].type, 'string');
});
