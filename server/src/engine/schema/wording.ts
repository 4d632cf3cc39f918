/** How schema problems are put into words: articles, value and path labels, lists. Pure string helpers. */
import type { Path } from './paths';

export function withArticle(title: string): string {
  if (title.includes('`') || /^(the|a|an) /i.test(title)) return title;
  return `${/^[aeiou]/i.test(title) && !/^(one|use)/i.test(title) ? 'an' : 'a'} ${title}`;
}

/** How to name the value at a path in a message: `` `for` `` or "item 2 of `alertPolicies`". */
export function label(path: Path): string {
  const last = path[path.length - 1];
  if (last === undefined) return 'the document';
  if (typeof last === 'number') return `item ${last + 1} of \`${String(path[path.length - 2] ?? 'the list')}\``;
  return `\`${last}\``;
}

export function typeWords(t: string | string[]): string {
  const words: Record<string, string> = {
    string: 'a string', number: 'a number', integer: 'a whole number', boolean: '`true` or `false`',
    object: 'a mapping (`key: value` lines)', array: 'a list (`- item` lines)', null: 'empty',
  };
  return orList(([] as string[]).concat(t).map(x => words[x] ?? x));
}

export function describe(v: unknown): string {
  if (v === null) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'boolean') return `\`${v}\``;
  if (typeof v === 'number') return `the number \`${v}\``;
  const s = String(v);
  return `the string \`${s.length > 40 ? s.slice(0, 37) + '…' : s}\``;
}

export function jsonType(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

export function fmt(v: unknown): string {
  if (typeof v === 'string') return v.length > 60 ? v.slice(0, 57) + '…' : v;
  return JSON.stringify(v) ?? String(v);
}

export function list(items: readonly unknown[], max: number): string {
  const shown = items.slice(0, max).map(i => `\`${String(i)}\``);
  return shown.join(', ') + (items.length > max ? `, … (${items.length - max} more)` : '');
}

export function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

export function andList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
