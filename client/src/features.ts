import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { activateBudget } from './budget/index';

/** Client-side features beyond the language server's (status bar budget, burn-down view); each in its own file. */
export async function activateFeatures(context: vscode.ExtensionContext, client: LanguageClient, output: vscode.LogOutputChannel): Promise<void> {
  activateBudget(context, client, output);
  // Budget status bar, CodeLens commands and the burn-down webview register here.
}
