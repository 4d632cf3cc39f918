import type { Position } from 'vscode-languageserver/node';
import { loadSource, languageOf, type SourceFile } from '../engine/source';
import { toPosix } from '../engine/files';
import type { IntelEnv } from '../engine/intel/hover';
import { withText } from '../engine/intel/completion';
import { URI } from './uri';
import type { ServerState } from './server';

/**
 * What the editor-intelligence handlers share: the current parse of a document and the engine environment.
 *
 * Diagnostics run a few milliseconds after the last keystroke, so for a moment the workspace holds the previous
 * version of the document being typed in. Completion and hover must answer about the text as it is now: when the open
 * document is newer than the indexed file, it is parsed here (once per version) without touching the workspace.
 */
export class IntelSources {
  private readonly fresh = new Map<string, SourceFile>();
  constructor(private readonly state: ServerState) {
    state.documents.onDidClose(e => this.fresh.delete(e.document.uri));
  }

  current(uri: string): SourceFile | undefined {
    const indexed = this.state.source(uri);
    const doc = this.state.documents.get(uri);
    if (!doc || (indexed && indexed.version === doc.version)) { this.fresh.delete(uri); return indexed; }
    const cached = this.fresh.get(uri);
    if (cached && cached.version === doc.version) return cached;
    const path = toPosix(URI.toPath(uri));
    const file = loadSource(uri, path, doc.getText(), doc.version, { maxFileSize: this.state.engine.configFor(path).maxFileSize, language: languageOf(path) ?? undefined });
    this.fresh.set(uri, file);
    this.state.adopt(file);
    return file;
  }

  /**
   * Waits (up to `maxMs`) until the workspace holds the open document's current version, for requests whose answer
   * spans files (rename): their edits must be computed on one consistent version of every file.
   */
  async settled(uri: string, maxMs = 1000): Promise<void> {
    const started = Date.now();
    while (Date.now() - started < maxMs) {
      const doc = this.state.documents.get(uri);
      const indexed = this.state.source(uri);
      if (!doc || (indexed && indexed.version === doc.version)) return;
      await new Promise(r => setTimeout(r, 5));
    }
  }

  /**
   * The file for completion: like `current`, except that a big document typed in is not re-parsed for each request
   * (a 13k-line rules file takes tens of milliseconds): completion reads the new text with the last parse's model.
   */
  forCompletion(uri: string): SourceFile | undefined {
    const indexed = this.state.source(uri);
    const doc = this.state.documents.get(uri);
    if (!doc || !indexed || indexed.version === doc.version) return this.current(uri);
    const cached = this.fresh.get(uri);
    if (cached && cached.version === doc.version) return cached;
    const text = doc.getText();
    if (text.length < REPARSE_LIMIT) return this.current(uri);
    return withText(indexed, text, doc.version);
  }

  /** The index and the configuration of `file`'s workspace folder (the default one without a file). */
  env(file?: SourceFile): IntelEnv {
    return { workspace: this.state.engine.workspace.view().view, config: file ? this.state.engine.configFor(file.path) : this.state.engine.config };
  }

  offset(file: SourceFile, pos: Position): number {
    return file.lines.offset(pos);
  }
}

/** Below this size a document is simply parsed again for completion (a few milliseconds at most). */
export const REPARSE_LIMIT = 64 * 1024;

const shared = new WeakMap<ServerState, IntelSources>();

/** One IntelSources per server, shared by every intelligence feature. */
export function intelSources(state: ServerState): IntelSources {
  let s = shared.get(state);
  if (!s) shared.set(state, s = new IntelSources(state));
  return s;
}
