import { regexProblem } from './check';
import { FAIL, code, isQuote, labelEnd, skip, slice, stringEnd, stringValue } from './fastScan';
import { unquote } from './strings';

/**
 * Label matchers and label lists for the PromQL fast path (fast.ts), with check.ts's selector rules: the metric name at
 * most once, at least one matcher that does not match the empty string, regular expressions RE2 would reject.
 */

// The selector being read: (metric name, `=`) matchers, all matchers, and whether every one matches the empty string.
let names = 0;
let matchers = 0;
let allEmpty = true;

/**
 * End of the `{…}` at i (trailing comma allowed), or FAIL when a matcher is not modelled or the selector breaks a rule;
 * `named` when a metric name is written before it.
 */
export function matchersEnd(i: number, named: boolean): number {
  names = named ? 1 : 0;
  matchers = names;
  allEmpty = !named;
  i++;
  for (let first = true; ; first = false) {
    i = skip(i);
    let c = code(i);
    if (c === 125) break;
    if (!first) {
      if (c !== 44) return FAIL;
      i = skip(i + 1);
      c = code(i);
      if (c === 125) break;
    }
    i = matcherEnd(i, c);
    if (i === FAIL) return FAIL;
  }
  return names <= 1 && matchers > 0 && !allEmpty ? i + 1 : FAIL;
}

/** End of one `name op "value"`, `"name" op "value"` or `"metric"` at i (its first character c), or FAIL. */
function matcherEnd(i: number, c: number): number {
  let name: string | undefined;
  if (isQuote(c)) {
    const e = stringEnd(i);
    if (e === FAIL) return FAIL;
    name = stringValue(i, e);
    if (name === undefined) return FAIL;
    i = skip(e);
    if (!isMatchOp(code(i), code(i + 1))) {
      // A quoted metric name alone: `{"my.metric"}`.
      names++;
      matchers++;
      if (name !== '') allEmpty = false;
      return i;
    }
  } else {
    const e = labelEnd(i);
    if (e === i) return FAIL;
    name = slice(i, e);
    i = skip(e);
  }
  const o = code(i), o2 = code(i + 1);
  if (!isMatchOp(o, o2)) return FAIL;
  const regex = o2 === 126;
  const negated = o === 33;
  i = skip(i + (regex || negated ? 2 : 1));
  if (!isQuote(code(i))) return FAIL;
  const e = stringEnd(i);
  if (e === FAIL) return FAIL;
  const value = stringValue(i, e);
  if (value === undefined || (regex && regexProblem(value) !== undefined)) return FAIL;
  matchers++;
  if (!regex && !negated && name === '__name__') names++;
  if (allEmpty && !matchesEmpty(negated, regex, value)) allEmpty = false;
  return e;
}

/** `=`, `!=`, `=~` or `!~` (not `==`). */
function isMatchOp(c: number, n: number): boolean {
  return c === 61 ? n !== 61 : c === 33 && (n === 61 || n === 126);
}

/** check.ts matchesEmpty: whether the matcher accepts the empty label value. */
function matchesEmpty(negated: boolean, regex: boolean, value: string): boolean {
  if (!regex) return negated ? value !== '' : value === '';
  let re: RegExp;
  try { re = new RegExp(`^(?:${value})$`); } catch { return false; }
  return negated ? !re.test('') : re.test('');
}

/** End of the label list `(a, "b", …)` at i (trailing comma allowed), or FAIL; the labels' values go to `out` if given. */
export function labelListEnd(i: number, out: string[] | null): number {
  if (code(i) !== 40) return FAIL;
  i++;
  for (let first = true; ; first = false) {
    i = skip(i);
    let c = code(i);
    if (c === 41) return i + 1;
    if (!first) {
      if (c !== 44) return FAIL;
      i = skip(i + 1);
      c = code(i);
      if (c === 41) return i + 1;
    }
    const from = i;
    if (isQuote(c)) {
      i = stringEnd(i);
      if (i === FAIL) return FAIL;
      if (out) { const raw = slice(from, i); out.push(unquote(raw) ?? raw); }
    } else {
      i = labelEnd(i);
      if (i === from) return FAIL;
      if (out) out.push(slice(from, i));
    }
  }
}
