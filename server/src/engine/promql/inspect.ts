import type { SyntaxNode } from '@lezer/common';
import { parsePromDuration } from '../durations';
import { child, exprChildren } from './check';
import { identifierAt, type PromQLParse } from './parse';
import { unquote } from './strings';

/**
 * Read-only helpers over a parsed expression, for rules, hover and completion: the selectors it reads, the ranges it
 * uses, the functions it calls. Offsets are into `PromQLParse.text`; map them to the file with the site's
 * EmbeddedText (`sourceSpan`). They work on expressions with errors too, on whatever the grammar recognised.
 */

export interface LabelMatcher { name: string; op: '=' | '!=' | '=~' | '!~'; value: string }

export interface SelectorInfo {
  /** The metric name (written before the braces, or as `__name__="…"`/a quoted name inside them). */
  metric?: string;
  matchers: LabelMatcher[];
  from: number;
  to: number;
}

export interface RangeInfo {
  /** `range`: `foo[5m]`; `subquery`/`step`: `(…)[1h:5m]`; `offset`: `offset 1h`. */
  kind: 'range' | 'subquery' | 'step' | 'offset';
  text: string;
  /** Milliseconds, when the text is a plain duration (`5m`, `1h30m`, or a number of seconds). */
  ms?: number;
  from: number;
  to: number;
}

export interface CallInfo { name: string; kind: 'function' | 'aggregation'; from: number; to: number }

function walk(p: PromQLParse, visit: (n: SyntaxNode) => void): void {
  const cursor = p.tree.cursor();
  do { visit(cursor.node); } while (cursor.next());
}

function slice(p: PromQLParse, n: SyntaxNode): string { return p.text.slice(n.from, n.to); }

/** Every vector selector (also those inside range selectors and subqueries). */
export function selectors(p: PromQLParse): SelectorInfo[] {
  const out: SelectorInfo[] = [];
  walk(p, n => {
    if (n.name !== 'VectorSelector') return;
    const info: SelectorInfo = { matchers: [], from: n.from, to: n.to };
    const ident = child(n, 'Identifier');
    if (ident) info.metric = slice(p, ident);
    for (let c = child(n, 'LabelMatchers')?.firstChild ?? null; c; c = c.nextSibling) {
      if (c.name === 'QuotedLabelName') { info.metric ??= unquote(slice(p, c)); continue; }
      if (c.name !== 'UnquotedLabelMatcher' && c.name !== 'QuotedLabelMatcher') continue;
      const nameNode = child(c, 'LabelName') ?? child(c, 'QuotedLabelName');
      const op = child(c, 'MatchOp');
      const value = op && c.lastChild?.name === 'StringLiteral' && c.lastChild.from > op.from ? unquote(slice(p, c.lastChild)) : undefined;
      if (!nameNode || !op || value === undefined) continue;
      const name = nameNode.name === 'LabelName' ? slice(p, nameNode) : unquote(slice(p, nameNode)) ?? '';
      const m: LabelMatcher = { name, op: slice(p, op) as LabelMatcher['op'], value };
      if (name === '__name__' && m.op === '=') info.metric ??= value;
      info.matchers.push(m);
    }
    out.push(info);
  });
  return out;
}

function duration(p: PromQLParse, n: SyntaxNode, kind: RangeInfo['kind']): RangeInfo {
  const text = slice(p, n).trim();
  const ms = parsePromDuration(text) ?? (/^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : undefined);
  return { kind, text, ms, from: n.from, to: n.to };
}

/** Range selector durations, subquery ranges and steps, and offsets. */
export function rangeDurations(p: PromQLParse): RangeInfo[] {
  const out: RangeInfo[] = [];
  walk(p, n => {
    if (n.name === 'MatrixSelector') {
      const d = child(n, 'DurationExpr');
      if (d) out.push(duration(p, d, 'range'));
    } else if (n.name === 'SubqueryExpr') {
      const ds = [...n.getChildren('DurationExpr')];
      if (ds[0]) out.push(duration(p, ds[0], 'subquery'));
      if (ds[1]) out.push(duration(p, ds[1], 'step'));
    } else if (n.name === 'OffsetExpr') {
      const d = child(n, 'OffsetDurationExpr');
      if (d) out.push(duration(p, d, 'offset'));
    }
  });
  return out.sort((a, b) => a.from - b.from);
}

/** Function calls and aggregations, by name as written. */
export function calls(p: PromQLParse): CallInfo[] {
  const out: CallInfo[] = [];
  walk(p, n => {
    if (n.name === 'FunctionCall') {
      const id = child(n, 'FunctionIdentifier');
      if (id) { const name = identifierAt(p.text, id.from); out.push({ name, kind: 'function', from: id.from, to: id.from + name.length }); }
    } else if (n.name === 'AggregateExpr') {
      const op = child(n, 'AggregateOp');
      if (op) out.push({ name: slice(p, op).toLowerCase(), kind: 'aggregation', from: op.from, to: op.to });
    }
  });
  return out;
}

/** The outermost expression node (skipping comments), or null for an empty text. */
export function rootExpression(p: PromQLParse): SyntaxNode | null {
  return exprChildren(p.tree.topNode)[0] ?? null;
}
