import { fileURLToPath, pathToFileURL } from 'node:url';

/** file: URIs ↔ paths, the way VS Code writes them (lower-case drive letters are left to Node). */
export const URI = {
  toPath(uri: string): string {
    if (uri.startsWith('file:')) { try { return fileURLToPath(uri); } catch { return decodeURIComponent(uri.replace(/^file:\/\//, '')); } }
    return uri;
  },
  file(path: string): string { return pathToFileURL(path).toString(); },
};
