import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/** Client-side features beyond the language server's (status bar budget, burn-down view); each in its own file. */
export async function activateFeatures(_context: vscode.ExtensionContext, _client: LanguageClient, _output: vscode.LogOutputChannel): Promise<void> {
  // Budget status bar, CodeLens commands and the burn-down webview register here.
}
