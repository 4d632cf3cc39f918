import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/**
 * The client is thin: it starts the language server, gives it the documents and file events it needs, and hosts
 * what only VS Code can show (budget status, lenses, the burn-down view).
 */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('SLO Lens', { log: true });
  context.subscriptions.push(output);
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'file', language: 'markdown' },
    ],
    synchronize: {
      configurationSection: 'sloLens',
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,md,markdown}'),
        vscode.workspace.createFileSystemWatcher('**/.slo-lens.yaml'),
      ],
    },
    // A function, so a restart after trust is granted tells the server the new state.
    initializationOptions: () => ({ trusted: vscode.workspace.isTrusted }),
    outputChannel: output,
    traceOutputChannel: output,
  };
  client = new LanguageClient('sloLens', 'SLO Lens', serverOptions, clientOptions);
  await client.start();
  context.subscriptions.push({ dispose: () => void client?.stop() });
  // Limits that hold in an untrusted workspace (e.g. on .slo-lens.yaml's maxFileSize) lift once the user trusts it.
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.restart()));
  const api = await import('./features');
  await api.activateFeatures(context, client, output);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
