import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { globToRegExp, matchesAny } from '../../server/src/engine/globs';
import { assertProperty, fuzzOptions } from '../fixtures/hostile/edits';

// `ignore` globs come from `.slo-lens.yaml`, workspace data that may be hostile. As regular expressions, nested `**`
// backtrack: `**a**a**a**a**a**a**a**a**b` took 13.6 s on one 47-character path. The automaton matcher must answer at
// once and mean exactly what the regular expressions meant.

/** The previous implementation, as the reference for what a pattern means (fed only small inputs here). */
function reference(glob: string): RegExp {
  let g = glob.trim().replace(/^\.\//, '');
  if (!g.includes('/')) g = '**/' + g;
  if (g.endsWith('/')) g += '**';
  const escape = (s: string) => s.replace(/[.+^$()|[\]\\]/g, '\\$&');
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*') {
      if (g[i + 1] === '*') {
        i++;
        if (g[i + 1] === '/') { i++; re += '(?:.*/)?'; } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const close = g.indexOf('}', i);
      if (close < 0) { re += '\\{'; continue; }
      re += '(?:' + g.slice(i + 1, close).split(',').map(escape).join('|') + ')';
      i = close;
    } else re += escape(c);
  }
  return new RegExp('^' + re + '(?:/.*)?$');
}

// The regular expression needed seconds for one path of this kind: the timeout catches a regression, a slow machine
// does not fail the test.
test('a pattern built to make regular expressions backtrack matches without a stall', { timeout: 20_000 }, t => {
  const pattern = `${'**a'.repeat(12)}**b`;
  const m = globToRegExp(pattern);
  const started = performance.now();
  for (let i = 0; i < 200; i++) m.test(`${'a'.repeat(200)}/${'a'.repeat(i)}.yaml`);
  t.diagnostic(`200 paths of 200+ characters: ${(performance.now() - started).toFixed(0)} ms`);
  assert.equal(m.test(`${'a'.repeat(12)}b`), true);
  assert.equal(m.test(`${'a'.repeat(11)}b`), false);
});

test('the usual patterns', () => {
  assert.ok(matchesAny('vendor/a/b.yaml', [globToRegExp('vendor/**')]));
  assert.ok(matchesAny('vendor/a/b.yaml', [globToRegExp('vendor/')]));
  assert.ok(matchesAny('x/generated.yaml', [globToRegExp('generated.yaml')]));
  assert.ok(matchesAny('a/b/c.yml', [globToRegExp('**/*.{yml,yaml}')]));
  assert.ok(matchesAny('./charts/x/templates/rules.yaml', [globToRegExp('charts/*/templates/**')]));
  assert.ok(!matchesAny('rules/api.yaml', [globToRegExp('vendor/**')]));
  assert.ok(!matchesAny('a/b/c.json', [globToRegExp('**/*.{yml,yaml}')]));
  assert.ok(matchesAny('rules/a.yaml', [globToRegExp('rules/?.yaml')]));
  assert.ok(!matchesAny('rules/ab.yaml', [globToRegExp('rules/?.yaml')]));
});

test('fuzz: the matcher agrees with the regular expressions it replaced', () => {
  const piece = fc.constantFrom('a', 'b', '/', '*', '**', '**/', '?', '.', '{a,b}', '{a/b,c}', 'x.yaml', '{');
  const glob = fc.array(piece, { minLength: 1, maxLength: 6 }).map(p => p.join(''));
  const path = fc.array(fc.constantFrom('a', 'b', '/', '.', 'x', 'c', '{'), { maxLength: 10 }).map(p => p.join(''));
  return assertProperty(fc.property(glob, path, (g, p) => {
    let re: RegExp;
    // The regular expressions failed to compile for some patterns (`{**,a}`): the config load threw. Now they match.
    try { re = reference(g); } catch { assert.equal(typeof globToRegExp(g).test(p), 'boolean'); return; }
    // Wildcards inside braces were regex quantifiers before (`{a*,b}` meant "a" repeated); they are wildcards now.
    if (/\{[^}]*[*?][^}]*\}/.test(g)) return;
    assert.equal(globToRegExp(g).test(p), re.test(p), `glob ${JSON.stringify(g)} on path ${JSON.stringify(p)}`);
  }), fuzzOptions(3000));
});
