import type { YNode } from './ast';

/** Alias expansion budget: an alias bomb stops here instead of filling memory. */
export const DEFAULT_NODE_BUDGET = 200_000;

export class ExpansionLimit extends Error {
  constructor(readonly budget: number) { super(`expanding aliases would create more than ${budget} values`); }
}

/**
 * Converts a positioned node to a plain JS value (what schema validation and numeric rules see). Aliases are expanded
 * within a node budget; merge keys (`<<`) are honoured.
 */
export function toValue(node: YNode | null, budget = DEFAULT_NODE_BUDGET): unknown {
  let left = budget;
  const seen: YNode[] = [];
  const conv = (n: YNode | null): unknown => {
    if (!n) return null;
    if (--left < 0) throw new ExpansionLimit(budget);
    switch (n.kind) {
      case 'scalar': return n.value;
      case 'alias': {
        if (!n.target || seen.includes(n.target)) return null;
        seen.push(n.target);
        try { return conv(n.target); } finally { seen.pop(); }
      }
      case 'seq': return n.items.map(conv);
      case 'map': {
        const out: Record<string, unknown> = {};
        for (let i = 0; i < n.pairs.length; i++) { // indexed: see pairOf in ast.ts
          const p = n.pairs[i];
          const k = p.key.kind === 'scalar' ? p.key.text : JSON.stringify(conv(p.key));
          if (k === '<<' && p.key.kind === 'scalar' && p.key.style === 'plain') {
            const merged = conv(p.value);
            const sources = Array.isArray(merged) ? merged : [merged];
            for (const src of sources) if (src && typeof src === 'object' && !Array.isArray(src)) {
              for (const [mk, mv] of Object.entries(src as Record<string, unknown>)) if (!Object.prototype.hasOwnProperty.call(out, mk)) out[mk] = mv;
            }
            continue;
          }
          // Plain assignment is ~25x faster; only a `__proto__` key needs defineProperty to stay an own property.
          if (k === '__proto__') Object.defineProperty(out, k, { value: conv(p.value), enumerable: true, writable: true, configurable: true });
          else out[k] = conv(p.value);
        }
        return out;
      }
    }
  };
  return conv(node);
}
