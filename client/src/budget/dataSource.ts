import * as vscode from 'vscode';

/**
 * Where live budgets come from: `sloLens.prometheus.url` (user, workspace or folder setting) and a bearer token in
 * SecretStorage keyed by the URL's origin. In an untrusted workspace a workspace or folder setting could point the
 * editor (and a token) at any server, so only the user's own setting counts and no token is sent at all.
 */

export interface DataSource {
  url: string;
  origin: string;
  /** Which settings level chose the URL. */
  level: 'user' | 'workspace' | 'folder';
  /** A token may be sent (the workspace is trusted). */
  allowToken: boolean;
}

export const TOKEN_KEY_PREFIX = 'sloLens.prometheus.token:';

/** SecretStorage key of the token for an origin (`https://prom.example.com:9090`). */
export function tokenKey(origin: string): string {
  return TOKEN_KEY_PREFIX + origin;
}

/** The origin of an http(s) URL, or undefined when the text is not one. */
export function originOf(url: string): string | undefined {
  try {
    const u = new URL(url.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch { return undefined; }
}

const nonEmpty = (v: string | undefined) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** The data source for a file (its workspace folder's settings), honouring workspace trust. */
export function dataSourceFor(resource: vscode.Uri | undefined): DataSource | undefined {
  const info = vscode.workspace.getConfiguration('sloLens', resource).inspect<string>('prometheus.url');
  if (!info) return undefined;
  const trusted = vscode.workspace.isTrusted;
  const folder = trusted ? nonEmpty(info.workspaceFolderValue) : undefined;
  const workspace = trusted ? nonEmpty(info.workspaceValue) : undefined;
  const user = nonEmpty(info.globalValue);
  const url = folder ?? workspace ?? user;
  const origin = url ? originOf(url) : undefined;
  if (!url || !origin) return undefined;
  return { url, origin, level: folder ? 'folder' : workspace ? 'workspace' : 'user', allowToken: trusted };
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
