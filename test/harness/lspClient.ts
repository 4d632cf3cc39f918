/**
 * A small LSP client for tests: drives the real language server (`node dist/server.js --stdio`) the way an editor does.
 *
 *   const client = await LspClient.start({ workspaceFolders: [dir], settings: { sloLens: { rules: {} } } });
 *   const uri = client.open(path.join(dir, 'rules.yaml'), text);          // didOpen, version 1
 *   const diags = await client.waitForDiagnostics(uri, { version: 1 });   // no sleeps: awaits publishDiagnostics
 *   client.change(uri, fixedText);                                        // didChange (full text), version 2
 *   await client.waitForDiagnostics(uri, { version: 2, until: d => d.length === 0 });
 *   const actions = await client.codeActions(uri, diags[0].range, [diags[0]]);
 *   client.applyEdit(actions[0].edit!);                                   // applies to the open document, sends didChange
 *   const hover = await client.request('textDocument/hover', { textDocument: { uri }, position });
 *   await client.shutdown();                                              // shutdown + exit; kills after a timeout
 *
 * Build first (`node esbuild.mjs`); `LspClient.start` fails with a clear message when dist/server.js is missing.
 * The client answers `workspace/configuration` from `settings` (an object keyed by section, or a function),
 * accepts `client/registerCapability`, and applies `workspace/applyEdit` to its open documents. Every wait has a timeout
 * and rejects with what it saw, so a failing test says why.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities, CodeAction, Command, CompletionItem, CompletionList, ConfigurationItem, Diagnostic, Hover,
  InitializeResult, Position, PublishDiagnosticsParams, Range, TextDocumentContentChangeEvent, TextEdit, WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SERVER_JS = path.join(REPO_ROOT, 'dist', 'server.js');

export type SettingsResponder = Record<string, unknown> | ((item: ConfigurationItem) => unknown);

export interface LspClientOptions {
  /** Absolute folder paths sent as `workspaceFolders` (the first is the root: `.slo-lens.yaml` is read there). */
  workspaceFolders?: string[];
  /** Answers `workspace/configuration`: `{ sloLens: {...} }` by section, or a function of the requested item. */
  settings?: SettingsResponder;
  initializationOptions?: unknown;
  /** Extra client capabilities, merged over the defaults (configuration, didChangeConfiguration, publishDiagnostics). */
  capabilities?: ClientCapabilities;
  serverPath?: string;
  /** Node binary for the server (default: the one running the tests). */
  node?: string;
  env?: NodeJS.ProcessEnv;
  /** Default timeout of every wait and request, in ms. */
  timeoutMs?: number;
}

export interface WaitOptions {
  /** Only a publish for this document version counts. */
  version?: number;
  /** Only a publish whose diagnostics satisfy this counts (e.g. `d => d.length === 0`). */
  until?: (diagnostics: Diagnostic[]) => boolean;
  timeoutMs?: number;
  /** Count publishes received before the call too (default: the latest one counts if it matches). */
  fresh?: boolean;
}

interface Waiter { uri: string; opts: WaitOptions; resolve: (p: PublishDiagnosticsParams) => void }

export class LspClient {
  readonly publishes: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  readonly stderr: string[] = [];
  initializeResult!: InitializeResult;
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private readonly docs = new Map<string, TextDocument>();
  private waiters: Waiter[] = [];
  private exited = false;
  private readonly exitPromise: Promise<number | null>;

  private constructor(readonly process: ChildProcessWithoutNullStreams, readonly connection: MessageConnection, private readonly options: LspClientOptions) {
    this.exitPromise = new Promise(resolve => process.once('exit', code => { this.exited = true; resolve(code); }));
  }

  /** Spawns the server, runs initialize/initialized, and returns a ready client. */
  static async start(options: LspClientOptions = {}): Promise<LspClient> {
    const serverPath = options.serverPath ?? SERVER_JS;
    if (!existsSync(serverPath)) throw new Error(`${serverPath} does not exist: build first with \`node esbuild.mjs\``);
    const child = spawn(options.node ?? process.execPath, [serverPath, '--stdio'], { env: { ...process.env, ...options.env }, stdio: 'pipe' });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new LspClient(child, connection, options);
    child.stderr.on('data', (b: Buffer) => client.stderr.push(b.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => client.onPublish(p));
    connection.onNotification('window/logMessage', (p: { message: string }) => client.logs.push(p.message));
    connection.onRequest('workspace/configuration', (p: { items: ConfigurationItem[] }) => p.items.map(item => client.configurationFor(item)));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('workspace/applyEdit', (p: { edit: WorkspaceEdit }) => { client.applyEdit(p.edit); return { applied: true }; });
    connection.listen();
    const folders = options.workspaceFolders ?? [];
    const capabilities: ClientCapabilities = {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true, applyEdit: true, workspaceEdit: { documentChanges: true } },
      textDocument: {
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        synchronization: { didSave: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } } },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        completion: { completionItem: { snippetSupport: true } },
      },
      ...options.capabilities,
    };
    client.initializeResult = await client.request<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: folders[0] ? fileUri(folders[0]) : null,
      workspaceFolders: folders.map(f => ({ uri: fileUri(f), name: path.basename(f) })),
      capabilities,
      initializationOptions: options.initializationOptions,
    });
    void connection.sendNotification('initialized', {});
    return client;
  }

  private get timeout(): number { return this.options.timeoutMs ?? 15_000; }

  private configurationFor(item: ConfigurationItem): unknown {
    const s = this.options.settings;
    if (typeof s === 'function') return s(item) ?? null;
    if (!s || !item.section) return null;
    let v: unknown = s;
    for (const part of item.section.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
    return v ?? null;
  }

  /** Replaces the settings the client answers with, and tells the server (`workspace/didChangeConfiguration`). */
  setSettings(settings: SettingsResponder): void {
    this.options.settings = settings;
    void this.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  private onPublish(p: PublishDiagnosticsParams): void {
    this.publishes.push(p);
    this.latest.set(p.uri, p);
    this.waiters = this.waiters.filter(w => {
      if (w.uri !== p.uri || !matches(p, w.opts)) return true;
      w.resolve(p);
      return false;
    });
  }

  /** The last diagnostics published for a uri (undefined when none was published yet). */
  diagnostics(uri: string): Diagnostic[] | undefined { return this.latest.get(uri)?.diagnostics; }

  /** Resolves with the first publish for `uri` that matches; rejects after the timeout with what was published. */
  waitForDiagnostics(uri: string, opts: WaitOptions = {}): Promise<Diagnostic[]> {
    const have = this.latest.get(uri);
    if (!opts.fresh && have && matches(have, opts)) return Promise.resolve(have.diagnostics);
    const ms = opts.timeoutMs ?? this.timeout;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter(w => w !== waiter);
        const seen = this.publishes.filter(p => p.uri === uri).map(p => `v${p.version ?? '-'}: [${p.diagnostics.map(d => `${d.code}@${d.range.start.line}:${d.range.start.character}`).join(', ')}]`);
        reject(new Error(`no matching publishDiagnostics for ${uri} within ${ms} ms (version ${opts.version ?? 'any'}); published: ${seen.join(' | ') || 'nothing'}${this.exited ? '; the server exited' : ''}\n${this.stderr.join('').slice(-2000)}`));
      }, ms);
      const waiter: Waiter = { uri, opts, resolve: p => { clearTimeout(timer); resolve(p.diagnostics); } };
      this.waiters.push(waiter);
    });
  }

  /** didOpen; `target` is a path or a uri. Returns the uri. */
  open(target: string, text: string, languageId = languageIdOf(target), version = 1): string {
    const uri = target.includes('://') ? target : fileUri(target);
    this.docs.set(uri, TextDocument.create(uri, languageId, version, text));
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    return uri;
  }

  /** didChange with the full text, or with incremental edits (ranges in the current text). Returns the new version. */
  change(uri: string, change: string | TextDocumentContentChangeEvent[], version?: number): number {
    const doc = this.document(uri);
    const changes = typeof change === 'string' ? [{ text: change }] : change;
    const next = version ?? doc.version + 1;
    this.docs.set(uri, TextDocument.update(doc, changes, next));
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: next }, contentChanges: changes });
    return next;
  }

  close(uri: string): void {
    this.docs.delete(uri);
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** The client's copy of an open document. */
  document(uri: string): TextDocument {
    const d = this.docs.get(uri);
    if (!d) throw new Error(`${uri} is not open in the test client`);
    return d;
  }

  text(uri: string): string { return this.document(uri).getText(); }

  /** Applies a WorkspaceEdit to open documents (as an editor would), sending one didChange per document. */
  applyEdit(edit: WorkspaceEdit): void {
    const perUri = new Map<string, TextEdit[]>();
    for (const dc of edit.documentChanges ?? []) {
      if ('textDocument' in dc) perUri.set(dc.textDocument.uri, [...(perUri.get(dc.textDocument.uri) ?? []), ...dc.edits.filter((e): e is TextEdit => 'range' in e)]);
    }
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) perUri.set(uri, [...(perUri.get(uri) ?? []), ...edits]);
    for (const [uri, edits] of perUri) {
      if (!this.docs.has(uri)) throw new Error(`edit for ${uri}, which is not open`);
      this.change(uri, TextDocument.applyEdits(this.document(uri), edits));
    }
  }

  request<R>(method: string, params: unknown, timeoutMs = this.timeout): Promise<R> {
    return withTimeout(this.connection.sendRequest<R>(method, params), timeoutMs, `request ${method}`);
  }

  notify(method: string, params: unknown): void { void this.connection.sendNotification(method, params); }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.request('textDocument/hover', { textDocument: { uri }, position });
  }

  completion(uri: string, position: Position): Promise<CompletionList | CompletionItem[] | null> {
    return this.request('textDocument/completion', { textDocument: { uri }, position });
  }

  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    const got = await this.request<(CodeAction | Command)[] | null>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
    return (got ?? []).filter((a): a is CodeAction => !('command' in a && typeof a.command === 'string'));
  }

  /** shutdown + exit; kills the server when it does not exit in time. Resolves with the exit code (null if killed). */
  async shutdown(timeoutMs = 5000): Promise<number | null> {
    if (this.exited) return this.exitPromise;
    try {
      await this.request('shutdown', null, timeoutMs);
      this.notify('exit', null);
    } catch { /* a dead or stuck server is killed below */ }
    const code = await Promise.race([this.exitPromise, new Promise<'timeout'>(r => setTimeout(() => r('timeout'), timeoutMs).unref())]);
    if (code === 'timeout') { this.process.kill('SIGKILL'); await this.exitPromise; }
    this.connection.dispose();
    return code === 'timeout' ? null : code;
  }
}

function matches(p: PublishDiagnosticsParams, opts: WaitOptions): boolean {
  if (opts.version !== undefined && p.version !== opts.version) return false;
  return !opts.until || opts.until(p.diagnostics);
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms); })])
    .finally(() => clearTimeout(timer));
}

/** The file: URI of a path, as VS Code and the server write it. */
export function fileUri(p: string): string { return pathToFileURL(p).toString(); }

function languageIdOf(target: string): string {
  return /\.(md|markdown)$/i.test(target) ? 'markdown' : /\.ya?ml$/i.test(target) ? 'yaml' : 'plaintext';
}
