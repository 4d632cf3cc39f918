import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSource } from '../../server/src/engine/source';
import { asMap, getMap, getSeq, pairOf, asScalar, type YMap } from '../../server/src/engine/yaml/ast';
import { setNestedEntry, renameKey, yamlScalar } from '../../server/src/engine/fixes/yamlEdit';
import type { TextEdit } from '../../server/src/engine/findings';
import { toValue } from '../../server/src/engine/yaml/value';

/** The YAML edit helpers quick fixes are built on: they add lines or replace one token, and keep everything else. */

function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

/** The first alert rule's map in a `groups:` file. */
function firstRule(text: string) {
  const f = loadSource('file:///t.yaml', '/t.yaml', text, 1);
  const rule = asMap(getSeq(asMap(getSeq(f.docs[0].detected!.root, 'groups')!.items[0]), 'rules')!.items[0])!;
  return { f, rule };
}

function addRunbook(text: string, value = 'runbooks/X.md'): string {
  const { f, rule } = firstRule(text);
  const edit = setNestedEntry(f, rule, 'annotations', 'runbook_url', value);
  assert.ok(edit, 'an edit');
  const out = applyEdits(text, [edit]);
  const again = loadSource('file:///t.yaml', '/t.yaml', out, 2);
  assert.deepEqual(again.yaml?.problems, [], `valid YAML:\n${out}`);
  const value2 = toValue(again.docs[0].doc.root, 1000) as { groups: { rules: { annotations: Record<string, string> }[] }[] };
  assert.equal(value2.groups[0].rules[0].annotations.runbook_url, value);
  return out;
}

test('inserts into an existing block mapping at its indentation, after a trailing comment and a block scalar', () => {
  const text = 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        annotations:\n          summary: x   # keep me\n          description: |\n            line one\n            line two\n\n      # next rule\n      - alert: B\n        expr: up == 0\n';
  assert.equal(addRunbook(text), text.replace('            line two\n', '            line two\n          runbook_url: runbooks/X.md\n'));
});

test('creates `annotations:` with the document\'s indentation step (4 spaces here)', () => {
  const text = 'groups:\n    - name: g\n      rules:\n        - alert: A\n          expr: up == 0\n          labels:\n              severity: critical\n';
  // The labels map is indented by 4 under its key: the new map follows that.
  assert.equal(addRunbook(text), text + '          annotations:\n              runbook_url: runbooks/X.md\n');
});

test('flow mappings get a flow entry; `{}` is filled; an empty `annotations:` gets a block under it', () => {
  assert.match(addRunbook('groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        annotations: {summary: x}\n'), /annotations: \{summary: x, runbook_url: runbooks\/X\.md\}/);
  assert.match(addRunbook('groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        annotations: {}\n'), /annotations: \{runbook_url: runbooks\/X\.md\}/);
  assert.match(addRunbook('groups:\n  - name: g\n    rules:\n      - alert: A\n        annotations:   # none yet\n        expr: up == 0\n'), /annotations: {3}# none yet\n {10}runbook_url: runbooks\/X\.md\n {8}expr/);
  assert.match(addRunbook('groups:\n  - name: g\n    rules:\n      - {alert: A, expr: up == 0}\n'), /- \{alert: A, expr: up == 0, annotations: \{runbook_url: runbooks\/X\.md\}\}/);
});

test('fills an empty runbook_url in place, keeping its quotes', () => {
  assert.match(addRunbook('groups:\n  - name: g\n    rules:\n      - alert: A\n        annotations:\n          runbook_url: ""\n          summary: x\n'), /runbook_url: "runbooks\/X\.md"\n {10}summary: x/);
  assert.match(addRunbook('groups:\n  - name: g\n    rules:\n      - alert: A\n        annotations:\n          runbook_url:\n'), /runbook_url: runbooks\/X\.md\n$/);
});

test('keeps CRLF line breaks and works without a final newline', () => {
  const crlf = 'groups:\r\n  - name: g\r\n    rules:\r\n      - alert: A\r\n        annotations:\r\n          summary: x\r\n';
  assert.equal(addRunbook(crlf), crlf.replace('summary: x\r\n', 'summary: x\r\n          runbook_url: runbooks/X.md\r\n'));
  const noEol = 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0';
  assert.equal(addRunbook(noEol), noEol + '\n        annotations:\n          runbook_url: runbooks/X.md');
});

test('matches the quoting of neighbouring values, and quotes what plain YAML cannot hold', () => {
  assert.match(addRunbook("groups:\n  - name: g\n    rules:\n      - alert: A\n        annotations:\n          summary: 'x'\n"), /runbook_url: 'runbooks\/X\.md'/);
  assert.match(addRunbook('groups:\n  - name: g\n    rules:\n      - alert: A\n        annotations:\n          summary: x\n', 'run books/a: b.md'), /runbook_url: "run books\/a: b\.md"/);
  assert.equal(yamlScalar('https://runbooks.example.com/a#b'), 'https://runbooks.example.com/a#b');
  assert.equal(yamlScalar('true'), '"true"');
  assert.equal(yamlScalar('{x}'), '"{x}"');
});

test('renameKey replaces only the key text, inside quotes', () => {
  const text = 'a:\n  "runbook": https://x  # link\n';
  const f = loadSource('file:///t.yaml', '/t.yaml', text, 1);
  const map = getMap(asMap(f.docs[0].doc.root), "a") as YMap;
  const key = asScalar(pairOf(map, 'runbook')!.key)!;
  assert.equal(applyEdits(text, [renameKey(key, 'runbook_url')]), 'a:\n  "runbook_url": https://x  # link\n');
});
