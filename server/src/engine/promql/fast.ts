import { AGGREGATIONS, FUNCTIONS, LEGACY_STAND_INS, type ValueType } from './functions';
import { FAIL, begin, code, finish, identEnd, isDigit, isLetter, isQuote, numberEnd, skip, skipSpaces, slice, stringEnd, textLength, wordIs } from './fastScan';
import { labelListEnd, matchersEnd } from './fastMatchers';

/**
 * A fast path for the common case, an expression without any problem: one pass over the characters that parses PromQL
 * by recursive descent and runs the semantic checks of check.ts on the way. `fastValid(text)` is true only when it is
 * certain that the full path (lexer.ts, the lezer grammar on the stand-in text, check.ts) reports no error; anything
 * it does not model exactly (an error, a grammar-only function, `fill(…)`, `anchored`, duration arithmetic, a metric
 * named like a keyword, …) gives false, and the full path then runs and describes the problem as before. It exists
 * for cold starts: in a fresh process the lezer parser runs in V8's interpreter, ~80 µs per expression.
 *
 * It models the lezer grammar's tree shapes, not Prometheus's where they differ: `[…]`, `offset` and `@` apply to the
 * whole expression to their left (`a / b[5m:1m]` is a subquery of `a / b`), and check.ts checks that shape.
 *
 * No token or node objects: state is module-level and an expression is a small integer (below).
 */

// Value types (check.ts's ValueType).
const SCALAR = 0, VECTOR = 1, MATRIX = 2, STRING = 3;
// Node kinds (check.ts's node names).
const K_SEL = 1, K_MATRIX = 2, K_SUBQUERY = 3, K_OFFSET = 4, K_AT = 5, K_BINARY = 6, K_UNARY = 7, K_PAREN = 8, K_CALL = 9,
  K_AGGREGATE = 10, K_NUMBER = 11, K_STRING = 12;
// Modifiers on a chain of OffsetExpr/StepInvariantExpr.
const SEEN_OFFSET = 1, SEEN_AT = 2;

/**
 * An expression: type (2 bits), kind (4 bits), and for check.ts's modifier rules its "target": for a binary or unary
 * expression that of its rightmost operand (modifier() descends to it), else the node under its own chain of
 * offset/@ modifiers (base kind, 4 bits) and which modifiers that chain holds (2 bits). FAIL (-1) when unsure.
 */
const pack = (type: number, kind: number, base: number, seen: number): number => type | (kind << 2) | (base << 6) | (seen << 10);
const typeOf = (v: number): number => v & 3;
const kindOf = (v: number): number => (v >> 2) & 15;
const leaf = (type: number, kind: number): number => pack(type, kind, kind, 0);
/** A binary or unary expression: its type, and the target bits of its last operand. */
const operation = (type: number, kind: number, last: number): number => type | (kind << 2) | (last & ~63);

const TYPE_CODES: Record<ValueType, number> = { scalar: SCALAR, vector: VECTOR, matrix: MATRIX, string: STRING, none: -2 };

interface Signature { args: number[]; variadic: number; ret: number }
/** Functions the grammar knows by the same name (every current one in functions.ts; a test checks each). */
const CALLS = new Map<string, Signature>();
/** Removed functions, which the full path parses with a stand-in name (only when `(` follows after whitespace). */
const LEGACY = new Map<string, Signature>();
for (const [name, s] of Object.entries(FUNCTIONS)) {
  if (s.returnType === 'none' || s.argTypes.includes('none')) continue;
  const sig = { args: s.argTypes.map(t => TYPE_CODES[t]), variadic: s.variadic, ret: TYPE_CODES[s.returnType] };
  if (!s.legacy) CALLS.set(name, sig);
  else if (name in LEGACY_STAND_INS) LEGACY.set(name, sig);
}
/** Aggregations: the parameter's type, or -1 when there is none. */
const AGGREGATES = new Map<string, number>(Object.entries(AGGREGATIONS).map(([k, p]) => [k, p === null ? -1 : TYPE_CODES[p]]));

/**
 * Words the grammar treats as keywords somewhere (lower case; it compares most of them case-insensitively), and every
 * function name: as a metric name they make the grammar try several readings, which is not modelled.
 */
const RESERVED = new Set([
  'inf', 'nan', 'bool', 'ignoring', 'on', 'group_left', 'group_right', 'offset',
  'by', 'without', 'and', 'or', 'unless', 'atan2', 'start', 'end', 'smoothed', 'anchored', 'fill', 'fill_left', 'fill_right',
  'histogram_quantiles', 'info', 'range', 'start_timestamp', 'step', 'min_of', 'max_of',
  ...Object.keys(AGGREGATIONS), ...Object.keys(FUNCTIONS),
]);

/** Deeper nesting is left to the full path (recursion here must not overflow the stack on 16 KiB of `(`). */
const MAX_DEPTH = 200;

let pos = 0;
let depth = 0;

/** Whether `text` certainly parses and passes the semantic checks (the full path would report no error). */
export function fastValid(text: string): boolean {
  begin(text);
  pos = 0;
  depth = 0;
  const ok = expression() !== FAIL && skip(pos) === textLength();
  finish();
  return ok;
}

/** An expression up to `)`, `,`, `]` or the end: binary operators, then any `[…]`, offset or @ for all of it. */
function expression(): number {
  let left = binary(unary(), 0);
  for (;;) {
    if (left === FAIL) return FAIL;
    pos = skip(pos);
    const c = code(pos);
    if (c === 91) left = range(left);
    else if (c === 64) left = at(left);
    else if (isLetter(c) && wordIs(pos, 'offset')) left = offset(left);
    else return left;
    if (left !== FAIL) left = binary(left, 0);
  }
}

const P_OR = 1, P_AND = 2, P_CMP = 3, P_ADD = 4, P_MUL = 5, P_POW = 6;
const ARITH = 0, CMP = 1, SET = 2;
/** Set by operator(): the precedence (0: no binary operator at pos), class and width of the operator at pos. */
let opPrec = 0, opClass = 0, opWidth = 0;

function operator(): void {
  opPrec = 0; opClass = ARITH; opWidth = 1;
  const c = code(pos);
  const n = code(pos + 1);
  switch (c) {
    case 43: case 45: opPrec = P_ADD; return;
    case 42: case 47: case 37: opPrec = P_MUL; return;
    case 94: opPrec = P_POW; return;
    case 61: case 33: if (n === 61) { opPrec = P_CMP; opClass = CMP; opWidth = 2; } return;
    // `</` and `>/` are other operators of the grammar (not modelled).
    case 60: case 62: if (n !== 47) { opPrec = P_CMP; opClass = CMP; opWidth = n === 61 ? 2 : 1; } return;
  }
  if (!isLetter(c)) return;
  if (wordIs(pos, 'and')) { opPrec = P_AND; opClass = SET; opWidth = 3; }
  else if (wordIs(pos, 'unless')) { opPrec = P_AND; opClass = SET; opWidth = 6; }
  else if (wordIs(pos, 'or')) { opPrec = P_OR; opClass = SET; opWidth = 2; }
  else if (wordIs(pos, 'atan2')) { opPrec = P_MUL; opWidth = 5; }
}

/** Binary operators after `left` with precedence >= min (`^` is right-associative), with check.ts's binary rules. */
function binary(left: number, min: number): number {
  for (;;) {
    if (left === FAIL) return FAIL;
    pos = skip(pos);
    operator();
    const prec = opPrec, cls = opClass;
    if (prec === 0 || prec < min) return left;
    pos = skip(pos + opWidth);
    let bool = false;
    if (wordIs(pos, 'bool')) {
      if (cls !== CMP) return FAIL;
      bool = true;
      pos = skip(pos + 4);
    }
    let matching = false;
    if (wordIs(pos, 'on') || wordIs(pos, 'ignoring')) {
      const on = (code(pos) | 32) === 111;
      pos = skip(identEnd(pos));
      matching = code(skip(pos + 1)) !== 41;
      // on(…) labels are compared with group_left(…)'s; rare, so only then collected.
      const onLabels: string[] | null = on && matching ? [] : null;
      pos = labelListEnd(pos, onLabels);
      if (pos === FAIL) return FAIL;
      pos = skip(pos);
      if (wordIs(pos, 'group_left') || wordIs(pos, 'group_right')) {
        if (cls === SET) return FAIL;
        pos = skip(identEnd(pos));
        if (code(pos) === 40) {
          const include: string[] | null = onLabels ? [] : null;
          pos = labelListEnd(pos, include);
          if (pos === FAIL) return FAIL;
          if (onLabels && include) for (const l of include) if (onLabels.includes(l)) return FAIL;
        }
      }
    }
    // `^` chains recurse here (right-associative): counted like nesting.
    depth++;
    const right = binary(unary(), prec === P_POW ? prec : prec + 1);
    depth--;
    if (right === FAIL) return FAIL;
    const lt = typeOf(left), rt = typeOf(right);
    if (lt > VECTOR || rt > VECTOR) return FAIL;
    if (cls === CMP && !bool && lt === SCALAR && rt === SCALAR) return FAIL;
    if (cls === SET && (lt === SCALAR || rt === SCALAR)) return FAIL;
    if (matching && (lt !== VECTOR || rt !== VECTOR)) return FAIL;
    left = operation(lt === VECTOR || rt === VECTOR ? VECTOR : SCALAR, K_BINARY, right);
  }
}

/** `-x`, `+x` (the grammar's unary binds like `*`: `-a^b` is `-(a^b)`), or a primary expression. */
function unary(): number {
  if (++depth > MAX_DEPTH) return FAIL;
  pos = skip(pos);
  const c = code(pos);
  let v: number;
  if (c === 45 || c === 43) {
    pos++;
    const inner = binary(unary(), P_POW);
    v = inner === FAIL || typeOf(inner) > VECTOR ? FAIL : operation(typeOf(inner), K_UNARY, inner);
  } else v = primary(c);
  depth--;
  return v;
}

function primary(c: number): number {
  if (c === 40) {
    pos++;
    const inner = expression();
    if (inner === FAIL || code(pos) !== 41) return FAIL;
    pos++;
    return leaf(typeOf(inner), K_PAREN);
  }
  if (c === 123) { pos = matchersEnd(pos, false); return pos === FAIL ? FAIL : leaf(VECTOR, K_SEL); }
  if (isQuote(c)) { pos = stringEnd(pos); return pos === FAIL ? FAIL : leaf(STRING, K_STRING); }
  if (isDigit(c) || c === 46) { pos = numberEnd(pos); return pos === FAIL ? FAIL : leaf(SCALAR, K_NUMBER); }
  if (!(isLetter(c) || c === 95 || c === 58)) return FAIL;
  const end = identEnd(pos);
  const name = slice(pos, end);
  const lower = name.toLowerCase();
  pos = end;
  if (lower === 'inf' || lower === 'nan') return leaf(SCALAR, K_NUMBER);
  const param = AGGREGATES.get(lower);
  if (param !== undefined) return aggregate(param);
  const sig = CALLS.get(name);
  if (sig !== undefined) { pos = skip(pos); return code(pos) === 40 ? call(sig) : FAIL; }
  const legacy = LEGACY.get(name);
  if (legacy !== undefined) { pos = skipSpaces(pos); return code(pos) === 40 ? call(legacy) : FAIL; }
  if (RESERVED.has(lower)) return FAIL;
  pos = skip(pos);
  if (code(pos) !== 123) return leaf(VECTOR, K_SEL);
  pos = matchersEnd(pos, true);
  return pos === FAIL ? FAIL : leaf(VECTOR, K_SEL);
}

/** A function call's arguments from `(` at pos, checked against the signature (check.ts call()). */
function call(sig: Signature): number {
  const nargs = sig.args.length;
  let count = 0;
  pos = skip(pos + 1);
  if (code(pos) !== 41) {
    for (;;) {
      const arg = expression();
      if (arg === FAIL || (count >= nargs && sig.variadic === 0)) return FAIL;
      if (typeOf(arg) !== sig.args[count < nargs ? count : nargs - 1]) return FAIL;
      count++;
      const c = code(pos);
      if (c === 41) break;
      if (c !== 44) return FAIL;
      pos++;
    }
  }
  pos++;
  if (sig.variadic === 0 ? count !== nargs : count < nargs - 1 || (sig.variadic > 0 && count > nargs - 1 + sig.variadic)) return FAIL;
  return leaf(sig.ret, K_CALL);
}

/** `by (…)`/`without (…)` before or after the body; the parameter and the vector (check.ts aggregate()). */
function aggregate(param: number): number {
  pos = skip(pos);
  const before = wordIs(pos, 'by') || wordIs(pos, 'without');
  if (before) {
    pos = labelListEnd(skip(identEnd(pos)), null);
    if (pos === FAIL) return FAIL;
    pos = skip(pos);
  }
  if (code(pos) !== 40) return FAIL;
  pos++;
  const first = expression();
  if (first === FAIL) return FAIL;
  let last = first;
  if (param >= 0) {
    if (code(pos) !== 44 || typeOf(first) !== param) return FAIL;
    pos++;
    last = expression();
    if (last === FAIL) return FAIL;
  }
  if (code(pos) !== 41 || typeOf(last) !== VECTOR) return FAIL;
  pos++;
  const next = skip(pos);
  if (!before && (wordIs(next, 'by') || wordIs(next, 'without'))) {
    pos = labelListEnd(skip(identEnd(next)), null);
    if (pos === FAIL) return FAIL;
  }
  return leaf(VECTOR, K_AGGREGATE);
}

/** `[range]` (only on a selector) or `[range:step]`/`[range:]` (only on an instant vector) after `inner`. */
function range(inner: number): number {
  pos++;
  if (!durationLiteral()) return FAIL;
  pos = skip(pos);
  if (code(pos) === 93) {
    pos++;
    return kindOf(inner) === K_SEL ? leaf(MATRIX, K_MATRIX) : FAIL;
  }
  if (code(pos) !== 58) return FAIL;
  pos = skip(pos + 1);
  if (code(pos) !== 93) {
    if (!durationLiteral()) return FAIL;
    pos = skip(pos);
    if (code(pos) !== 93) return FAIL;
  }
  pos++;
  return typeOf(inner) === VECTOR ? leaf(MATRIX, K_SUBQUERY) : FAIL;
}

/** A plain number or duration in a duration context (arithmetic, `step()` and the like are not modelled). */
function durationLiteral(): boolean {
  pos = skip(pos);
  const c = code(pos);
  if (!(isDigit(c) || c === 46)) return false;
  pos = numberEnd(pos);
  return pos !== FAIL;
}

/** `offset [+-]duration` after `inner`. */
function offset(inner: number): number {
  pos = skip(pos + 6);
  const c = code(pos);
  if (c === 45 || c === 43) pos++;
  return durationLiteral() ? modifier(inner, K_OFFSET, SEEN_OFFSET) : FAIL;
}

/** `@ [+-]number`, `@ start()` or `@ end()` after `inner`. */
function at(inner: number): number {
  pos = skip(pos + 1);
  let c = code(pos);
  if (isLetter(c)) {
    const word = wordIs(pos, 'start') ? 5 : wordIs(pos, 'end') ? 3 : 0;
    if (word === 0) return FAIL;
    pos = skip(pos + word);
    if (code(pos) !== 40) return FAIL;
    pos = skip(pos + 1);
    if (code(pos) !== 41) return FAIL;
    pos++;
    return modifier(inner, K_AT, SEEN_AT);
  }
  if (c === 45 || c === 43) { pos = skip(pos + 1); c = code(pos); }
  if (!(isDigit(c) || c === 46)) return FAIL;
  pos = numberEnd(pos);
  return pos === FAIL ? FAIL : modifier(inner, K_AT, SEEN_AT);
}

/**
 * check.ts modifier(): the operand the modifier binds to (the rightmost operand of a binary expression) must be a
 * selector, range selector or subquery, under at most one modifier of each kind.
 */
function modifier(inner: number, kind: number, seenBit: number): number {
  const base = (inner >> 6) & 15, seen = (inner >> 10) & 3;
  if ((seen & seenBit) !== 0 || !(base === K_SEL || base === K_MATRIX || base === K_SUBQUERY)) return FAIL;
  const k = kindOf(inner);
  // The node's own chain (for a modifier applied to it later) goes through offset/@ only, not into an operation.
  return k === K_BINARY || k === K_UNARY ? pack(typeOf(inner), kind, k, seenBit) : pack(typeOf(inner), kind, base, seen | seenBit);
}
