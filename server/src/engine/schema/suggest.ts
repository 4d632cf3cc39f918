/** Edit distance (insertions, deletions, substitutions, adjacent transpositions), stopping early past `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    prev2.splice(0, prev2.length, ...prev);
    prev = cur;
  }
  return prev[b.length];
}

/** Spelling-insensitive form: `error_query`, `errorQuery` and `Error-Query` are the same word. */
export function normalizeKey(s: string): string {
  return s.toLowerCase().replace(/[-_\s]/g, '');
}

/**
 * The candidate the user most likely meant, or undefined when none is close: same word in another spelling
 * (`error_query` for `errorQuery`), an abbreviation of one candidate, else the nearest by edit distance within about
 * a third of the word's length.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  const norm = normalizeKey(word);
  const same = list.find(c => normalizeKey(c) === norm);
  if (same !== undefined) return same;
  // An abbreviation (`desc`, `annot`) of exactly one candidate.
  const prefixed = norm.length >= 3 ? list.filter(c => normalizeKey(c).startsWith(norm)) : [];
  if (prefixed.length === 1) return prefixed[0];
  const max = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestD = max + 1;
  for (const c of list) {
    const d = Math.min(editDistance(word, c, max), editDistance(norm, normalizeKey(c), max));
    if (d < bestD) { best = c; bestD = d; }
  }
  return best;
}
