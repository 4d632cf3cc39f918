import type { JsonSchema } from './types';

/** A place in a document: mapping keys and sequence indexes. */
export type Path = (string | number)[];

/** Keywords that describe a subschema without constraining it. */
export const ANNOTATIONS = new Set(['title', 'description', '$comment', 'x-because', 'x-message', 'x-expected']);

/** Branch lists of a `oneOf`/`anyOf` that only require keys, e.g. `[["total"], ["raw"]]`; undefined otherwise. */
export function keyChoices(branches: unknown): string[][] | undefined {
  if (!Array.isArray(branches) || !branches.length) return undefined;
  const out: string[][] = [];
  for (const b of branches) {
    if (!isObj(b) || !b.required || !Object.keys(b).every(k => k === 'required' || ANNOTATIONS.has(k))) return undefined;
    out.push(b.required);
  }
  return out;
}

/** JSON pointer (Ajv's `instancePath`) to a path; segments under arrays become numbers. */
export function toPath(instancePath: string, value: unknown): Path {
  if (!instancePath) return [];
  const out: Path = [];
  let cur = value;
  for (const raw of instancePath.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) { const i = Number(seg); out.push(i); cur = cur[i]; }
    else { out.push(seg); cur = isRecord(cur) ? cur[seg] : undefined; }
  }
  return out;
}

export function pointer(path: readonly (string | number)[]): string {
  return path.map(s => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function dataAt(value: unknown, path: Path): unknown {
  let cur = value;
  for (const seg of path) {
    if (Array.isArray(cur)) cur = cur[seg as number];
    else if (isRecord(cur)) cur = cur[String(seg)];
    else return undefined;
  }
  return cur;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function isObj(v: unknown): v is JsonSchema {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
