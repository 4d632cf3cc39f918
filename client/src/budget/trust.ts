/**
 * Which Prometheus URL counts, and whether a token may go with it: the decision behind `dataSourceFor`, without the
 * VS Code API so it can be tested on its own. In an untrusted workspace a workspace or folder setting could point the
 * editor (and a token) at any server, so only the user's own setting counts and no token is sent at all.
 */

import { tokenTransportSafe } from '../../../shared/src/tokenTransport';
export { tokenTransportSafe };

/** `WorkspaceConfiguration.inspect()` for `sloLens.prometheus.url`, the levels we read. */
export interface UrlLevels { globalValue?: string; workspaceValue?: string; workspaceFolderValue?: string }

export interface ChosenSource {
  url: string;
  origin: string;
  /** Which settings level chose the URL. */
  level: 'user' | 'workspace' | 'folder';
  /** A token may be sent: the workspace is trusted and the origin is https or loopback http. */
  allowToken: boolean;
}

/** The origin of an http(s) URL, or undefined when the text is not one. */
export function originOf(url: string): string | undefined {
  try {
    const u = new URL(url.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch { return undefined; }
}

const nonEmpty = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** Folder over workspace over user when trusted; only the user's setting when not. Undefined without a usable URL. */
export function chooseSource(levels: UrlLevels, trusted: boolean): ChosenSource | undefined {
  const folder = trusted ? nonEmpty(levels.workspaceFolderValue) : undefined;
  const workspace = trusted ? nonEmpty(levels.workspaceValue) : undefined;
  const user = nonEmpty(levels.globalValue);
  const url = folder ?? workspace ?? user;
  const origin = url ? originOf(url) : undefined;
  if (!url || !origin) return undefined;
  return { url, origin, level: folder ? 'folder' : workspace ? 'workspace' : 'user', allowToken: trusted && tokenTransportSafe(origin) };
}

export const TOKEN_KEY_PREFIX = 'sloLens.prometheus.token:';

/** SecretStorage key of the token for an origin (`https://prom.example.com:9090`): a token is bound to one origin. */
export function tokenKey(origin: string): string {
  return TOKEN_KEY_PREFIX + origin;
}
