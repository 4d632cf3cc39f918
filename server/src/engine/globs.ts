/**
 * Glob matching for `ignore` patterns: `**` any path, `*` within a segment, `?` one character, `{a,b}` alternatives.
 * Patterns without a slash match a name at any depth (like .gitignore); a pattern that matches a folder matches
 * everything below it.
 *
 * The patterns come from `.slo-lens.yaml`, which is workspace data and may be hostile: as a regular expression,
 * `**a**a**a**a**a**a**a**a**b` takes seconds per path (nested `.*` backtracking). So a pattern is compiled to a small
 * automaton and run by tracking every state at once: time grows with path length × pattern length, never worse.
 */

/** What config and engine need of a compiled pattern (a RegExp has it too). */
export interface GlobMatcher { test(path: string): boolean; readonly source: string }

type Token =
  | { t: 'lit'; c: string }
  | { t: 'one' } // ?  one character except /
  | { t: 'star' } // *  any run without /
  | { t: 'any' } // ** any run
  | { t: 'dirs' }; // **/ nothing, or any run ending in /

/** Brace expansion is capped: `{a,b}{c,d}…` multiplies, and a pattern list is not meant to be a search space. */
const MAX_ALTERNATIVES = 64;

function expandBraces(glob: string): string[] {
  const open = glob.indexOf('{');
  if (open < 0) return [glob];
  const close = glob.indexOf('}', open);
  if (close < 0) return [glob];
  const head = glob.slice(0, open);
  const tail = expandBraces(glob.slice(close + 1));
  const out: string[] = [];
  for (const alt of glob.slice(open + 1, close).split(',')) {
    for (const t of tail) {
      if (out.length >= MAX_ALTERNATIVES) return out;
      out.push(head + alt + t);
    }
  }
  return out;
}

function tokenize(g: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*') {
      if (g[i + 1] === '*') {
        i++;
        if (g[i + 1] === '/') { i++; out.push({ t: 'dirs' }); } else out.push({ t: 'any' });
      } else out.push({ t: 'star' });
    } else if (c === '?') out.push({ t: 'one' });
    else if (c === '{') out.push({ t: 'lit', c }); // an unclosed brace is literal (closed ones were expanded)
    else out.push({ t: 'lit', c });
  }
  return out;
}

/**
 * One alternative as an NFA over positions in `tokens`. State k means "tokens before k are matched". `dirs` has a
 * second state (k, inside): some characters of its run consumed, a `/` still owed. After the last token the
 * path may end, or continue below a `/` (the folder matched).
 */
function run(tokens: Token[], path: string): boolean {
  const n = tokens.length;
  // at[k]: at state k; inside[k]: inside the run of a `dirs` token k; below: past the end, under a matched folder.
  let at = new Uint8Array(n + 1);
  let inside = new Uint8Array(n + 1);
  let below = false;
  const close = (set: Uint8Array) => {
    // Epsilon moves: stars and `dirs` may match nothing.
    for (let k = 0; k < n; k++) if (set[k] && tokens[k].t !== 'lit' && tokens[k].t !== 'one') set[k + 1] = 1;
  };
  at[0] = 1;
  close(at);
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    const nextAt = new Uint8Array(n + 1);
    const nextInside = new Uint8Array(n + 1);
    if (at[n] && c === '/') below = true;
    for (let k = 0; k < n; k++) {
      const tok = tokens[k];
      if (at[k]) {
        switch (tok.t) {
          case 'lit': if (tok.c === c) nextAt[k + 1] = 1; break;
          case 'one': if (c !== '/') nextAt[k + 1] = 1; break;
          case 'star': if (c !== '/') nextAt[k] = 1; break;
          case 'any': nextAt[k] = 1; break;
          case 'dirs': nextInside[k] = 1; if (c === '/') nextAt[k + 1] = 1; break;
        }
      }
      if (inside[k]) { nextInside[k] = 1; if (c === '/') nextAt[k + 1] = 1; }
    }
    close(nextAt);
    at = nextAt;
    inside = nextInside;
    if (!below && !at.some(Boolean) && !inside.some(Boolean)) return false;
  }
  return below || at[n] === 1;
}

export function globToRegExp(glob: string): GlobMatcher {
  let g = glob.trim().replace(/^\.\//, '');
  if (!g.includes('/')) g = '**/' + g;
  if (g.endsWith('/')) g += '**';
  const alternatives = expandBraces(g).map(tokenize);
  return { source: g, test: (path: string) => alternatives.some(tokens => run(tokens, path)) };
}

export function matchesAny(relPath: string, globs: readonly GlobMatcher[]): boolean {
  const p = relPath.replace(/\\/g, '/').replace(/^\.\//, '');
  return globs.some(g => g.test(p));
}
