import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseYaml } from '../../server/src/engine/yaml/parse';
import { asMap, asScalar, type YScalar } from '../../server/src/engine/yaml/ast';
import { embeddedText, sourceSpan, substitute, type EmbeddedText } from '../../server/src/engine/promql/embedded';

/**
 * The offset map from decoded scalar text back to the source, checked against js-yaml's own decoding (the oracle) on
 * generated scalars of every style: block scalars with indentation indicators, chomping and more-indented lines;
 * folded and multi-line plain/quoted scalars; escapes, `''`, escaped line breaks.
 */

function scalarOf(src: string): YScalar | null {
  const parsed = parseYaml(src);
  if (parsed.problems.length) return null;
  return asScalar(asMap(parsed.docs[0]?.root)?.pairs[0]?.value);
}

/** The map is exact and sane: monotonic, inside the value, and each plain character points at itself. */
function checkMap(src: string, node: YScalar, e: EmbeddedText): void {
  assert.equal(e.exact, true, `not exact for ${JSON.stringify(src)}`);
  assert.equal(e.text, node.text);
  assert.equal(e.starts.length, e.text.length + 1);
  for (let i = 0; i < e.text.length; i++) {
    const [s, t] = [e.starts[i], e.ends[i]];
    assert.ok(s <= t && s >= node.valueStart && t <= node.valueEnd + 1, `char ${i} out of range in ${JSON.stringify(src)}`);
    if (i > 0) assert.ok(s >= e.starts[i - 1], `not monotonic at ${i} in ${JSON.stringify(src)}`);
    const c = e.text[i];
    if (/\s/.test(c)) continue;
    if (t - s === 1) assert.equal(src[s], c, `char ${i} ${JSON.stringify(c)} maps to ${JSON.stringify(src[s])} in ${JSON.stringify(src)}`);
    else assert.ok(src[s] === '\\' || src.slice(s, t) === "''", `char ${i} maps to ${JSON.stringify(src.slice(s, t))}`);
  }
}

const word = fc.stringMatching(/^[a-z(){}=~"+*\/.,\[\]0-9_]{1,8}$/);
const safeWord = fc.stringMatching(/^[a-z(){}=~+*\/.,0-9_]{1,8}$/);

const blockScalar = fc.record({
  style: fc.constantFrom('|', '>'),
  chomp: fc.constantFrom('', '-', '+'),
  indent: fc.integer({ min: 1, max: 6 }),
  explicit: fc.boolean(),
  lines: fc.array(fc.oneof(
    fc.record({ extra: fc.integer({ min: 0, max: 3 }), text: fc.array(word, { minLength: 1, maxLength: 4 }).map(w => w.join(' ')) }),
    fc.record({ extra: fc.constant(-1), text: fc.constant('') })), { minLength: 1, maxLength: 8 }),
  trailingBlank: fc.integer({ min: 0, max: 2 }),
}).map(b => {
  const first = b.lines.find(l => l.extra >= 0);
  const explicit = b.explicit || (first !== undefined && first.extra > 0);
  const header = `${b.style}${explicit ? String(b.indent) : ''}${b.chomp}`;
  const body = b.lines.map(l => l.extra < 0 ? ' '.repeat(Math.floor(b.indent / 2)) : ' '.repeat(b.indent + l.extra) + l.text);
  return `key: ${header}\n${body.join('\n')}\n${'\n'.repeat(b.trailingBlank)}next: 1\n`;
});

const doubleQuoted = fc.array(fc.oneof(
  word.map(w => w.replace(/"/g, '\\"')), fc.constant(' '),
  fc.constantFrom('\\n', '\\t', '\\"', '\\\\', '\\x41', '\\u00e9', '\\U0001F600', '\\ ', '\\/', '\\0'),
  fc.integer({ min: 1, max: 4 }).map(n => `\n${' '.repeat(n)}`),
  fc.integer({ min: 1, max: 4 }).map(n => `\n\n${' '.repeat(n)}`),
  fc.integer({ min: 1, max: 4 }).map(n => `\\\n${' '.repeat(n)}`)), { minLength: 1, maxLength: 14 })
  .map(parts => `key: "${parts.join('')}"\nnext: 1\n`);

const singleQuoted = fc.array(fc.oneof(word.map(w => w.replace(/'/g, '')), fc.constant("''"), fc.constant(' '),
  fc.integer({ min: 1, max: 4 }).map(n => `\n${' '.repeat(n)}`),
  fc.integer({ min: 1, max: 4 }).map(n => `\n\n${' '.repeat(n)}`)), { minLength: 1, maxLength: 12 })
  .map(parts => `key: '${parts.join('')}'\nnext: 1\n`);

const plainMultiLine = fc.tuple(fc.stringMatching(/^[a-z]{1,5}$/), fc.array(fc.oneof(safeWord.map(w => ' ' + w),
  fc.tuple(fc.integer({ min: 1, max: 4 }), safeWord).map(([n, w]) => `\n${' '.repeat(n)}${w}`),
  fc.tuple(fc.integer({ min: 1, max: 4 }), safeWord).map(([n, w]) => `\n\n${' '.repeat(n)}${w}`)), { maxLength: 10 }))
  .map(([head, rest]) => `key: ${head}${rest.join('')}\nnext: 1\n`);

for (const [name, arb] of [['block (| and >)', blockScalar], ['double-quoted', doubleQuoted], ['single-quoted', singleQuoted], ['plain multi-line', plainMultiLine]] as const) {
  test(`offset map matches js-yaml's decoding: ${name}`, () => {
    let checked = 0;
    fc.assert(fc.property(arb, src => {
      const node = scalarOf(src);
      if (!node || typeof node.value !== 'string') return;
      checked++;
      checkMap(src, node, embeddedText(src, node));
    }), { numRuns: 400, seed: 42 });
    assert.ok(checked > 200, `only ${checked} generated scalars parsed`);
  });
}

test('substitution keeps the map: a replaced template maps to the whole template', () => {
  const src = 'q: sum(rate(x[{{ .window }}])) by (job) +\n';
  const node = scalarOf(src)!;
  const e = substitute(embeddedText(src, node), /\{\{\s*\.window\s*\}\}/g, '1m');
  assert.equal(e.text, 'sum(rate(x[1m])) by (job) +');
  const at = e.text.indexOf('1m');
  const span = sourceSpan(e, at, at + 2);
  assert.equal(src.slice(span.start, span.end), '{{ .window }}');
  const plus = sourceSpan(e, e.text.length - 1, e.text.length);
  assert.equal(src.slice(plus.start, plus.end), '+');
});

test('a decoding we cannot reproduce falls back to the whole value, never to offset 0', () => {
  const src = 'q: "abc"\n';
  const node = { ...scalarOf(src)!, text: 'something else' };
  const e = embeddedText(src, node);
  assert.equal(e.exact, false);
  const span = sourceSpan(e, 3, 5);
  assert.deepEqual(span, { start: node.start, end: node.end });
});
