// code-server (VS Code for the browser, the real workbench and extension host) in a throwaway profile on 127.0.0.1.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync, readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGroup, freePort, waitForHttp } from './processes.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** Gallery requests go to a closed local port instead of open-vsx.org; telemetry is off in the settings file. */
const NO_GALLERY = JSON.stringify({
  serviceUrl: 'http://127.0.0.1:9/gallery', itemUrl: 'http://127.0.0.1:9/item',
  resourceUrlTemplate: 'http://127.0.0.1:9/{publisher}/{name}/{version}/{path}',
});

/**
 * A profile under `runDir`: user settings, extensions dir, and XDG/TMPDIR so code-server writes nothing outside it.
 * @param {{ bin: string, nodeBin: string }} cs from ensureCodeServer()
 */
export function makeProfile(cs, runDir, { env: extraEnv = {}, settings = {} } = {}) {
  const p = {
    runDir, user: join(runDir, 'user'), ext: join(runDir, 'ext'), config: join(runDir, 'config.yaml'), log: join(runDir, 'code-server.log'),
  };
  for (const d of [join(p.user, 'User'), p.ext, join(runDir, 'tmp')]) mkdirSync(d, { recursive: true });
  const base = JSON.parse(readFileSync(join(here, '..', 'code-server-settings.json'), 'utf8'));
  writeFileSync(join(p.user, 'User', 'settings.json'), JSON.stringify({ ...base, ...settings }, null, 2));
  p.env = {
    ...process.env, ...extraEnv,
    PATH: `${cs.nodeBin}:${process.env.PATH}`,
    XDG_CONFIG_HOME: join(runDir, 'xdg-config'), XDG_DATA_HOME: join(runDir, 'xdg-data'), XDG_CACHE_HOME: join(runDir, 'xdg-cache'),
    TMPDIR: join(runDir, 'tmp'), EXTENSIONS_GALLERY: NO_GALLERY,
  };
  // The test runner's own loader must not leak into code-server's Node 24 (tsx is for the test process only).
  delete p.env.NODE_OPTIONS;
  p.common = ['--config', p.config, '--user-data-dir', p.user, '--extensions-dir', p.ext];
  return p;
}

/** Installs a .vsix into the profile; returns the installed extension's folder. */
export function installVsix(cs, profile, vsix) {
  const r = spawnSync(cs.bin, [...profile.common, '--install-extension', vsix], { env: profile.env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  const pkg = JSON.parse(readFileSync(join(here, '..', '..', '..', 'package.json'), 'utf8'));
  const folder = readdirSync(profile.ext).find(n => n.toLowerCase() === `${pkg.publisher}.${pkg.name}-${pkg.version}`.toLowerCase());
  if (!folder) throw new Error(`installed, but ${profile.ext} holds no ${pkg.publisher}.${pkg.name}-${pkg.version}: ${readdirSync(profile.ext).join(', ')}`);
  return join(profile.ext, folder);
}

/**
 * Starts code-server on 127.0.0.1 and a free port, in its own process group, with the smoke-test driver enabled so
 * the `payload` URL parameter can run extension-host tests. Resolves when /healthz answers.
 */
export async function startCodeServer(cs, profile) {
  const port = await freePort();
  const log = createWriteStream(profile.log);
  const started = Date.now();
  const proc = startGroup(cs.bin, [
    ...profile.common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--reconnection-grace-time', '5', '--vscode-option', 'enable-smoke-test-driver',
  ], { env: profile.env, logStream: log });
  let alive = true;
  proc.exited.then(() => { alive = false; });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/healthz`, 60_000, () => alive);
  } catch (e) {
    await proc.stop();
    throw new Error(`${e.message}; log: ${profile.log}\n${readFileSync(profile.log, 'utf8').slice(-3000)}`);
  }
  return { url, port, pid: proc.child.pid, startupMs: Date.now() - started, stop: async () => { await proc.stop(); log.end(); } };
}
