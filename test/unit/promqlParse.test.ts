import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePromQL, promqlCacheSize, clearPromQLCache } from '../../server/src/engine/promql/parse';
import { selectors, rangeDurations, calls, rootExpression } from '../../server/src/engine/promql/inspect';
import { isDefinitelyLogQL, looksLikeLogQL } from '../../server/src/engine/promql/logql';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

// [expression, the text the error range covers, a fragment of the message]. Messages follow promtool's wording.
const ERRORS: [string, string, string][] = [
  ['sum(rate(foo[5m])', '(', 'unclosed left parenthesis'],
  ['foo +', '+', 'unexpected end of input'],
  ['rate(foo[5x])', '5x', 'bad duration syntax'],
  ['x offset 1.5h', '1.5h', 'bad duration syntax'],
  ['foo{a="b"', '{', 'unexpected end of input inside braces'],
  ['foo and and bar', 'bar', 'unexpected identifier "bar"'],
  ['foo(bar)', 'foo', 'unknown function with name "foo"'],
  ['rate(foo)', 'foo', 'expected type range vector in call to function "rate", got instant vector'],
  ['{job="x"} |= "error"', '|', "unexpected character: '|'"],
  [')', ')', "unexpected right parenthesis ')'"],
  ['(a]', ']', "unexpected right bracket ']'"],
  ['a b', 'b', 'unexpected identifier "b"'],
  ['foo{a=~"\\d+"}', '\\d', 'unknown escape sequence'],
  ['foo{a="b\\x4"}', '\\x', 'bad escape sequence'],
  ['foo{a="b}', '"b}', 'unterminated quoted string'],
  ['holt_winters(x[5m])', 'holt_winters', 'expected 3 argument(s) in call to "holt_winters", got 1'],
  ['round(x, 1, 2)', 'round', 'expected at most 2 argument(s)'],
  ['label_replace(x, "a")', 'label_replace', 'expected 5 argument(s)'],
  ['1 > 2', '>', 'comparisons between scalars must use BOOL modifier'],
  ['topk(foo)', 'topk', 'wrong number of arguments for aggregate expression provided, expected 2, got 1'],
  ['topk("5", foo)', '"5"', 'expected type scalar in aggregation parameter, got string'],
  ['sum(foo[5m])', 'foo[5m]', 'expected type instant vector in aggregation expression, got range vector'],
  ['x{__name__="y"}', 'x{__name__="y"}', 'metric name must not be set twice'],
  ['{a=~".*"}', '{a=~".*"}', 'vector selector must contain at least one non-empty matcher'],
  ['{a=""}', '{a=""}', 'vector selector must contain at least one non-empty matcher'],
  ['sum(x)[5m]', 'sum(x)[5m]', 'ranges only allowed for vector selectors'],
  ['rate(x[5m])[5m]', 'rate(x[5m])[5m]', 'ranges only allowed for vector selectors'],
  ['x offset 1m [5m]', 'offset', 'no offset modifiers allowed before range'],
  ['sum(x) offset 1m', 'offset', 'offset modifier must be preceded by'],
  ['a / sum(b) offset 1m', 'offset', 'offset modifier must be preceded by'],
  ['x offset 1m offset 2m', 'offset', 'offset may not be set multiple times'],
  ['a and 1', 'and', 'set operator "and" not allowed in binary scalar expression'],
  ['a + bool b', 'bool', 'bool modifier can only be used on comparison operators'],
  ['x unless on(a) group_left b', 'group_left', 'no grouping allowed for "unless" operation'],
  ['a / on(l) group_left(l) b', 'on(l) group_left(l)', 'label "l" must not occur in ON and GROUP clause at once'],
  ['1 + on(a) 2', 'on(a)', 'vector matching only allowed between instant vectors'],
  ['-"a"', '-"a"', 'unary expression only allowed on expressions of type scalar or instant vector, got string'],
  ['x[5m] + 1', 'x[5m]', 'binary expression must contain only scalar and instant vector types'],
  ['x{a=~"(b"}', '"(b"', 'error parsing regexp: missing closing )'],
  ['x{a=~"b)"}', '"b)"', 'error parsing regexp: unexpected )'],
  ['foo{a=b}', 'b', 'expected a quoted string'],
  ['sum by (a b) (x)', 'b', 'in grouping labels'],
  ['x !', '!', "unexpected character after '!'"],
  ['x € 1', '€', "unexpected character: U+20AC '€'"],
  ['', '', 'no expression found in input'],
  ['  # only a comment', '  # only a comment', 'no expression found in input'],
];

for (const [expr, at, message] of ERRORS) {
  test(`error: ${JSON.stringify(expr)}`, () => {
    const r = parsePromQL(expr);
    assert.ok(r.error, 'expected an error');
    assert.equal(expr.slice(r.error.from, r.error.to), at, `range of: ${r.error.message}`);
    assert.ok(r.error.message.includes(message), `message: ${r.error.message}`);
  });
}

test('valid expressions (promtool 2.42 accepts each) parse without an error', () => {
  const file = path.join(__dirname, '..', 'fixtures', 'promql', 'valid-expressions.txt');
  const lines = readFileSync(file, 'utf8').split('\n').filter(l => l.trim() && !l.startsWith('//'));
  assert.ok(lines.length > 100);
  for (const l of lines) assert.equal(parsePromQL(l).error, undefined, `${l}: ${parsePromQL(l).error?.message}`);
});

test('Prometheus 3 syntax the grammar knows is accepted (durations as numbers, underscores, new functions)', () => {
  for (const e of ['rate(x[300])', 'x offset 60', '1_000_000', '0x_53_AB', 'foo[5m] anchored', 'x{"my.label"="v"}', '{"my.metric"}', 'sort_by_label(x, "a")', 'double_exponential_smoothing(x[5m], 0.1, 0.2)', 'info(x)', 'rate(x[step()])']) {
    assert.equal(parsePromQL(e).error, undefined, `${e}: ${parsePromQL(e).error?.message}`);
  }
});

test('the first (leftmost) problem wins, like Prometheus', () => {
  // The grammar fails at `=` before the bracket that is never closed.
  const r = parsePromQL('sum by= (cluster, code');
  assert.equal(r.error?.from, 6);
  // An unclosed bracket is reported at the bracket when nothing fails earlier.
  assert.equal(parsePromQL('(up == 0').error?.from, 0);
});

test('results are cached by text', () => {
  clearPromQLCache();
  const a = parsePromQL('sum(rate(x[5m]))');
  const b = parsePromQL('sum(rate(x[5m]))');
  assert.equal(a, b);
  assert.equal(promqlCacheSize(), 1);
});

test('helpers: selectors, ranges, calls', () => {
  const p = parsePromQL('sum by (job) (rate(http_requests_total{job="api",code=~"5.."}[5m] offset 1h)) / sum(rate({__name__="y"}[1h:30s]))');
  assert.deepEqual(selectors(p).map(s => [s.metric, s.matchers.map(m => `${m.name}${m.op}${m.value}`).join(',')]), [
    ['http_requests_total', 'job=api,code=~5..'],
    ['y', '__name__=y'],
  ]);
  assert.deepEqual(rangeDurations(p).map(r => [r.kind, r.text, r.ms]), [['range', '5m', 300_000], ['offset', '1h', 3_600_000], ['subquery', '1h', 3_600_000], ['step', '30s', 30_000]]);
  assert.deepEqual(calls(p).map(c => c.name), ['sum', 'rate', 'sum', 'rate']);
  assert.equal(rootExpression(p)?.name, 'BinaryExpr');
  const hw = parsePromQL('holt_winters(x[5m], 0.1, 0.2)');
  assert.deepEqual(calls(hw).map(c => [c.name, hw.text.slice(c.from, c.to)]), [['holt_winters', 'holt_winters']]);
});

test('LogQL detection', () => {
  assert.ok(isDefinitelyLogQL('sum(count_over_time({job="x"} |= "error" [5m]))'));
  assert.ok(isDefinitelyLogQL('{job="x"} != "debug"'));
  assert.ok(isDefinitelyLogQL('rate({job="x"} | json | level="error" [1m])'));
  assert.ok(isDefinitelyLogQL('sum(bytes_rate({job="x"}[1m]))'));
  assert.ok(looksLikeLogQL('count_over_time({job="x"}[5m])'));
  assert.ok(!isDefinitelyLogQL('up{job="x"} != 0'));
  assert.ok(!isDefinitelyLogQL('up{job="a|=b"} == 0'), 'markers inside strings do not count');
  assert.ok(!looksLikeLogQL('sum(rate(http_requests_total[5m]))'));
});

test('any input yields a result, never an exception, and error ranges stay inside the text', async () => {
  const fc = (await import('fast-check')).default;
  const pieces = fc.constantFrom('sum', 'rate', '(', ')', '[', ']', '{', '}', '5m', ':', ',', '"', "'", '`', '\\', 'by', 'offset', '@', '|=', '!', '=~', '#', '\n', ' ', 'x', '1.', '0x', 'é', '😀', 'and', 'bool', 'on', 'group_left', '{{.window}}');
  fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 60 }), fc.array(pieces, { maxLength: 30 }).map(a => a.join(''))), text => {
    const r = parsePromQL(text);
    if (r.error) assert.ok(r.error.from >= 0 && r.error.from <= r.error.to && r.error.to <= text.length, JSON.stringify({ text, e: r.error }));
  }), { numRuns: 3000, seed: 7 });
});
