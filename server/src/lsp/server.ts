import {
  TextDocuments, TextDocumentSyncKind, CodeActionKind, DidChangeConfigurationNotification, FileChangeType,
  type Connection, type WorkspaceFoldersChangeEvent, type ClientCapabilities, type InitializeParams, type InitializeResult, type CodeAction, type Diagnostic,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from './uri';
import { Engine } from '../engine/engine';
import { loadSource, languageOf, type SourceFile } from '../engine/source';
import { CONFIG_FILE } from '../engine/config';
import { readTextAsync, toPosix } from '../engine/files';
import { walkAsync } from './scan';
import { startWarmup, type Warmup } from './warmup';
import { FolderConfigs, folderPath } from './folders';
import { toDiagnostic, fixToWorkspaceEdit } from './convert';
import { defaultSettings, type Settings } from '../../../shared/src/settings';
import { suppressionFix } from './suppressFix';
import { registerFeatures } from './features';
import { Methods, type ServerStats } from '../../../shared/src/protocol';

/**
 * How long to wait after the last keystroke before checking: short enough to feel live, long enough to batch a burst
 * (key repeat, a paste, multi-cursor edits arrive within a few milliseconds of each other). Typing itself is slower
 * than this, so a longer wait only delays diagnostics; and while a check runs, further keystrokes queue up and the next
 * check takes them all. 40 ms was a fifth of the edit → diagnostics time on a 13k-line file.
 */
export const DEBOUNCE_MS = 25;
/** Rules that were slow on a file (engine.deferSlowRules) run this long after its last change, once typing pauses. */
export const SLOW_RULES_DELAY_MS = 400;

export interface ServerState {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  engine: Engine;
  /** The first workspace folder's settings; every folder's own go into its configuration (`engine.configFor(path)`). */
  settings: Settings;
  /** The parsed file for a uri: the open document's version, else the file on disk. */
  source(uri: string): SourceFile | undefined;
  /**
   * Hands over a parse of an open document's current version made for a request (hover, definitions) before the
   * debounced check got to it: the check uses it instead of parsing the same text again.
   */
  adopt(file: SourceFile): void;
  /** Open a file from disk into the index if it is not there (for definitions into unopened files). */
  ensure(path: string): Promise<SourceFile | undefined>;
  rootFolders: string[];
  trusted: boolean;
  /** What the client said it supports (set at initialize), e.g. snippets in completion. */
  clientCapabilities?: ClientCapabilities;
}

export function startServer(connection: Connection): ServerState {
  const documents = new TextDocuments(TextDocument);
  const engine = new Engine(undefined, [], undefined, { warn: m => connection.console.warn(m) });
  engine.deferSlowRules = true;
  let rootFolders: string[] = [];
  let hasConfigCapability = false;
  let hasFolderChanges = false;
  const folders = new FolderConfigs(connection);
  /** The folders that have a configuration: the workspace folders, or '' (no folder) when there are none. */
  const configFolders = () => rootFolders.length ? rootFolders : [''];
  const pending = new Map<string, NodeJS.Timeout>();
  const published = new Set<string>();
  // Pending until the first workspace index is complete, so cross-file requests made at startup wait for it.
  let indexingDone: () => void = () => undefined;
  const indexing = new Promise<void>(resolve => { indexingDone = resolve; });
  let indexed = false;
  // Documents opened while `initialized` is still fetching settings and `.slo-lens.yaml` wait for them: a check with
  // the defaults would publish findings the configuration turns off, and they would flicker away a moment later.
  let configLoaded = false;
  let markConfigLoaded: () => void = () => undefined;
  const configReady = new Promise<void>(resolve => { markConfigLoaded = () => { configLoaded = true; resolve(); }; });

  const state: ServerState = {
    connection, documents, engine, settings: defaultSettings(), trusted: true,
    source: uri => engine.workspace.get(uri),
    ensure: async path => {
      const have = engine.workspace.byFsPath(path);
      if (have) return have;
      if (!languageOf(path)) return undefined;
      try { const text = await readTextAsync(path); const f = load(URI.file(path), text, 0); engine.update(f); return f; } catch { return undefined; }
    },
    adopt: file => {
      const waiting = pending.get(file.uri);
      if (!waiting || !configLoaded || documents.get(file.uri)?.version !== file.version) return;
      clearTimeout(waiting);
      pending.delete(file.uri);
      schedule(engine.update(file));
    },
    get rootFolders() { return rootFolders; },
  } as ServerState;

  const load = (uri: string, text: string, version: number): SourceFile => {
    const path = toPosix(URI.toPath(uri));
    return loadSource(uri, path, text, version, { maxFileSize: engine.configFor(path).maxFileSize, language: languageOf(path) ?? undefined });
  };

  /**
   * Builds and applies the configuration of these folders (the first folder's is also the default, for files outside
   * every folder). Returns the uris to re-check: those whose configuration changed, and what a new size limit reloads.
   */
  const applyConfigs = (which: string[]): string[] => {
    const changed = new Set<string>();
    for (const folder of which) {
      const cfg = folders.resolve(folder, state.trusted, rootFolders.length > 1);
      if (folder === configFolders()[0]) for (const u of engine.setConfig(cfg)) changed.add(u);
      if (folder) for (const u of engine.setFolderConfig(folder, cfg)) changed.add(u);
    }
    // A file loaded under another `maxFileSize` is loaded again from the text it has, so the new limit applies to it.
    for (const u of [...changed]) {
      const file = engine.workspace.get(u);
      if (!file) continue;
      const limit = engine.configFor(file.path).maxFileSize;
      if (file.tooLarge ? file.tooLarge.limit !== limit : file.text.length > limit) for (const a of engine.update(load(file.uri, file.text, file.version))) changed.add(a);
    }
    return [...changed];
  };

  const publish = (uri: string) => {
    const file = engine.workspace.get(uri);
    const open = !!documents.get(uri);
    if (!file || (!open && !state.settings.diagnostics.workspace)) {
      if (published.delete(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const findings = engine.findings(uri);
    if (engine.hasDeferred(uri)) runSlowRulesLater(uri);
    // Open documents always get a publish (an empty one when clean), so a client can tell "checked, nothing found"
    // for this version from "not checked yet"; closed files only when something changes.
    if (!findings.length && !published.has(uri) && !open) return;
    const diagnostics: Diagnostic[] = findings.map((f, i) => toDiagnostic(file, f, i));
    if (diagnostics.length) published.add(uri); else published.delete(uri);
    void connection.sendDiagnostics({ uri, version: open ? file.version : undefined, diagnostics });
  };

  const slowTimers = new Map<string, NodeJS.Timeout>();
  const runSlowRulesLater = (uri: string) => {
    clearTimeout(slowTimers.get(uri));
    slowTimers.set(uri, setTimeout(() => {
      slowTimers.delete(uri);
      // A newer version is on its way; its own check defers the slow rules again.
      if (pending.has(uri)) return;
      try { if (engine.runDeferred(uri)) publish(uri); } catch (e) { connection.console.error(`slow rules on ${uri} failed: ${(e as Error)?.stack ?? e}`); }
    }, SLOW_RULES_DELAY_MS));
  };

  /** Re-checks the given files, open documents first, yielding between files so requests stay responsive. */
  let queue = new Set<string>();
  let draining = false;
  const schedule = (uris: Iterable<string>) => {
    for (const u of uris) queue.add(u);
    if (draining) return;
    draining = true;
    setImmediate(drain);
  };
  const drain = () => {
    const started = Date.now();
    const order = [...queue].sort((a, b) => Number(!!documents.get(b)) - Number(!!documents.get(a)));
    queue = new Set();
    let i = 0;
    for (; i < order.length; i++) {
      try { publish(order[i]); } catch (e) { connection.console.error(`checking ${order[i]} failed: ${(e as Error)?.stack ?? e}`); }
      if (Date.now() - started > 30) { i++; break; }
    }
    for (const u of order.slice(i)) queue.add(u);
    if (queue.size) setImmediate(drain); else draining = false;
  };

  /**
   * Loads a document whose check is still waiting for its debounce now, so that an answer computed from the index
   * (quick fixes) is computed on the text the client has, not on the version before its last keystrokes.
   */
  const flush = (uri: string) => {
    const waiting = pending.get(uri);
    if (!waiting || !configLoaded) return;
    clearTimeout(waiting);
    pending.delete(uri);
    const current = documents.get(uri);
    if (current) schedule(engine.update(load(current.uri, current.getText(), current.version)));
  };

  const onDocument = (doc: TextDocument, immediate: boolean) => {
    const prev = pending.get(doc.uri);
    if (prev) clearTimeout(prev);
    const run = () => {
      pending.delete(doc.uri);
      if (!configLoaded) { void configReady.then(run); return; }
      const current = documents.get(doc.uri);
      if (!current) return;
      const file = load(current.uri, current.getText(), current.version);
      schedule(engine.update(file));
    };
    if (immediate) run(); else pending.set(doc.uri, setTimeout(run, DEBOUNCE_MS));
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const folders = params.workspaceFolders?.map(f => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    rootFolders = folders.filter(u => u.startsWith('file:')).map(folderPath);
    engine.workspace.roots = rootFolders;
    hasConfigCapability = !!params.capabilities.workspace?.configuration;
    hasFolderChanges = !!params.capabilities.workspace?.workspaceFolders;
    state.clientCapabilities = params.capabilities;
    const opts = params.initializationOptions as { trusted?: boolean } | undefined;
    state.trusted = opts?.trusted !== false;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        ...featureCapabilities,
        workspace: { ...featureCapabilities.workspace, workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'slo-lens', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    if (hasConfigCapability) void connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
    // Folder changes queue behind the configuration and the scan of the folders before them.
    if (hasFolderChanges) connection.workspace.onDidChangeWorkspaceFolders(e => { folderChanges = folderChanges.then(() => changeFolders(e)); });
    await refreshSettings(configFolders());
    await folders.loadFiles(configFolders());
    applyConfigs(configFolders());
    markConfigLoaded();
    void indexWorkspace().finally(() => {
      indexingDone();
      warmup = startWarmup({
        checks: () => engine.stats.checks,
        busy: () => draining || queue.size > 0 || pending.size > 0,
        onError: e => connection.console.error(`warm-up failed: ${(e as Error)?.stack ?? e}`),
        onDone: ms => connection.console.info(`warmed up in ${Math.round(ms)} ms`),
      });
    });
  });
  let warmup: Warmup | undefined;

  /** Fetches these folders' `sloLens` settings; the first folder's are `state.settings`. */
  const refreshSettings = async (which: string[]) => {
    await folders.refreshSettings(which, hasConfigCapability);
    state.settings = folders.settingsOf(configFolders()[0]);
  };

  /** Indexes every YAML and Markdown file under the workspace folders, then checks them. */
  const indexWorkspace = async () => {
    const started = Date.now();
    let n = 0;
    for (const root of rootFolders) n += (await indexFolder(root)).files;
    connection.console.info(`indexed ${n} files in ${Date.now() - started} ms`);
    schedule([...engine.workspace.allFiles()].map(f => f.uri));
    indexed = true;
  };

  /**
   * Workspace folders added or removed: an added folder's configuration is loaded and its files scanned and checked;
   * a removed folder's files (unless open, or inside a remaining folder) leave the index and lose their diagnostics.
   */
  let folderChanges: Promise<void> = Promise.resolve();
  const changeFolders = async (e: WorkspaceFoldersChangeEvent) => {
    await indexing;
    const paths = (fs: { uri: string }[]) => fs.filter(f => f.uri.startsWith('file:')).map(f => folderPath(f.uri));
    const removed = paths(e.removed);
    const added = paths(e.added).filter(f => !rootFolders.includes(f));
    const firstBefore = configFolders()[0];
    rootFolders = [...rootFolders.filter(f => !removed.includes(f)), ...added];
    engine.workspace.roots = rootFolders;
    const recheck = new Set<string>();
    for (const f of removed) {
      folders.forget(f);
      for (const u of engine.setFolderConfig(f, undefined)) recheck.add(u);
    }
    const inside = (p: string, root: string) => p === root || p.startsWith(root.replace(/\/$/, '') + '/');
    for (const file of [...engine.workspace.allFiles()]) {
      if (documents.get(file.uri) || !removed.some(r => inside(file.path, r)) || rootFolders.some(r => inside(file.path, r))) continue;
      for (const u of engine.remove(file.uri)) recheck.add(u);
      recheck.add(file.uri); // publish() clears the diagnostics of a file no longer indexed
    }
    // The first folder's configuration is the default; when another folder became first, it is applied again as that.
    const reload = configFolders()[0] === firstBefore ? added : [...new Set([configFolders()[0], ...added])];
    await refreshSettings(reload);
    await folders.loadFiles(reload);
    for (const u of applyConfigs(reload)) recheck.add(u);
    for (const root of added) for (const u of (await indexFolder(root)).affected) recheck.add(u);
    schedule(recheck);
  };

  /**
   * Reads one folder's files into the index, but for open documents and files indexed already (a folder nested in
   * another); returns how many it read and the uris whose findings that may have changed.
   */
  const indexFolder = async (root: string): Promise<{ files: number; affected: string[] }> => {
    const affected: string[] = [];
    let files = 0;
    for await (const path of walkAsync(root)) {
      const uri = URI.file(path);
      if (documents.get(uri) || engine.workspace.get(uri)) continue;
      try { affected.push(...engine.update(load(uri, await readTextAsync(path), 0))); files++; } catch { /* unreadable: skip */ }
      if (files % 200 === 0) await new Promise(r => setImmediate(r));
    }
    return { files, affected };
  };

  connection.onDidChangeConfiguration(async () => {
    await refreshSettings(configFolders());
    applyConfigs(configFolders());
    schedule([...engine.workspace.allFiles()].map(f => f.uri));
  });

  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    const configChanged = new Set<string>();
    const affected: string[] = [];
    for (const c of changes) {
      const path = toPosix(URI.toPath(c.uri));
      if (path.endsWith('/' + CONFIG_FILE)) {
        // The folders configured by it, or that would be (a new file at a folder's top is nearer than one above it).
        for (const f of folders.foldersUsing(path, rootFolders)) configChanged.add(f);
        continue;
      }
      if (!languageOf(path) || documents.get(c.uri)) continue;
      if (c.type === FileChangeType.Deleted) { affected.push(...engine.remove(c.uri)); if (published.delete(c.uri)) void connection.sendDiagnostics({ uri: c.uri, diagnostics: [] }); continue; }
      try { affected.push(...engine.update(load(c.uri, await readTextAsync(path), 0))); } catch { /* vanished meanwhile */ }
    }
    if (configChanged.size) { await folders.loadFiles([...configChanged]); affected.push(...applyConfigs([...configChanged])); }
    schedule(affected);
  });

  documents.onDidOpen(e => onDocument(e.document, true));
  documents.onDidChangeContent(e => onDocument(e.document, false));
  documents.onDidClose(async e => {
    // Back to the file on disk (the editor may close without saving), or gone if it never existed.
    const path = toPosix(URI.toPath(e.document.uri));
    try { schedule(engine.update(load(e.document.uri, await readTextAsync(path), 0))); }
    catch { schedule(engine.remove(e.document.uri)); if (published.delete(e.document.uri)) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }); }
  });

  connection.onCodeAction(params => {
    flush(params.textDocument.uri);
    const file = engine.workspace.get(params.textDocument.uri);
    if (!file) return [];
    // Versioned edits: if the user types on before applying, the editor refuses the fix instead of misplacing it.
    const version = documents.get(file.uri)?.version === file.version ? file.version : null;
    const findings = engine.findings(file.uri);
    const actions: CodeAction[] = [];
    for (const diag of params.context.diagnostics) {
      if (diag.source !== 'slo-lens') continue;
      const f = findings.find(x => x.rule === diag.code && sameRange(file.lines.range(x.span), diag.range));
      if (!f) continue;
      for (const fix of f.fixes ?? []) {
        actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diag], isPreferred: fix.isPreferred, edit: fixToWorkspaceEdit(file, fix, u => engine.workspace.get(u)?.lines, version) });
      }
      const disable = suppressionFix(file, f);
      actions.push({ title: disable.title, kind: CodeActionKind.QuickFix, diagnostics: [diag], edit: fixToWorkspaceEdit(file, disable, () => undefined, version) });
    }
    return actions;
  });

  connection.onRequest(Methods.stats, (): ServerStats => ({ files: engine.workspace.size, checks: engine.stats.checks, queued: queue.size + pending.size + slowTimers.size, indexing: !indexed, warming: !!warmup?.running }));

  const featureCapabilities = registerFeatures(state, () => indexing);

  documents.listen(connection);
  connection.listen();
  return state;
}

function sameRange(a: { start: { line: number; character: number }; end: { line: number; character: number } }, b: typeof a): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
