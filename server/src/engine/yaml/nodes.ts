import type { YamlProblem, YScalar } from './ast';

// Node details that parse.ts' build (over js-yaml's events) and the fast path (fastTree.ts) must make alike: the fast
// path's tree has to equal build's, so both take these from here.

/** The problem a key seen before in the same mapping is (YAML keeps only one of them). */
export function duplicateKey(key: YScalar): YamlProblem {
  return { kind: 'duplicate-key', message: `duplicate key \`${key.text}\` (first defined on an earlier line); YAML keeps only one of them`, span: { start: key.start, end: key.end } };
}

/** The end of a flow collection: just after the first `bracket` from `from` (looked for up to 10,000 characters). */
export function closingBracket(text: string, from: number, bracket: string): number {
  for (let i = from; i < text.length && i < from + 10_000; i++) {
    if (text[i] === bracket) return i + 1;
  }
  return from;
}

/**
 * Where a block scalar's node starts and ends, given its body: at the `|`/`>` header found looking back from the body
 * (so a finding on the value starts where the user sees it), and before the body's trailing line breaks.
 */
export function blockScalarSpan(text: string, valueStart: number, valueEnd: number): { start: number; end: number } {
  let start = valueStart - 1;
  while (start > 0 && text[start] !== '|' && text[start] !== '>') start--;
  let end = valueEnd;
  while (end > valueStart && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return { start: start >= 0 ? start : valueStart, end };
}
