/**
 * Whether a bearer token may travel to this origin: over https anywhere, over plain http only to this machine
 * (loopback), where nobody on the network path can read it.
 */
export function tokenTransportSafe(origin: string): boolean {
  try {
    const u = new URL(origin);
    if (u.protocol === 'https:') return true;
    const host = u.hostname.replace(/^\[|\]$/g, '');
    return u.protocol === 'http:' && (host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host));
  } catch { return false; }
}
