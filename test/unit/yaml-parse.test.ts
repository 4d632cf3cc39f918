import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml, resolve, splitDocuments } from '../../server/src/engine/yaml/parse';
import { asMap, asScalar, get, nodeAtPath, pathAtOffset } from '../../server/src/engine/yaml/ast';
import { toValue, ExpansionLimit } from '../../server/src/engine/yaml/value';

test('scalars resolve with the YAML 1.2 core schema', () => {
  assert.equal(resolve('99.9', 'plain'), 99.9);
  assert.equal(resolve('0x1f', 'plain'), 31);
  assert.equal(resolve('true', 'plain'), true);
  assert.equal(resolve('yes', 'plain'), 'yes');
  assert.equal(resolve('~', 'plain'), null);
  assert.equal(resolve('99.9', 'double'), '99.9');
  assert.equal(resolve('1e309', 'plain'), Infinity);
  assert.ok(Number.isNaN(resolve('.nan', 'plain') as number));
  assert.equal(resolve('30d', 'plain'), '30d');
});

test('every node carries its exact source span, also quoted and block scalars', () => {
  const text = 'a: "x"\nb: |\n  line1\n  line2\nc:\n  - 1\n  - {d: e}\n';
  const root = parseYaml(text).docs[0].root;
  const a = asScalar(get(asMap(root), 'a'))!;
  assert.equal(text.slice(a.start, a.end), '"x"');
  const b = asScalar(get(asMap(root), 'b'))!;
  assert.equal(text.slice(b.start, b.start + 1), '|');
  assert.equal(b.text, 'line1\nline2\n');
  const d = nodeAtPath(root, ['c', 1, 'd'])!;
  assert.equal(text.slice(d.start, d.end), 'e');
});

test('an empty value sits right after its key, not at offset 0', () => {
  const text = 'spec:\n  service:\n  name: x\n';
  const root = parseYaml(text).docs[0].root;
  const svc = nodeAtPath(root, ['spec', 'service'])!;
  assert.equal(svc.start, text.indexOf('service:') + 'service:'.length);
});

test('duplicate keys are problems at the second key', () => {
  const text = 'a: 1\nb: 2\na: 3\n';
  const r = parseYaml(text);
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0].kind, 'duplicate-key');
  assert.equal(r.problems[0].span.start, text.lastIndexOf('a:'));
});

test('a broken document does not hide the others in a stream', () => {
  const text = 'a: 1\n---\nb: [\n---\nc: 3\n';
  const r = parseYaml(text);
  assert.equal(r.problems.length, 1);
  assert.deepEqual(r.docs.map(d => toValue(d.root)), [{ a: 1 }, { c: 3 }]);
  assert.equal(splitDocuments(text).length, 3);
});

test('aliases resolve and merge keys apply; an alias bomb hits the budget', () => {
  const r = parseYaml('base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\n');
  assert.deepEqual(toValue(r.docs[0].root), { base: { x: 1, y: 2 }, use: { x: 1, y: 3 } });
  const bombOf = (levels: number) => {
    let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < levels; i++) text += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    return text;
  };
  // 10^5 values: within the parse-time budget, so only toValue's own budget stops it.
  const small = parseYaml(bombOf(5));
  assert.equal(small.problems.length, 0);
  assert.throws(() => toValue(small.docs[0].root, 10_000), ExpansionLimit);
  // 10^9 values: the parser counts the expansion without doing it, reports a limit and drops the document's tree.
  const big = parseYaml(bombOf(9));
  assert.equal(big.problems[0]?.kind, 'limit');
  assert.match(big.problems[0].message, /alias bomb/);
  assert.equal(big.docs[0].root, null);
});

test('deep nesting is a limit problem, not a crash', () => {
  const text = '['.repeat(5000) + ']'.repeat(5000);
  const r = parseYaml(text);
  assert.equal(r.problems[0]?.kind, 'limit');
});

test('pathAtOffset finds the key and value under the cursor', () => {
  const text = 'groups:\n  - name: api\n    rules:\n      - alert: Down\n';
  const root = parseYaml(text).docs[0].root;
  const steps = pathAtOffset(root, text.indexOf('Down') + 1);
  assert.deepEqual(steps.map(s => s.key).filter(k => k !== undefined), ['groups', 0, 'rules', 0, 'alert']);
  assert.equal(steps[steps.length - 1].inKey, false);
});

test('a merged key named like an Object.prototype property is kept', () => {
  const r = parseYaml('base: &b {toString: x, constructor: y}\nuse:\n  <<: *b\n');
  assert.deepEqual(toValue(r.docs[0].root), { base: { toString: 'x', constructor: 'y' }, use: { toString: 'x', constructor: 'y' } });
});
