import {
  CompletionItemKind, InsertTextFormat, InsertTextMode, MarkupKind,
  type CompletionItem, type CompletionList, type ServerCapabilities,
} from 'vscode-languageserver/node';
import { completionAt, type IntelCompletion } from '../engine/intel/completion';
import type { ServerState } from './server';
import { intelSources } from './intel';

const KIND: Record<IntelCompletion['kind'], CompletionItemKind> = {
  key: CompletionItemKind.Property, value: CompletionItemKind.EnumMember, snippet: CompletionItemKind.Snippet,
  alert: CompletionItemKind.Event, file: CompletionItemKind.File, anchor: CompletionItemKind.Reference,
  reference: CompletionItemKind.Reference, slo: CompletionItemKind.Module,
};

/** `/` and `#` continue a runbook path, `[`/`,` a flow list, a space a value after `key:` or an item after `-`. */
export const TRIGGER_CHARACTERS = [' ', '/', '#', '[', ','];

/** Snippet text for clients without snippet support: placeholders become their defaults, tab stops nothing. */
export function snippetToPlain(s: string): string {
  let prev = '';
  let out = s;
  // Nested placeholders (`${6:runbooks/$1.md}`) unwrap from the inside out.
  while (out !== prev) {
    prev = out;
    out = out.replace(/\$\{\d+\|([^,|}]*)[^}]*\|\}/g, '$1').replace(/\$\{\d+:([^${}]*)\}/g, '$1').replace(/\$\{\d+\}/g, '');
  }
  return out.replace(/\$\d+/g, '').replace(/\\([$}\\])/g, '$1');
}

export function registerCompletion(state: ServerState, clientSnippets: () => boolean): ServerCapabilities {
  const sources = intelSources(state);
  state.connection.onCompletion((params): CompletionList | null => {
    const file = sources.forCompletion(params.textDocument.uri);
    if (!file) return null;
    const offset = sources.offset(file, params.position);
    // A space triggers only right after `key:` or a `-` (a value or an item); anywhere else it is just typing.
    if (params.context?.triggerCharacter === ' ' && !/(:|^\s*-|,)\s$/.test(file.lines.lineText(params.position.line).slice(0, params.position.character))) return null;
    const result = completionAt(file, offset, sources.env(file));
    if (!result.items.length) return null;
    const snippets = clientSnippets();
    const items: CompletionItem[] = result.items.map(c => {
      const range = file.lines.range(c.replace);
      const newText = c.snippet && !snippets ? snippetToPlain(c.insertText) : c.insertText;
      return {
        label: c.label, kind: KIND[c.kind], detail: c.detail,
        documentation: c.documentation ? { kind: MarkupKind.Markdown, value: c.documentation } : undefined,
        textEdit: { range, newText },
        insertTextFormat: c.snippet && snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        // Snippet lines carry their absolute indentation already.
        insertTextMode: InsertTextMode.asIs,
        sortText: c.sortText, filterText: c.filterText,
      };
    });
    return { isIncomplete: false, items };
  });
  return { completionProvider: { triggerCharacters: TRIGGER_CHARACTERS, resolveProvider: false } };
}
