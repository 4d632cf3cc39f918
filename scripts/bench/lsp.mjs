// A minimal LSP client over stdio for the benchmark: JSON-RPC framing, requests with timing, answers to the server's
// own requests (configuration, capability registration, progress), and waiting for notifications. Kept free of
// dependencies so that it drives any language server the same way (ours and yaml-language-server).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const fileUri = p => pathToFileURL(p).href;

export class LspProcess {
  /**
   * @param {string} command executable (a node binary)
   * @param {string[]} args
   * @param {{cwd?: string, env?: NodeJS.ProcessEnv, configuration?: (item: {section?: string}) => unknown}} opts
   */
  constructor(command, args, opts = {}) {
    this.spawnedAt = performance.now();
    this.child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.pid = this.child.pid;
    this.configuration = opts.configuration ?? (() => null);
    this.nextId = 1;
    this.pending = new Map();
    this.waiters = [];
    this.notifications = [];
    this.logs = [];
    this.stderr = '';
    this.exited = null;
    this.buffer = Buffer.alloc(0);
    this.child.stdout.on('data', chunk => this.onData(chunk));
    this.child.stderr.on('data', chunk => { this.stderr += chunk.toString(); if (this.stderr.length > 100_000) this.stderr = this.stderr.slice(-50_000); });
    this.child.on('exit', (code, signal) => {
      this.exited = { code, signal };
      for (const p of this.pending.values()) p.reject(new Error(`server exited (${code ?? signal}) before answering ${p.method}`));
      this.pending.clear();
      for (const w of this.waiters) { clearTimeout(w.timer); w.reject(new Error(`server exited (${code ?? signal}) while waiting for ${w.what}`)); }
      this.waiters = [];
    });
    this.child.stdin.on('error', () => { /* the server went away; exit handler reports it */ });
  }

  onData(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const m = /Content-Length: *(\d+)/i.exec(header);
      if (!m) throw new Error(`bad LSP header: ${header}`);
      const len = Number(m[1]);
      if (this.buffer.length < headerEnd + 4 + len) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + len).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + len);
      this.onMessage(JSON.parse(body), performance.now());
    }
  }

  onMessage(msg, at) {
    if (msg.id !== undefined && msg.method === undefined) {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(Object.assign(new Error(`${p.method}: ${msg.error.message}`), { code: msg.error.code, ms: at - p.sent }));
      else p.resolve({ result: msg.result, ms: at - p.sent });
      return;
    }
    if (msg.id !== undefined) { this.answerServerRequest(msg); return; }
    if (msg.method === 'window/logMessage' || msg.method === 'window/showMessage') this.logs.push(msg.params.message);
    const note = { method: msg.method, params: msg.params, at };
    this.notifications.push(note);
    if (this.notifications.length > 20_000) this.notifications.splice(0, 10_000);
    for (const w of [...this.waiters]) {
      if (w.match(note)) { this.waiters.splice(this.waiters.indexOf(w), 1); clearTimeout(w.timer); w.resolve(note); }
    }
  }

  answerServerRequest(msg) {
    let result = null;
    if (msg.method === 'workspace/configuration') result = (msg.params.items ?? []).map(item => this.configuration(item));
    else if (msg.method === 'workspace/workspaceFolders') result = this.folders ?? null;
    this.send({ jsonrpc: '2.0', id: msg.id, result });
  }

  send(msg) {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  /** Sends a request; resolves with `{result, ms}` (ms: request written → answer parsed). */
  request(method, params, timeoutMs = 60_000) {
    if (this.exited) return Promise.reject(new Error(`server has exited; cannot send ${method}`));
    const id = this.nextId++;
    const sent = performance.now();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.pending.delete(id); reject(new Error(`${method}: no answer within ${timeoutMs} ms`)); }, timeoutMs);
      this.pending.set(id, {
        method, sent,
        resolve: v => { clearTimeout(timer); resolve(v); },
        reject: e => { clearTimeout(timer); reject(e); },
      });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method, params) { if (!this.exited) this.send({ jsonrpc: '2.0', method, params }); }

  /** Resolves with the first notification (from now on) that `match` accepts. */
  waitFor(what, match, timeoutMs = 60_000) {
    if (this.exited) return Promise.reject(new Error(`server has exited; cannot wait for ${what}`));
    return new Promise((resolve, reject) => {
      const w = { what, match, resolve, reject };
      w.timer = setTimeout(() => { this.waiters.splice(this.waiters.indexOf(w), 1); reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)); }, timeoutMs);
      this.waiters.push(w);
    });
  }

  waitForDiagnostics(uri, accept = () => true, timeoutMs = 60_000) {
    return this.waitFor(`diagnostics for ${uri}`, n => n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri && accept(n.params), timeoutMs);
  }

  async initialize({ rootPath, initializationOptions, capabilities } = {}) {
    const folders = rootPath ? [{ uri: fileUri(rootPath), name: 'bench' }] : null;
    this.folders = folders;
    const r = await this.request('initialize', {
      processId: process.pid, rootUri: rootPath ? fileUri(rootPath) : null, workspaceFolders: folders, initializationOptions,
      capabilities: capabilities ?? {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: {
          synchronization: { dynamicRegistration: true, didSave: true },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { completionItem: { snippetSupport: true } },
        },
        window: { workDoneProgress: true },
      },
    });
    this.notify('initialized', {});
    return r;
  }

  open(uri, text, languageId = 'yaml', version = 1) {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri, version, contentChanges) {
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  /** Resident and peak resident memory of the server process, in MiB (Linux /proc). */
  memory() {
    try {
      const s = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = k => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? NaN);
      return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
    } catch { return { rss: NaN, peak: NaN }; }
  }

  /** Polite shutdown, then SIGKILL of this one process if it does not leave within `graceMs`. */
  async stop(graceMs = 3000) {
    if (this.exited) return;
    const gone = new Promise(r => this.child.once('exit', r));
    try { await this.request('shutdown', null, graceMs); this.notify('exit', null); } catch { /* already dying */ }
    const timer = setTimeout(() => { if (!this.exited) this.child.kill('SIGKILL'); }, graceMs);
    await gone;
    clearTimeout(timer);
  }
}
