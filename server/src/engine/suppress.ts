import type { Finding } from './findings';
import type { LineIndex } from './text';

/**
 * Suppression comments: `# slo-lens-disable-next-line <id>[, <id>…]` (the next line) and
 * `# slo-lens-disable <id>…` (the whole file); without ids, every rule. Markdown uses `<!-- slo-lens-disable … -->`.
 */
export interface Suppressions { file: Set<string> | 'all' | null; lines: Map<number, Set<string> | 'all'> }

const RE = /(?:#|<!--)\s*slo-lens-(disable-next-line|disable)\b([^\n>]*)/g;

export function scanSuppressions(text: string, lines: LineIndex): Suppressions {
  const out: Suppressions = { file: null, lines: new Map() };
  if (!text.includes('slo-lens-disable')) return out;
  let m: RegExpExecArray | null;
  RE.lastIndex = 0;
  while ((m = RE.exec(text))) {
    const ids = m[2].replace(/--\s*$/, '').split(/[\s,]+/).map(s => s.trim()).filter(Boolean);
    const set: Set<string> | 'all' = ids.length ? new Set(ids) : 'all';
    if (m[1] === 'disable') {
      if (set === 'all' || out.file === 'all') out.file = 'all';
      else out.file = new Set([...(out.file ?? []), ...set]);
    } else {
      const line = lines.position(m.index).line + 1;
      const prev = out.lines.get(line);
      out.lines.set(line, set === 'all' || prev === 'all' ? 'all' : new Set([...(prev ?? []), ...set]));
    }
  }
  return out;
}

function covers(set: Set<string> | 'all' | null | undefined, rule: string): boolean {
  if (!set) return false;
  if (set === 'all') return true;
  return set.has(rule) || set.has(rule.split('/')[0]) || set.has(rule.split('/')[0] + '/*');
}

export function isSuppressed(s: Suppressions, f: Finding, lines: LineIndex): boolean {
  if (covers(s.file, f.rule)) return true;
  if (s.lines.size === 0) return false;
  return covers(s.lines.get(lines.position(f.span.start).line), f.rule);
}
