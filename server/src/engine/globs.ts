/**
 * Glob matching for `ignore` patterns: `**` any path, `*` within a segment, `?` one character, `{a,b}` alternatives.
 * Patterns without a slash match a name at any depth (like .gitignore).
 */
export function globToRegExp(glob: string): RegExp {
  let g = glob.trim().replace(/^\.\//, '');
  if (!g.includes('/')) g = '**/' + g;
  if (g.endsWith('/')) g += '**';
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

function escape(s: string): string { return s.replace(/[.+^$()|[\]\\]/g, '\\$&'); }

export function matchesAny(relPath: string, globs: readonly RegExp[]): boolean {
  const p = relPath.replace(/\\/g, '/').replace(/^\.\//, '');
  return globs.some(g => g.test(p));
}
