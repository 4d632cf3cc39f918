import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkGoTemplate } from '../../server/src/engine/templates/goTemplate';
import { assertProperty, fuzzOptions } from '../fixtures/hostile/edits';
import { TEMPLATE_TOKENS, type Verdict } from '../fixtures/hostile/templateVerdicts.gen';
import verdicts from '../fixtures/hostile/template-verdicts.json';

// The Go template check behind alert/template-syntax, against Prometheus itself: hand-picked cases run through
// promtool 2.42, and 2,209 generated templates with promtool's verdicts (regenerate with
// `node --import tsx test/fixtures/hostile/templateVerdicts.gen.ts 8000 7`). The verdict (parses or not) must agree on
// every one; the first error's wording agrees on the hand-picked ones (Go reports the first of several errors in an
// order we follow only approximately). Then: any input at all, no throw, errors inside the text, linear time.

const PROMTOOL: [string, string | null][] = [
  ['{{ $labels.x ', 'unclosed action'], ['{{.window', 'unclosed action'], ['{{ if .Labels }}x', 'unexpected EOF'], ['{{ end }}', 'unexpected {{end}}'],
  ['{{ $label.x }}', 'undefined variable "$label"'], ['{{ "abc }}', 'unterminated quoted string'], ['{{/* c }}', 'unclosed comment'], ['{{ foo }}', 'function "foo" not defined'],
  ['{{ humanize $value }}', null], ['{{ $x := 1 }}{{ $x }}', null], ['{{ range $i, $v := . }}{{ $v }}{{ end }}', null], ['{{ else }}', 'unexpected {{else}}'],
  ['{{ .Labels.x | printf "%s" }}', null], ['{{ $value | humanizePercentage }}', null], ['{{- $labels.instance -}}', null], ['{{ template "x" }}', null],
  ['{{ define "x" }}y{{ end }}', null], ['{{ `{{ $labels.x }}` }}', null], ['{{ .Values.x }}', null], ['{{ $externalURL }}', null], ['{{ query "up" | first | value }}', null],
  ['{{ toUpper "a" }}', null], ['{{ reReplaceAll "a" "b" $labels.x }}', null], ['{{ $ }}', null], ['{{ ( }}', 'unclosed left paren'], ['{{ ) }}', 'unexpected ")" in command'],
  ['{{ 1 2 }}', null], ["{{ 'a' }}", null], ['{{ .A.B.C }}', null], ['{{ $labels.x.y }}', null], ['{{ nil }}', null], ['{{ if }}{{ end }}', 'missing value for if'],
  ['{{ with $x := 1 }}{{ $x }}{{ end }}{{ $x }}', 'undefined variable "$x"'], ['{{ # }}', 'unexpected "#" in command'], ['{{ ; }}', 'unexpected ";" in command'],
  ['{{ $x = 1 }}', null], ['{{ if 1 }}a{{ else if }}b{{ end }}', 'missing value for if'], ['{{ range }}{{ end }}', 'missing value for range'],
  ['{{ with }}{{ end }}', 'missing value for with'], ['{{ "a\\"b" }}', null], ['{{ `a }}', 'unterminated raw quoted string'], ["{{ 'ab' }}", "malformed character constant: 'ab'"],
  ["{{ ' }}", 'unterminated character constant'], ['{{ $labels.x | }}', null], ['{{ | $labels.x }}', 'unexpected "|" in command'], ['{{ .x.y }}', null],
  ['{{ $x, $y := 1 }}', 'too many declarations in command'], ['{{ block "a" . }}x{{ end }}', null], ['{{ break }}', '{{break}} outside {{range}}'],
  ['{{ if 1 }}{{ break }}{{ end }}', '{{break}} outside {{range}}'], ['{{ 1.5e3 }}', null], ['{{ -1 }}', null], ['{{ 0x1F }}', null],
  ['{{ $labels.instance }}{{', 'unclosed action'], ['}}', null], ['{{}}', 'missing value for command'], ['{{ }}', 'missing value for command'],
  ['{{- }}', 'missing value for command'], ['{{ .Labels.x -}}', null], ['{{ index $labels "x" }}', null], ['{{ ( $labels.x ) }}', null], ['{{ (( 1 ) }}', 'unclosed left paren'],
  ['{{ $labels.instance is down', 'function "is" not defined'],
];

test('the same first error as promtool on hand-picked templates', () => {
  for (const [template, want] of PROMTOOL) assert.equal(checkGoTemplate(template)?.go ?? null, want, JSON.stringify(template));
});

test(`the same verdict as promtool on ${verdicts.verdicts.length} generated templates`, () => {
  const wrong = (verdicts.verdicts as Verdict[]).filter(v => (checkGoTemplate(v.template) === undefined) !== (v.promtool === null));
  assert.deepEqual(wrong.slice(0, 5).map(v => [v.template, v.promtool, checkGoTemplate(v.template)?.go ?? null]), [], `${wrong.length} verdicts differ`);
  assert.ok(verdicts.verdicts.filter((v: Verdict) => v.promtool).length > 1000, 'the set has plenty of rejected templates');
});

test('fuzz: any text is checked without throwing, errors lie inside it', () => {
  const text = fc.oneof(
    fc.array(fc.constantFrom(...TEMPLATE_TOKENS), { maxLength: 16 }).map(t => t.join('')),
    fc.string({ maxLength: 60, unit: 'binary' }),
  );
  return assertProperty(fc.property(text, t => {
    const err = checkGoTemplate(t);
    if (err) {
      assert.ok(err.from >= 0 && err.from <= err.to && err.to <= t.length, `${JSON.stringify(t)}: ${JSON.stringify(err)}`);
      assert.ok(err.message.length > 0 && err.go.length > 0);
    }
  }), fuzzOptions(2000));
});

// A quadratic scan of these inputs takes minutes: the timeout catches that, a slow machine does not fail it.
test('hostile templates are checked without a stall', { timeout: 30_000 }, t => {
  for (const filler of ['{{ ', '{{ (', '{{ "', '$x ', '{{ if 1 }}', '{{/* ', 'a.b.c.', '{{ $labels.x | ']) {
    const started = performance.now();
    checkGoTemplate(filler.repeat(20_000));
    t.diagnostic(`${JSON.stringify(filler)} × 20,000: ${(performance.now() - started).toFixed(0)} ms`);
  }
});
