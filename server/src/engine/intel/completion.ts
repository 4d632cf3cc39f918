import { LineIndex, type Span } from '../text';
import type { SourceFile } from '../source';
import type { FormatId } from '../formats/detect';
import { detectFormat } from '../formats/detect';
import { parseYaml } from '../yaml/parse';
import { asScalar, asSeq, nodeAtPath } from '../yaml/ast';
import { cursorContext, type CursorContext, type PathSeg } from './cursor';
import * as S from './schemaNav';
import { indentSnippet, snippetsAt } from './snippets';
import { alertNameCandidates, objectNameCandidates, refKindAt, runbookDirGuess, runbookPathCandidates, sloNameCandidates, type ValueCandidate } from './completionValues';
import { isRunbookKey } from './runbookLinks';
import type { IntelEnv } from './hover';
import type { JsonSchema } from '../schema';

/** Completion at a cursor: schema keys and values, workspace names, and block snippets. The LSP layer only converts. */

export interface IntelCompletion {
  label: string;
  kind: 'key' | 'value' | 'snippet' | 'alert' | 'file' | 'anchor' | 'reference' | 'slo';
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Text to insert; when `snippet`, in LSP snippet syntax (`${1:default}`, `$0`). */
  insertText: string;
  snippet: boolean;
  replace: Span;
  sortText: string;
  filterText?: string;
}

export interface CompletionResult { items: IntelCompletion[]; context: CursorContext | null; format?: FormatId; kind?: string }

const INDENT = 2;

/** The format of the document around the cursor: the parsed one, or a guess from its header lines when it does not parse. */
export function formatAt(file: SourceFile, ctx: CursorContext): { format: FormatId; kind?: string } | undefined {
  for (const d of file.docs) {
    if (d.detected && d.doc.start <= ctx.doc.end && d.doc.end >= ctx.doc.start && ctx.replace.start >= d.doc.start && ctx.replace.start <= d.doc.end) {
      return { format: d.detected.format, kind: d.detected.kind };
    }
  }
  const text = file.text.slice(ctx.doc.start, ctx.doc.end);
  const top = (key: string) => new RegExp(`^${key}:[ \\t]*['"]?([^'"\\s#]+)`, 'm').exec(text)?.[1];
  const lines: string[] = [];
  const apiVersion = top('apiVersion');
  const kind = top('kind');
  const version = top('version');
  if (apiVersion) lines.push(`apiVersion: "${apiVersion}"`);
  if (kind) lines.push(`kind: "${kind}"`);
  if (version) lines.push(`version: "${version}"`);
  if (!apiVersion && /^groups:/m.test(text)) lines.push('groups: []');
  if (!lines.length) return undefined;
  // The header alone decides the format, through the same detector the engine uses.
  const doc = parseYaml(lines.join('\n')).docs[0];
  const d = doc ? detectFormat(doc) : null;
  return d ? { format: d.format, kind: d.kind } : undefined;
}

/** A scalar as YAML writes it: quoted when plain text would read as something else (a number, a boolean, `a: b`). */
export function yamlScalar(value: string | number | boolean | null, quote?: '"' | "'"): string {
  if (value === null) return 'null';
  if (typeof value !== 'string') return String(value);
  if (quote === '"') return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  if (quote === "'") return value.replace(/'/g, "''");
  const plainOk = value !== '' && !/^[\s\-?:,[\]{}#&*!|>'"%@`]|: | #|\s$/.test(value) && !/^(true|false|null|~|yes|no|on|off|[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?|0x[0-9a-f]+|0o[0-7]+)$/i.test(value);
  return plainOk ? value : JSON.stringify(value);
}

/**
 * A view of a file with newer text but the last parse's model, for completion on big files while the user types.
 * Completion finds its place from the text alone (cursor.ts) and its format from the document's header lines, so it
 * does not need the new version parsed; the old model only ranks runbook paths. `docs` is emptied so nothing reads
 * the old tree at new offsets.
 */
export function withText(file: SourceFile, text: string, version: number): SourceFile {
  return { ...file, text, version, lines: new LineIndex(text), docs: [], yaml: undefined };
}

const snippetEscape = (s: string) => s.replace(/[$}\\]/g, m => '\\' + m);

export function completionAt(file: SourceFile, offset: number, env: IntelEnv): CompletionResult {
  if (file.language !== 'yaml') return { items: [], context: null };
  const ctx = cursorContext(file, offset);
  if (!ctx) return { items: [], context: null };
  const fmt = formatAt(file, ctx);
  const items: IntelCompletion[] = [];

  const push = (c: Omit<IntelCompletion, 'replace' | 'sortText'> & { rank?: number }) => {
    const { rank = 5, ...rest } = c;
    items.push({ ...rest, replace: ctx.replace, sortText: `${rank}_${c.label.toLowerCase()}` });
  };

  const wantsValue = ctx.mode === 'value' || ctx.mode === 'item';
  if (wantsValue) {
    for (const v of workspaceValues(file, offset, ctx, fmt, env)) {
      const text = v.insert ?? v.label;
      push({ label: v.label, kind: v.kind, detail: v.detail, documentation: v.documentation, insertText: ctx.flow && /[,\]]/.test(text) ? JSON.stringify(text) : yamlScalar(text, ctx.quote), snippet: false, rank: v.rank, filterText: ctx.quote ? undefined : text });
    }
  }

  if (fmt) {
    if (ctx.mode === 'value' || ctx.mode === 'item') {
      const here = S.schemasAt(fmt.format, fmt.kind, ctx.path);
      for (const e of S.enumValues(here)) {
        const label = e.value === null ? 'null' : String(e.value);
        push({ label, kind: 'value', detail: S.describe(here)?.split('\n')[0], documentation: e.description, insertText: ctx.flow ? yamlScalar(e.value) : yamlScalar(e.value, ctx.quote), snippet: false, rank: 2 });
      }
      if (ctx.mode === 'item' && !ctx.flow && S.hasProperties(here)) keyItems(S.propertiesAt(fmt.format, fmt.kind, ctx.path, ctx.siblings), ctx, push);
    } else {
      keyItems(S.propertiesAt(fmt.format, fmt.kind, ctx.path, ctx.siblings), ctx, push);
    }
  }

  if ((ctx.mode === 'key' || (ctx.mode === 'item' && !ctx.flow)) && !ctx.quote) {
    const dir = fmt && (fmt.format === 'prometheus-rules' || fmt.format === 'prometheus-rule-crd' || fmt.format.startsWith('sloth')) ? runbookDirGuess(file, env.workspace) : 'runbooks/';
    const docEmpty = !fmt && file.text.slice(ctx.doc.start, ctx.doc.end).replace(/^---.*$/m, '').trim().replace(ctx.prefix, '') === '';
    if (fmt || docEmpty) {
      for (const s of snippetsAt(fmt?.format, ctx.path, ctx.mode === 'item', dir)) {
        push({ label: s.label, kind: 'snippet', detail: s.detail, documentation: s.documentation, insertText: indentSnippet(s.body, ctx.column), snippet: true, rank: 0 });
      }
    }
  }
  return { items, context: ctx, format: fmt?.format, kind: fmt?.kind };
}

function keyItems(props: S.PropertyInfo[], ctx: CursorContext, push: (c: Omit<IntelCompletion, 'replace' | 'sortText'> & { rank?: number }) => void): void {
  for (const p of props) {
    if (ctx.siblings.has(p.name) && p.name !== ctx.prefix) continue;
    const shape = S.valueShape(p.schemas);
    const key = yamlScalar(p.name);
    let insertText: string;
    let snippet = true;
    if (ctx.keyHasColon) { insertText = key; snippet = false; }
    else if (shape === 'object') insertText = indentSnippet([`${snippetEscape(key)}:`, `${' '.repeat(INDENT)}$0`], ctx.column);
    else if (shape === 'array') insertText = indentSnippet([`${snippetEscape(key)}:`, `${' '.repeat(INDENT)}- $0`], ctx.column);
    else {
      const values = S.enumValues(p.schemas).filter(v => v.value !== null).map(v => String(v.value));
      insertText = values.length > 1 && values.length <= 12 && values.every(v => !/[,|$}\\]/.test(v))
        ? `${snippetEscape(key)}: \${1|${values.join(',')}|}`
        : `${snippetEscape(key)}: $0`;
    }
    const type = shape === 'object' ? 'mapping' : shape === 'array' ? 'list' : scalarType(p.schemas);
    push({
      label: p.name, kind: 'key', detail: `${p.required ? 'required ' : ''}${type}`, documentation: p.description,
      insertText, snippet, rank: p.required ? 1 : 3,
    });
  }
}

function scalarType(schemas: JsonSchema[]): string {
  const types = new Set<string>();
  for (const s of schemas) for (const t of S.typesOf(s)) types.add(t);
  if (schemas.some(s => s.enum)) return 'one of ' + S.enumValues(schemas).slice(0, 4).map(v => String(v.value)).join(', ') + (S.enumValues(schemas).length > 4 ? ', …' : '');
  return [...types].join(' | ') || 'value';
}

/** Names and paths the workspace supplies at this place. */
function workspaceValues(file: SourceFile, offset: number, ctx: CursorContext, fmt: { format: FormatId; kind?: string } | undefined, env: IntelEnv): ValueCandidate[] {
  const path = ctx.path;
  const listPath = ctx.mode === 'item' ? path.slice(0, -1) : undefined;
  const existing = (p: PathSeg[] | undefined) => {
    const out = new Set<string>();
    const d = file.docs.find(x => offset >= x.doc.start && offset <= x.doc.end);
    if (!p || !d?.doc.root) return out;
    for (const item of asSeq(nodeAtPath(d.doc.root, p))?.items ?? []) {
      const s = asScalar(item);
      // The item being typed is not "already listed".
      if (s && (s.end < ctx.replace.start || s.start > ctx.replace.end)) out.add(s.text);
    }
    return out;
  };
  if (fmt?.format === 'runbook' && listPath && listPath.length === 2 && listPath[0] === 'spec') {
    if (listPath[1] === 'alerts') return alertNameCandidates(env.workspace, existing(listPath));
    if (listPath[1] === 'slos') return sloNameCandidates(env.workspace, existing(listPath));
  }
  if (ctx.mode === 'value' && isRunbookKey(path)) {
    const alert = file.model.alerts.find(a => offset >= a.node.start && offset <= a.node.end);
    return runbookPathCandidates(file, ctx.prefix, env.workspace, env.config, alert?.name);
  }
  if (fmt && ctx.mode === 'value') {
    const kind = refKindAt(fmt.format, fmt.kind, path);
    if (kind) return objectNameCandidates(env.workspace, kind);
  }
  return [];
}
