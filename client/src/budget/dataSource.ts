import * as vscode from 'vscode';
import { chooseSource, originOf, tokenKey, tokenTransportSafe, type ChosenSource } from './trust';

/**
 * Where live budgets come from: `sloLens.prometheus.url` (user, workspace or folder setting) and a bearer token in
 * SecretStorage keyed by the URL's origin; trust.ts decides which setting counts and whether a token may be sent.
 */

export type DataSource = ChosenSource;
export { originOf, tokenKey };

/** The data source for a file (its workspace folder's settings), honouring workspace trust. */
export function dataSourceFor(resource: vscode.Uri | undefined): DataSource | undefined {
  const info = vscode.workspace.getConfiguration('sloLens', resource).inspect<string>('prometheus.url');
  return info ? chooseSource(info, vscode.workspace.isTrusted) : undefined;
}

/** The token for a data source, or undefined (none stored, or the workspace is not trusted). */
export async function tokenFor(secrets: vscode.SecretStorage, ds: DataSource): Promise<string | undefined> {
  if (!ds.allowToken || !vscode.workspace.isTrusted) return undefined;
  return (await secrets.get(tokenKey(ds.origin))) || undefined;
}

/** Every data source the open workspace folders use (plus the user's, when no folder is open). */
export function allDataSources(): DataSource[] {
  const seen = new Map<string, DataSource>();
  const folders = vscode.workspace.workspaceFolders ?? [];
  for (const ds of folders.length ? folders.map(f => dataSourceFor(f.uri)) : [dataSourceFor(undefined)]) {
    if (ds && !seen.has(ds.url)) seen.set(ds.url, ds);
  }
  return [...seen.values()];
}

/** `SLO Lens: Configure Prometheus Data Source`: asks for the URL and where to save it. */
export async function configureDataSource(): Promise<boolean> {
  const current = dataSourceFor(vscode.window.activeTextEditor?.document.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri);
  const url = await vscode.window.showInputBox({
    title: 'SLO Lens: Prometheus data source',
    prompt: 'URL of a Prometheus-compatible HTTP API (Prometheus, Thanos, Mimir, VictoriaMetrics)',
    placeHolder: 'http://localhost:9090',
    value: current?.url ?? '',
    ignoreFocusOut: true,
    validateInput: v => (v.trim() === '' || originOf(v) ? undefined : 'Enter an http:// or https:// URL'),
  });
  if (url === undefined) return false;
  let target = vscode.ConfigurationTarget.Global;
  if (vscode.workspace.isTrusted && vscode.workspace.workspaceFolders?.length) {
    const pick = await vscode.window.showQuickPick([
      { label: 'User settings', description: 'for every workspace on this machine', target: vscode.ConfigurationTarget.Global },
      { label: 'Workspace settings', description: 'for this workspace only (shared with the repository if committed)', target: vscode.ConfigurationTarget.Workspace },
    ], { title: 'Save the Prometheus URL in', ignoreFocusOut: true });
    if (!pick) return false;
    target = pick.target;
  }
  await vscode.workspace.getConfiguration('sloLens').update('prometheus.url', url.trim(), target);
  return true;
}

/** `SLO Lens: Set Prometheus Token`: stores a bearer token for one data source's origin (never in settings). */
export async function setToken(secrets: vscode.SecretStorage): Promise<boolean> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('SLO Lens sends no token in an untrusted workspace. Trust the workspace to use one.');
    return false;
  }
  const origin = await pickOrigin('Set the token for');
  if (!origin) return false;
  if (!tokenTransportSafe(origin)) {
    void vscode.window.showWarningMessage(`SLO Lens does not send a token to ${origin}: over plain http anyone on the network path can read it. Use an https:// URL for this server.`);
    return false;
  }
  const token = await vscode.window.showInputBox({
    title: `SLO Lens: bearer token for ${origin}`,
    prompt: `Sent as "Authorization: Bearer …" to ${origin} only. Stored in VS Code's secret storage.`,
    password: true, ignoreFocusOut: true,
    validateInput: v => (/\s/.test(v.trim()) ? 'A token has no spaces' : undefined),
  });
  if (token === undefined) return false;
  if (token.trim() === '') await secrets.delete(tokenKey(origin));
  else await secrets.store(tokenKey(origin), token.trim());
  return true;
}

/** `SLO Lens: Clear Prometheus Token`. */
export async function clearToken(secrets: vscode.SecretStorage): Promise<boolean> {
  const origin = await pickOrigin('Clear the token of');
  if (!origin) return false;
  await secrets.delete(tokenKey(origin));
  return true;
}

async function pickOrigin(title: string): Promise<string | undefined> {
  const origins = [...new Set(allDataSources().map(d => d.origin))];
  if (origins.length === 1) return origins[0];
  if (origins.length > 1) return (await vscode.window.showQuickPick(origins, { title, ignoreFocusOut: true })) ?? undefined;
  const choice = await vscode.window.showWarningMessage('No Prometheus data source is configured.', 'Configure…');
  if (choice) await configureDataSource();
  return undefined;
}
