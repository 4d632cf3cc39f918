/**
 * The parse checks Go's text/template applies to an alert's labels and annotations, as Prometheus runs them when it
 * loads a rule file (`promtool check rules` fails the file on the first one). Only what fails *parsing* is reported:
 * an action never closed, an unterminated string, `{{end}}` without its `{{if}}`, a variable or function that does not
 * exist — with the exact position, which promtool does not give. Messages carry Go's own wording so they can be
 * searched for. Verified against promtool 2.42 (see test/unit/alertTemplateSyntax.test.ts).
 */

export interface TemplateError { from: number; to: number; message: string; go: string }

/** Variables Prometheus defines for alert templates. */
const PREDEFINED = ['$', '$labels', '$externalLabels', '$externalURL', '$value'];

/** Go's built-in template functions and Prometheus's template functions (2.42, plus those added since). */
export const TEMPLATE_FUNCTIONS = new Set([
  'and', 'call', 'html', 'index', 'slice', 'js', 'len', 'not', 'or', 'print', 'printf', 'println', 'urlquery',
  'eq', 'ge', 'gt', 'le', 'lt', 'ne',
  'query', 'first', 'label', 'value', 'sortByLabel', 'strvalue', 'args', 'reReplaceAll', 'safeHtml', 'match', 'title',
  'toUpper', 'toLower', 'graphLink', 'tableLink', 'humanize', 'humanize1024', 'humanizeDuration', 'humanizePercentage',
  'humanizeTimestamp', 'toTime', 'pathPrefix', 'externalURL', 'parseDuration', 'stripPort', 'stripDomain',
  'toDuration', 'now', 'urlQueryEscape',
]);

const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'block', 'template', 'break', 'continue', 'nil', 'true', 'false']);

type Tok = { t: 'ident' | 'var' | 'field' | 'dot' | 'num' | 'str' | 'pipe' | 'declare' | 'assign' | 'comma' | 'lparen' | 'rparen'; s: number; e: number; text: string };

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlnum = (c: string | undefined): boolean => {
  if (!c) return false;
  const k = c.charCodeAt(0);
  if (k < 0x80) return (k >= 48 && k <= 57) || (k >= 65 && k <= 90) || (k >= 97 && k <= 122) || k === 95;
  return /[\p{L}\p{N}]/u.test(c);
};

class Fail extends Error { constructor(readonly err: TemplateError) { super(err.message); } }
const fail = (from: number, to: number, go: string, message: string): never => { throw new Fail({ from, to, go, message }); };

/** The first parse error of a template, or undefined when Go would parse it. Cached by text (a rule file repeats them). */
export function checkGoTemplate(s: string): TemplateError | undefined {
  if (cache.has(s)) return cache.get(s);
  let result: TemplateError | undefined;
  try { parse(s); } catch (e) { if (e instanceof Fail) result = e.err; else throw e; }
  if (s.length <= 4096) {
    if (cache.size >= 20_000) cache.clear();
    cache.set(s, result);
  }
  return result;
}

const cache = new Map<string, TemplateError | undefined>();

function parse(s: string): void {
  const controls: { kind: string; at: number; to: number }[] = [];
  const scopes: Set<string>[] = [new Set(PREDEFINED)];
  let i = 0;
  for (;;) {
    const open = s.indexOf('{{', i);
    if (open < 0) break;
    let p = open + 2;
    if (s[p] === '-' && isSpace(s[p + 1])) p += 2;
    while (isSpace(s[p])) p++;
    if (s.startsWith('/*', p)) {
      const end = s.indexOf('*/', p + 2);
      if (end < 0) fail(open, Math.min(s.length, open + 4), 'unclosed comment', '`{{/*` starts a comment that is never closed with `*/}}`');
      let q = end + 2;
      if (s[q] === ' ' && s[q + 1] === '-') q += 2;
      if (!s.startsWith('}}', q)) fail(open, q, 'comment ends before closing delimiter', 'a template comment must end right before `}}`: write `{{/* … */}}`');
      i = q + 2;
      continue;
    }
    const { tokens, close, error } = lexAction(s, open, p);
    // Go's parser reads tokens as its lexer makes them: a bad token earlier in the action is reported before a lexing
    // error later in it (`{{ foo` is "function not defined", not "unclosed action").
    if (error) {
      // (Every token lexed precedes the error.) A keyword's own checks need the whole action, so only its pipeline is read.
      const kw = tokens[0]?.t === 'ident' && KEYWORDS.has(tokens[0].text) && !['nil', 'true', 'false'].includes(tokens[0].text) ? tokens[0].text : undefined;
      const rest = kw ? tokens.slice(1) : tokens;
      const { rest: after, declared } = declarations(rest, kw === 'range' ? 'range' : kw === 'define' || kw === 'block' || kw === 'template' ? 'none' : 'one', scopes);
      tokenChecks(after, scopes, declared);
      throw new Fail(error);
    }
    action(s, open, close, tokens, controls, scopes);
    i = close;
  }
  if (controls.length) {
    const c = controls[controls.length - 1];
    fail(c.at, c.to, 'unexpected EOF', `\`{{${c.kind}}}\` has no \`{{end}}\``);
  }
}

/** Tokens of one action from `p` to its `}}`; `close` is the offset after `}}`; `error`, the first lexing error. */
function lexAction(s: string, open: number, p: number): { tokens: Tok[]; close: number; error?: TemplateError } {
  const tokens: Tok[] = [];
  try { return { tokens, close: lexInto(tokens, s, open, p) }; } catch (e) { if (e instanceof Fail) return { tokens, close: -1, error: e.err }; throw e; }
}

/** After an identifier, a field or a variable, Go's lexer wants a space, `.`, `,`, `|`, `:`, `(`, `)` or the end. */
function terminated(s: string, q: number): void {
  const c = s[q];
  if (q >= s.length || isSpace(c) || '.,|:()'.includes(c) || s.startsWith('}}', q) || (c === '-' && s.startsWith('}}', q + 1))) return;
  const code = c.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  fail(q, q + c.length, `bad character ${code >= 0x20 && code !== 0x7f ? `${hex} '${c}'` : hex}`, `\`${c}\` cannot follow a name inside \`{{ }}\`: put a space before it`);
}

function lexInto(tokens: Tok[], s: string, open: number, p: number): number {
  let depth = 0;
  const unclosed = () => fail(open, Math.min(s.length, open + 2), 'unclosed action', '`{{` is never closed with `}}`');
  for (;;) {
    while (isSpace(s[p])) p++;
    if (p >= s.length) unclosed();
    if (s.startsWith('}}', p) || (s[p] === '-' && s.startsWith('}}', p + 1) && isSpace(s[p - 1]))) {
      if (depth > 0) fail(open, p, 'unclosed left paren', 'a `(` in this action is never closed');
      return s.indexOf('}}', p) + 2;
    }
    const c = s[p];
    const start = p;
    const push = (t: Tok['t'], end: number) => { tokens.push({ t, s: start, e: end, text: s.slice(start, end) }); p = end; };
    if (c === '"') {
      let q = p + 1;
      while (q < s.length && s[q] !== '"') { if (s[q] === '\n') break; q += s[q] === '\\' ? 2 : 1; }
      if (q >= s.length || s[q] !== '"') fail(start, Math.min(q, s.length), 'unterminated quoted string', 'this string has no closing `"`');
      push('str', q + 1);
    } else if (c === '`') {
      const q = s.indexOf('`', p + 1);
      if (q < 0) fail(start, s.length, 'unterminated raw quoted string', 'this raw string has no closing backquote');
      push('str', q + 1);
    } else if (c === "'") {
      let q = p + 1;
      while (q < s.length && s[q] !== "'" && s[q] !== '\n') q += s[q] === '\\' ? 2 : 1;
      if (q >= s.length || s[q] !== "'") fail(start, Math.min(q, s.length), 'unterminated character constant', "this character constant has no closing `'`");
      const body = s.slice(p + 1, q);
      if (!body.startsWith('\\') && [...body].length !== 1) fail(start, q + 1, `malformed character constant: ${s.slice(start, q + 1)}`, 'single quotes hold one character in Go templates; use double quotes for a string');
      push('str', q + 1);
    } else if (c === '(') { depth++; push('lparen', p + 1); }
    else if (c === ')') {
      if (depth === 0) fail(start, p + 1, 'unexpected ")" in command', 'this `)` closes nothing');
      depth--; push('rparen', p + 1);
    } else if (c === '|') push('pipe', p + 1);
    else if (c === ',') push('comma', p + 1);
    else if (c === ':' && s[p + 1] === '=') push('declare', p + 2);
    else if (c === '=') push('assign', p + 1);
    else if (c === '$') { let q = p + 1; while (isAlnum(s[q])) q++; q = fields(s, q); terminated(s, q); push('var', q); }
    else if (c === '.') {
      if (isAlnum(s[p + 1])) { const q = fields(s, p); terminated(s, q); push('field', q); }
      else push('dot', p + 1);
    } else if (/[0-9]/.test(c) || ((c === '-' || c === '+' || c === '.') && /[0-9]/.test(s[p + 1] ?? ''))) {
      const q = scanNumber(s, p);
      if (isAlnum(s[q])) fail(start, q + 1, `bad number syntax: ${JSON.stringify(s.slice(start, q + 1))}`, 'a number cannot run into letters: put a space after it');
      push('num', q);
    } else if (isAlnum(c)) { let q = p; while (isAlnum(s[q])) q++; q = fields(s, q); terminated(s, q); push('ident', q); }
    else if (c.charCodeAt(0) < 0x7f) fail(start, p + 1, `unexpected "${c}" in command`, `\`${c}\` has no meaning inside \`{{ }}\``);
    else fail(start, p + 1, `unrecognized character in action: ${JSON.stringify(c)}`, `\`${c}\` cannot appear inside \`{{ }}\``);
  }
}

/** The end of a Go number literal at `p` (sign, 0x/0o/0b, digits with `_`, fraction, exponent, `i`). */
function scanNumber(s: string, p: number): number {
  let q = p;
  if (s[q] === '+' || s[q] === '-') q++;
  let digits = /[0-9_]/;
  let exp = /[eE]/;
  if (s[q] === '0' && /[xXoObB]/.test(s[q + 1] ?? '')) {
    const base = s[q + 1].toLowerCase();
    digits = base === 'x' ? /[0-9a-fA-F_]/ : base === 'o' ? /[0-7_]/ : /[01_]/;
    if (base === 'x') exp = /[pP]/;
    q += 2;
  }
  while (q < s.length && digits.test(s[q])) q++;
  if (s[q] === '.') { q++; while (q < s.length && digits.test(s[q])) q++; }
  if (exp.test(s[q] ?? '')) { q++; if (s[q] === '+' || s[q] === '-') q++; while (q < s.length && /[0-9_]/.test(s[q])) q++; }
  if (s[q] === 'i') q++;
  return q;
}

/** Skips a chain of `.Field` selectors. */
function fields(s: string, q: number): number {
  while (s[q] === '.' && isAlnum(s[q + 1])) { q++; while (isAlnum(s[q])) q++; }
  return q;
}

function action(s: string, open: number, close: number, tokens: Tok[], controls: { kind: string; at: number; to: number }[], scopes: Set<string>[]): void {
  const first = tokens[0];
  const word = first?.t === 'ident' ? first.text : undefined;
  const here = { at: open, to: close };
  let rest = tokens;
  let declaring: 'none' | 'one' | 'range' = 'one';
  if (word && KEYWORDS.has(word) && word !== 'nil' && word !== 'true' && word !== 'false') {
    rest = tokens.slice(1);
    switch (word) {
      case 'end': {
        if (!controls.length) fail(open, close, 'unexpected {{end}}', '`{{end}}` closes no `{{if}}`, `{{range}}`, `{{with}}` or `{{define}}`');
        controls.pop();
        scopes.pop();
        return;
      }
      case 'else': {
        const top = controls[controls.length - 1];
        if (!top || !['if', 'range', 'with'].includes(top.kind)) fail(open, close, 'unexpected {{else}}', '`{{else}}` outside `{{if}}`, `{{range}}` or `{{with}}`');
        if (rest[0]?.t === 'ident' && (rest[0].text === 'if' || rest[0].text === 'with')) {
          const kind = rest[0].text;
          rest = rest.slice(1);
          if (!rest.length) fail(open, close, `missing value for ${kind}`, `\`{{else ${kind}}}\` needs a condition`);
        }
        break;
      }
      case 'if': case 'with': case 'range':
        if (!rest.length) fail(open, close, `missing value for ${word}`, `\`{{${word}}}\` needs a value to test`);
        controls.push({ kind: word, ...here });
        scopes.push(new Set());
        declaring = word === 'range' ? 'range' : 'one';
        break;
      case 'define': case 'block':
        controls.push({ kind: word, ...here });
        scopes.push(new Set());
        declaring = 'none';
        break;
      case 'break': case 'continue':
        if (!controls.some(c => c.kind === 'range')) fail(open, close, `{{${word}}} outside {{range}}`, `\`{{${word}}}\` only works inside \`{{range}}\``);
        return;
      case 'template':
        declaring = 'none';
        break;
    }
  } else if (!tokens.length) {
    fail(open, close, 'missing value for command', '`{{ }}` is empty');
  }
  const d = declarations(rest, declaring, scopes);
  rest = d.rest;
  const declared = d.declared;
  if (rest[0]?.t === 'pipe') fail(rest[0].s, rest[0].e, 'unexpected "|" in command', 'a pipeline cannot start with `|`');
  tokenChecks(rest, scopes, declared);
}

/** `$x :=` (or `$i, $v :=` in range) declares; the declared names become visible after the action. */
function declarations(rest: Tok[], declaring: 'none' | 'one' | 'range', _scopes: Set<string>[]): { rest: Tok[]; declared: string[] } {
  const declared: string[] = [];
  if (declaring === 'none') return { rest, declared };
  const names = rest.findIndex(t => t.t === 'declare' || t.t === 'assign');
  if (names > 0 && rest.slice(0, names).every(t => t.t === 'var' || t.t === 'comma')) {
    const vars = rest.slice(0, names).filter(t => t.t === 'var');
    if (vars.length > 1 && declaring !== 'range') fail(vars[0].s, rest[names].e, 'too many declarations in command', 'only `{{range}}` declares two variables at once');
    // (An assignment `$x = …` to a variable never declared passes Go's parser: only declarations are tracked.)
    if (rest[names].t === 'declare') declared.push(...vars.map(v => v.text.split('.')[0]));
    return { rest: rest.slice(names + 1), declared };
  }
  return { rest, declared };
}

/** The checks Go's parser makes token by token: functions exist, variables are declared, `:=` declares. */
function tokenChecks(tokens: Tok[], scopes: Set<string>[], declared: string[]): void {
  for (const t of tokens) {
    if (t.t === 'var') use(t, scopes);
    else if (t.t === 'declare' || t.t === 'assign') fail(t.s, t.e, `unexpected "${t.text}" in command`, `\`${t.text}\` must follow a variable: \`{{ $x ${t.text} … }}\``);
    else if (t.t === 'comma') fail(t.s, t.e, 'unexpected "," in command', 'a `,` only separates the two variables of `{{range $i, $v := …}}`');
    else if (t.t === 'ident' && KEYWORDS.has(t.text) && !['nil', 'true', 'false'].includes(t.text)) fail(t.s, t.e, `unexpected <${t.text}> in operand`, `\`${t.text}\` starts an action of its own: \`{{${t.text} …}}\``);
    else if (t.t === 'ident' && !KEYWORDS.has(t.text.split('.')[0]) && !TEMPLATE_FUNCTIONS.has(t.text.split('.')[0])) {
      const name = t.text.split('.')[0];
      fail(t.s, t.s + name.length, `function "${name}" not defined`, `\`${name}\` is not a template function`);
    }
  }
  for (const d of declared) scopes[scopes.length - 1].add(d);
}

function use(t: Tok, scopes: Set<string>[]): void {
  const name = t.text.split('.')[0];
  if (!scopes.some(sc => sc.has(name))) fail(t.s, t.s + name.length, `undefined variable "${name}"`, `\`${name}\` is not defined`);
}
