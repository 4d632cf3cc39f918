/**
 * A small PromQL tokenizer for describing errors ("unexpected identifier \"bar\"") and for helpers that need token
 * boundaries. It assumes the lexer pass (lexer.ts) found nothing: strings are terminated and characters are valid.
 */
export type TokenKind = 'identifier' | 'number' | 'string' | 'operator' | 'punct';

export interface Token { kind: TokenKind; text: string; from: number; to: number }

const OPERATORS = ['==', '!=', '<=', '>=', '=~', '!~', '</', '>/', '+', '-', '*', '/', '%', '^', '<', '>', '=', '@'];

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    if (c === '#') { while (i < text.length && text[i] !== '\n') i++; continue; }
    const start = i;
    if (c === '"' || c === "'" || c === '`') {
      i++;
      while (i < text.length && text[i] !== c) { if (text[i] === '\\' && c !== '`') i++; i++; }
      i = Math.min(text.length, i + 1);
      out.push({ kind: 'string', text: text.slice(start, i), from: start, to: i });
      continue;
    }
    if (/[0-9.]/.test(c)) {
      while (i < text.length && /[0-9A-Za-z._]/.test(text[i])) i++;
      out.push({ kind: 'number', text: text.slice(start, i), from: start, to: i });
      continue;
    }
    if (/[A-Za-z_:]/.test(c)) {
      while (i < text.length && /[A-Za-z0-9_:]/.test(text[i])) i++;
      const word = text.slice(start, i);
      // Inf and NaN are numbers in PromQL.
      out.push({ kind: /^(inf|nan)$/i.test(word) ? 'number' : 'identifier', text: word, from: start, to: i });
      continue;
    }
    const op = OPERATORS.find(o => text.startsWith(o, i));
    if (op) { out.push({ kind: 'operator', text: op, from: i, to: i + op.length }); i += op.length; continue; }
    out.push({ kind: 'punct', text: c, from: i, to: i + 1 });
    i++;
  }
  return out;
}

const KEYWORD_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', 'and', 'or', 'unless', 'atan2']);

export function describeToken(t: Token): string {
  switch (t.kind) {
    case 'identifier': return KEYWORD_WORDS.has(t.text.toLowerCase()) ? `keyword "${t.text}"` : `identifier "${t.text}"`;
    case 'number': return /^\d+(ms|[smhdwy])/.test(t.text) ? `duration "${t.text}"` : `number "${t.text}"`;
    case 'string': return `string ${t.text}`;
    default: return `"${t.text}"`;
  }
}
