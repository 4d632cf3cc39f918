import type { SyntaxNode } from '@lezer/common';
import { AGGREGATIONS, FUNCTIONS, TYPE_NAMES, type ValueType } from './functions';
import type { PromQLError } from './lexer';
import { unquote } from './strings';

/**
 * The semantic checks Prometheus's parser runs after the grammar (promql/parser/parse.go `checkAST`): argument counts
 * and types, binary operator rules, selector rules. Prometheus reports these as parse errors too (`promtool check rules`
 * fails on them), so they belong to `promql/syntax`. Only what is certain is reported: an expression whose type is not
 * known (a function this table does not list) is never the subject of a finding.
 */

/** Expression types; null when unknown (then nothing depending on it is checked). */
type T = ValueType | null;

const EXPR_NODES = new Set([
  'AggregateExpr', 'BinaryExpr', 'FunctionCall', 'MatrixSelector', 'SubqueryExpr', 'OffsetExpr', 'StepInvariantExpr',
  'ParenExpr', 'UnaryExpr', 'VectorSelector', 'NumberDurationLiteral', 'StringLiteral', 'AnchoredExpr', 'SmoothedExpr',
]);
const COMPARISONS = new Set(['Eql', 'Neq', 'Lte', 'Lss', 'Gte', 'Gtr']);
const SET_OPS = new Set(['And', 'Or', 'Unless']);
const BINARY_OPS = new Set(['Pow', 'Mul', 'Div', 'Mod', 'Add', 'Sub', 'Atan2', 'TrimUpper', 'TrimLower', ...COMPARISONS, ...SET_OPS]);

export function isExprNode(n: SyntaxNode): boolean { return EXPR_NODES.has(n.name); }

export function exprChildren(n: SyntaxNode | null): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n?.firstChild ?? null; c; c = c.nextSibling) if (isExprNode(c)) out.push(c);
  return out;
}

export function child(n: SyntaxNode | null, name: string): SyntaxNode | null {
  for (let c = n?.firstChild ?? null; c; c = c.nextSibling) if (c.name === name) return c;
  return null;
}

class Checker {
  error: PromQLError | undefined;
  constructor(private readonly text: string, private readonly names: (n: SyntaxNode) => string) {}

  private fail(n: { from: number; to: number }, message: string): void {
    if (!this.error || n.from < this.error.from) this.error = { from: n.from, to: n.to, message };
  }

  private slice(n: SyntaxNode): string { return this.text.slice(n.from, n.to); }

  private expect(n: SyntaxNode, want: ValueType, context: string): void {
    const t = this.check(n);
    if (t !== null && t !== want) this.fail(n, `expected type ${TYPE_NAMES[want]} in ${context}, got ${TYPE_NAMES[t]}`);
  }

  check(n: SyntaxNode): T {
    switch (n.name) {
      case 'NumberDurationLiteral': return 'scalar';
      case 'StringLiteral': return 'string';
      case 'VectorSelector': this.selector(n); return 'vector';
      case 'ParenExpr': { const inner = exprChildren(n)[0]; return inner ? this.check(inner) : null; }
      case 'UnaryExpr': {
        const inner = exprChildren(n)[0];
        const t = inner ? this.check(inner) : null;
        if (t !== null && t !== 'scalar' && t !== 'vector') this.fail(n, `unary expression only allowed on expressions of type scalar or instant vector, got ${TYPE_NAMES[t]}`);
        return t;
      }
      case 'MatrixSelector': {
        const inner = exprChildren(n)[0];
        if (!inner) return 'matrix';
        if (inner.name === 'OffsetExpr') this.fail(child(inner, 'Offset') ?? inner, 'no offset modifiers allowed before range: write the range first, `foo[5m] offset 1h`');
        else if (inner.name === 'StepInvariantExpr') this.fail(child(inner, 'At') ?? inner, 'no @ modifiers allowed before range: write the range first, `foo[5m] @ 1700000000`');
        else if (inner.name !== 'VectorSelector') this.fail(n, 'ranges only allowed for vector selectors; for an expression, use a subquery with a step: `(...)[5m:1m]`');
        else this.check(inner);
        return 'matrix';
      }
      case 'SubqueryExpr': {
        const inner = exprChildren(n)[0];
        const t = inner ? this.check(inner) : null;
        if (t !== null && t !== 'vector') this.fail(n, `subquery is only allowed on instant vector, got ${TYPE_NAMES[t]} instead`);
        return 'matrix';
      }
      case 'OffsetExpr': case 'StepInvariantExpr': return this.modifier(n);
      case 'AnchoredExpr': case 'SmoothedExpr': { const inner = exprChildren(n)[0]; return inner ? this.check(inner) : null; }
      case 'FunctionCall': return this.call(n);
      case 'AggregateExpr': this.aggregate(n); return 'vector';
      case 'BinaryExpr': return this.binary(n);
    }
    return null;
  }

  /** `offset` and `@` apply to selectors and subqueries only, once each. */
  private modifier(n: SyntaxNode): T {
    let inner = exprChildren(n)[0];
    if (!inner) return null;
    // The grammar gives `offset`/`@` the lowest precedence (`a / b offset 5m` parses as `(a / b) offset 5m`), but in
    // Prometheus they bind to the selector right before them: check the modifier against the rightmost operand.
    if (inner.name === 'BinaryExpr' || inner.name === 'UnaryExpr') {
      const whole = inner;
      while (inner.name === 'BinaryExpr' || inner.name === 'UnaryExpr') {
        const ops = exprChildren(inner);
        const last = ops[ops.length - 1];
        if (!last) break;
        inner = last;
      }
      this.modifierTarget(n, inner);
      return this.check(whole);
    }
    return this.modifierTarget(n, inner);
  }

  private modifierTarget(n: SyntaxNode, inner: SyntaxNode): T {
    const kw = n.name === 'OffsetExpr' ? 'offset' : '@';
    let base: SyntaxNode = inner;
    const seen = new Set<string>();
    while (base.name === 'OffsetExpr' || base.name === 'StepInvariantExpr') {
      seen.add(base.name);
      const next = exprChildren(base)[0];
      if (!next) break;
      base = next;
    }
    if (seen.has(n.name)) this.fail(child(n, n.name === 'OffsetExpr' ? 'Offset' : 'At') ?? n, kw === 'offset' ? 'offset may not be set multiple times' : '@ <timestamp> may not be set multiple times');
    const t = this.check(inner);
    if (!['VectorSelector', 'MatrixSelector', 'SubqueryExpr'].includes(base.name)) {
      this.fail(child(n, n.name === 'OffsetExpr' ? 'Offset' : 'At') ?? n, `${kw === 'offset' ? 'offset' : '@'} modifier must be preceded by an instant vector selector or range vector selector or a subquery`);
    }
    return t;
  }

  private call(n: SyntaxNode): T {
    const id = child(n, 'FunctionIdentifier');
    const body = child(n, 'FunctionCallBody');
    const args = exprChildren(body);
    const name = id ? this.names(id) : '';
    const sig = FUNCTIONS[name];
    if (!sig) { for (const a of args) this.check(a); return null; }
    const nargs = sig.argTypes.length;
    const where = id ? { from: id.from, to: id.from + name.length } : n;
    if (sig.variadic === 0 && args.length !== nargs) this.fail(where, `expected ${nargs} argument(s) in call to "${name}", got ${args.length}`);
    else if (sig.variadic !== 0 && args.length < nargs - 1) this.fail(where, `expected at least ${nargs - 1} argument(s) in call to "${name}", got ${args.length}`);
    else if (sig.variadic > 0 && args.length > nargs - 1 + sig.variadic) this.fail(where, `expected at most ${nargs - 1 + sig.variadic} argument(s) in call to "${name}", got ${args.length}`);
    args.forEach((a, i) => {
      if (i >= nargs && sig.variadic === 0) { this.check(a); return; }
      const want = sig.argTypes[Math.min(i, nargs - 1)];
      this.expect(a, want, `call to function "${name}"`);
    });
    return sig.returnType;
  }

  private aggregate(n: SyntaxNode): void {
    const op = child(n, 'AggregateOp');
    const name = op ? this.slice(op).toLowerCase() : '';
    const args = exprChildren(child(n, 'FunctionCallBody'));
    const param = AGGREGATIONS[name];
    if (param === undefined) { for (const a of args) this.check(a); return; }
    const want = param === null ? 1 : 2;
    if (args.length !== want) {
      this.fail(op ?? n, `wrong number of arguments for aggregate expression provided, expected ${want}, got ${args.length}${param === null ? '' : ` (\`${name}(<${param === 'string' ? 'label name' : 'number'}>, <vector>)\`)`}`);
      for (const a of args) this.check(a);
      return;
    }
    if (param !== null) this.expect(args[0], param, 'aggregation parameter');
    this.expect(args[args.length - 1], 'vector', 'aggregation expression');
  }

  private binary(n: SyntaxNode): T {
    const operands = exprChildren(n);
    if (operands.length !== 2) { for (const o of operands) this.check(o); return null; }
    const [l, r] = operands;
    let opNode: SyntaxNode | null = null;
    for (let c = n.firstChild; c; c = c.nextSibling) if (BINARY_OPS.has(c.name)) { opNode = c; break; }
    const op = opNode?.name ?? '';
    const opText = opNode ? this.slice(opNode) : '?';
    const lt = this.check(l);
    const rt = this.check(r);
    const bool = child(n, 'BoolModifier');
    const matching = child(n, 'MatchingModifierClause');
    const isComparison = COMPARISONS.has(op);
    const isSet = SET_OPS.has(op);
    const at = opNode ?? n;
    if (bool && !isComparison) this.fail(bool, 'bool modifier can only be used on comparison operators');
    if (!bool && isComparison && lt === 'scalar' && rt === 'scalar') this.fail(at, `comparisons between scalars must use BOOL modifier: write \`${opText} bool\``);
    if (isSet && (lt === 'scalar' || rt === 'scalar')) this.fail(at, `set operator "${opText.toLowerCase()}" not allowed in binary scalar expression`);
    if (lt !== null && lt !== 'scalar' && lt !== 'vector') this.fail(l, 'binary expression must contain only scalar and instant vector types');
    if (rt !== null && rt !== 'scalar' && rt !== 'vector') this.fail(r, 'binary expression must contain only scalar and instant vector types');
    if (matching) {
      const groups = [...matching.getChildren('GroupingLabels')];
      const onLabels = groups[0] ? this.labels(groups[0]) : [];
      const grouping = child(matching, 'GroupLeft') ?? child(matching, 'GroupRight');
      if (lt !== null && rt !== null && (lt !== 'vector' || rt !== 'vector') && onLabels.length > 0) this.fail(matching, 'vector matching only allowed between instant vectors');
      if (grouping && isSet) this.fail(grouping, `no grouping allowed for "${opText.toLowerCase()}" operation`);
      if (grouping && child(matching, 'On') && groups[1]) {
        const include = this.labels(groups[1]);
        const both = include.find(x => onLabels.includes(x));
        if (both) this.fail(matching, `label "${both}" must not occur in ON and GROUP clause at once`);
      }
    }
    if (lt === null || rt === null) return lt === 'vector' || rt === 'vector' ? 'vector' : null;
    return lt === 'vector' || rt === 'vector' ? 'vector' : 'scalar';
  }

  private labels(g: SyntaxNode): string[] {
    const out: string[] = [];
    for (let c = g.firstChild; c; c = c.nextSibling) {
      if (c.name === 'LabelName') out.push(this.slice(c));
      else if (c.name === 'QuotedLabelName') out.push(unquote(this.slice(c)) ?? this.slice(c));
    }
    return out;
  }

  /** At least one matcher that does not match the empty string; the metric name at most once. */
  private selector(n: SyntaxNode): void {
    const ident = child(n, 'Identifier');
    const matchers: { name: string; op: string; value: string }[] = [];
    if (ident) matchers.push({ name: '__name__', op: '=', value: this.slice(ident) });
    const list = child(n, 'LabelMatchers');
    for (let c = list?.firstChild ?? null; c; c = c.nextSibling) {
      if (c.name === 'QuotedLabelName') { matchers.push({ name: '__name__', op: '=', value: unquote(this.slice(c)) ?? '' }); continue; }
      if (c.name !== 'UnquotedLabelMatcher' && c.name !== 'QuotedLabelMatcher') continue;
      const nameNode = child(c, 'LabelName') ?? child(c, 'QuotedLabelName');
      const opNode = child(c, 'MatchOp');
      const valueNode = opNode && c.lastChild?.name === 'StringLiteral' && c.lastChild.from > opNode.from ? c.lastChild : null;
      if (!nameNode || !opNode || !valueNode) return;
      const name = nameNode.name === 'LabelName' ? this.slice(nameNode) : unquote(this.slice(nameNode)) ?? '';
      const value = unquote(this.slice(valueNode));
      if (value === undefined) return;
      const op = this.slice(opNode);
      if (op === '=~' || op === '!~') {
        const problem = regexProblem(value);
        if (problem) this.fail(valueNode, `error parsing regexp: ${problem}: \`${value}\``);
      }
      matchers.push({ name, op, value });
    }
    const names = matchers.filter(x => x.name === '__name__' && x.op === '=');
    if (names.length > 1) this.fail(n, `metric name must not be set twice: "${names[0].value}" or "${names[1].value}"`);
    if (matchers.length > 0 && matchers.every(matchesEmpty)) {
      this.fail(n, 'vector selector must contain at least one non-empty matcher: it would select every series; add a metric name or a matcher such as `job="api"`');
    }
    if (matchers.length === 0) this.fail(n, 'vector selector must contain at least one non-empty matcher: `{}` would select every series');
  }
}

/**
 * The regular-expression errors that RE2 (Go) and JavaScript agree on: unbalanced parentheses and brackets, and a
 * repetition operator with nothing to repeat (`*`, `a**`). Other differences between the two engines (`(?P<name>…)`,
 * `\\z`) make anything more a guess.
 */
export function regexProblem(re: string): string | undefined {
  let depth = 0;
  // Whether the previous item can be repeated, and whether it was itself a repetition (then only a lazy `?` may follow).
  let atom = false;
  let quant: 'none' | 'greedy' | 'lazy' = 'none';
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '*' || c === '+' || c === '?') {
      if (quant === 'greedy' && c === '?') { quant = 'lazy'; continue; }
      if (quant !== 'none') return `invalid nested repetition operator: \`${re.slice(i - 1, i + 1)}\``;
      if (!atom) return `missing argument to repetition operator: \`${c}\``;
      quant = 'greedy';
      continue;
    }
    quant = 'none';
    atom = true;
    if (c === '\\') { i++; continue; }
    if (c === '[') {
      let j = i + 1;
      if (re[j] === '^') j++;
      if (re[j] === ']') j++;
      while (j < re.length && re[j] !== ']') { if (re[j] === '\\') j++; else if (re[j] === '[' && re[j + 1] === ':') { const k = re.indexOf(':]', j + 2); if (k > 0) j = k + 1; } j++; }
      if (j >= re.length) return 'missing closing ]';
      i = j;
      continue;
    }
    if (c === '(') {
      depth++;
      atom = false;
      // A group prefix (`(?:`, `(?i)`, `(?P<name>`) is not a repetition.
      if (re[i + 1] === '?') { const k = re.slice(i + 2).search(/[:)>]/); if (k >= 0) { i = i + 2 + k; if (re[i] === ')') { depth--; } } }
    } else if (c === ')') { if (depth === 0) return 'unexpected )'; depth--; }
    else if (c === '|') atom = false;
    else if (c === '^') atom = false;
  }
  return depth > 0 ? 'missing closing )' : undefined;
}

/** Whether a matcher matches the empty label value (then it does not narrow the selection). */
function matchesEmpty(m: { op: string; value: string }): boolean {
  switch (m.op) {
    case '=': return m.value === '';
    case '!=': return m.value !== '';
    case '=~': case '!~': {
      let re: RegExp;
      // RE2 syntax JavaScript cannot compile: assume it narrows the selection (never a false positive).
      try { re = new RegExp(`^(?:${m.value})$`); } catch { return false; }
      return m.op === '=~' ? re.test('') : !re.test('');
    }
  }
  return false;
}

/** Runs the semantic checks on a tree without syntax errors; returns the first (leftmost) problem. */
export function checkSemantics(text: string, top: SyntaxNode, functionName: (n: SyntaxNode) => string): PromQLError | undefined {
  const c = new Checker(text, functionName);
  for (const e of exprChildren(top)) c.check(e);
  return c.error;
}
