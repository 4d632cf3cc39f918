import type { ScalarStyle, ScalarValue } from './ast';

const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** YAML 1.2 core schema resolution of a plain scalar (what Go's yaml.v3 and Kubernetes decoders do). */
export function resolve(raw: string, style: ScalarStyle, tag?: string): ScalarValue {
  if (tag === '!!str' || tag === '!') return raw;
  if (style !== 'plain') return raw;
  if (tag === '!!int' || tag === '!!float') { const n = Number(raw); return Number.isNaN(n) ? raw : n; }
  switch (raw) {
    case '': case '~': case 'null': case 'Null': case 'NULL': return null;
    case 'true': case 'True': case 'TRUE': return true;
    case 'false': case 'False': case 'FALSE': return false;
    case '.inf': case '.Inf': case '.INF': case '+.inf': case '+.Inf': case '+.INF': return Infinity;
    case '-.inf': case '-.Inf': case '-.INF': return -Infinity;
    case '.nan': case '.NaN': case '.NAN': return NaN;
  }
  const c = raw.charCodeAt(0);
  if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 48)) return raw;
  if (INT.test(raw)) return Number(raw);
  if (/^0o[0-7]+$/.test(raw)) return parseInt(raw.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(raw)) return parseInt(raw.slice(2), 16);
  if (FLOAT.test(raw)) return Number(raw);
  return raw;
}
