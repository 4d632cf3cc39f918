import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSource } from '../../server/src/engine/source';
import { cursorContext } from '../../server/src/engine/intel/cursor';

/** `@@` marks the cursor. */
function ctx(withCursor: string) {
  const offset = withCursor.indexOf('@@');
  const text = withCursor.replace('@@', '');
  const file = loadSource('file:///w/a.yaml', '/w/a.yaml', text, 1);
  return cursorContext(file, offset);
}

test('key on an empty line inside a mapping', () => {
  const c = ctx('apiVersion: openslo/v1\nkind: SLO\nspec:\n  @@\n');
  assert.equal(c?.mode, 'key');
  assert.deepEqual(c?.path, ['spec']);
  assert.equal(c?.prefix, '');
});

test('key being typed, siblings above and below are known', () => {
  const c = ctx('spec:\n  service: x\n  bud@@\n  objectives: []\n');
  assert.equal(c?.mode, 'key');
  assert.deepEqual(c?.path, ['spec']);
  assert.equal(c?.prefix, 'bud');
  assert.deepEqual([...c!.siblings].sort(), ['objectives', 'service']);
});

test('root-level key', () => {
  const c = ctx('apiVersion: openslo/v1\nki@@');
  assert.deepEqual(c?.path, []);
  assert.equal(c?.mode, 'key');
  assert.ok(c?.siblings.has('apiVersion'));
});

test('value after key', () => {
  const c = ctx('spec:\n  budgetingMethod: Occ@@\n');
  assert.equal(c?.mode, 'value');
  assert.deepEqual(c?.path, ['spec', 'budgetingMethod']);
  assert.equal(c?.prefix, 'Occ');
});

test('quoted value keeps its quote', () => {
  const c = ctx('spec:\n  budgetingMethod: "Ti@@"\n');
  assert.equal(c?.quote, '"');
  assert.equal(c?.prefix, 'Ti');
});

test('nested sequences with non-indented items', () => {
  const text = 'groups:\n- name: a\n  rules:\n  - alert: A\n    expr: up\n  - alert: B\n    ann@@\n';
  const c = ctx(text);
  assert.equal(c?.mode, 'key');
  assert.deepEqual(c?.path, ['groups', 0, 'rules', 1]);
  assert.ok(c?.siblings.has('alert'));
  assert.ok(!c?.siblings.has('expr'), 'a key of the previous item is not a sibling');
});

test('indented sequences', () => {
  const c = ctx('groups:\n  - name: a\n    rules:\n      - alert: A\n      - alert: B\n        labels:\n          sev@@');
  assert.deepEqual(c?.path, ['groups', 0, 'rules', 1, 'labels']);
});

test('a new sequence item', () => {
  const c = ctx('groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n      - @@');
  assert.equal(c?.mode, 'item');
  assert.deepEqual(c?.path, ['groups', 0, 'rules', 1]);
  assert.equal(c?.siblings.size, 0);
});

test('value of a key on a dash line', () => {
  const c = ctx('spec:\n  alerts:\n    - Check@@\n');
  assert.equal(c?.mode, 'item');
  assert.deepEqual(c?.path, ['spec', 'alerts', 0]);
  assert.equal(c?.prefix, 'Check');
});

test('flow list item', () => {
  const c = ctx('spec:\n  alerts: [CheckoutDown, Ch@@\n');
  assert.equal(c?.mode, 'item');
  assert.deepEqual(c?.path, ['spec', 'alerts', 1]);
  assert.equal(c?.prefix, 'Ch');
  assert.equal(c?.flow, true);
});

test('inside a block scalar: nothing', () => {
  assert.equal(ctx('groups:\n- name: a\n  rules:\n  - alert: A\n    expr: |\n      sum(x)\n      @@\n'), null);
});

test('inside a comment: nothing', () => {
  assert.equal(ctx('spec:\n  # a comm@@\n'), null);
  assert.equal(ctx('spec:\n  service: x # a comm@@\n'), null);
});

test('text that does not parse still gives a path', () => {
  const c = ctx('apiVersion: openslo/v1\nkind: SLO\nspec:\n  service: [unclosed\n  timeWindow:\n    - dur@@\n  objectives:\n    - target: 0.99\n');
  assert.equal(c?.mode, 'item');
  assert.deepEqual(c?.path, ['spec', 'timeWindow', 0]);
});

test('second document of a stream', () => {
  const c = ctx('groups: []\n---\napiVersion: slo-lens.dev/v1\nkind: Runbook\nspec:\n  me@@\n');
  assert.deepEqual(c?.path, ['spec']);
  assert.ok(c!.doc.start > 0);
});

test('a url value with an anchor', () => {
  const c = ctx('    annotations:\n      runbook_url: ../runbooks/checkout.md#hi@@\n');
  assert.equal(c?.mode, 'value');
  assert.equal(c?.prefix, '../runbooks/checkout.md#hi');
  assert.deepEqual(c?.path, ['annotations', 'runbook_url']);
});

test('mapping item opened by a bare dash', () => {
  const c = ctx('objectives:\n  -\n    tar@@\n');
  assert.deepEqual(c?.path, ['objectives', 0]);
});
