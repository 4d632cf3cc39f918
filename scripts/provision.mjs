#!/usr/bin/env node
// Installs the outside programs the editor, Prometheus and Neovim suites need, once, into places outside the repo:
// Debian packages through apt (root only), Node 24 and code-server from the npm registry into a cache folder
// (default ~/.cache/slo-lens, override with SLO_LENS_CACHE). Every function is idempotent and returns quickly when
// its target is already there. Functions throw on failure; whether a failure skips or fails a test is the caller's
// call (with CI=true it must fail, see `mustProvision`).
//
// Cache layout (keyed by what invalidates it):
//   $SLO_LENS_CACHE/node24/node_modules/node-<platform>-<arch>/{bin/node,include/node}   Node 24 + its headers
//   $SLO_LENS_CACHE/cs24-<version>/bin/code-server                                         npm -g --prefix install
//   $SLO_LENS_CACHE/cs24-<version>/.slo-lens-complete                                       written after a verified install
//
// CLI: node scripts/provision.mjs [debian PKG...] [node24] [code-server [VERSION]] [chromium] [e2e]
//   prints one JSON object with the resolved paths; exit 1 on failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, chmodSync, accessSync, statSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { join, delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const CHROMIUM = '/usr/bin/chromium';

export function cacheDir() {
  return process.env.SLO_LENS_CACHE || join(homedir(), '.cache', 'slo-lens');
}

/** True when a missing dependency must fail the run instead of skipping the suite that needs it. */
export function mustProvision() {
  return process.env.CI === 'true' || process.env.CI === '1';
}

const log = (msg) => process.stderr.write(`[provision] ${msg}\n`);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) {
    const tail = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}:\n${tail}`);
  }
  return r.stdout ?? '';
}

/** Absolute path of an executable on PATH, or undefined. */
export function which(name, path = process.env.PATH ?? '') {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try { accessSync(p, constants.X_OK); return p; } catch { /* keep looking */ }
  }
  return undefined;
}

function debianInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** Sleeps synchronously (the provisioners are synchronous so tests can call them before anything starts). */
function sleepSync(ms) { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms); }

/**
 * Runs fn while holding an exclusive lock folder in the cache, so two test runs never install into the same place
 * at once. A lock older than 20 minutes belongs to a run that died and is taken over.
 */
function withLock(name, fn) {
  mkdirSync(cacheDir(), { recursive: true });
  const lock = join(cacheDir(), `${name}.lock`);
  const deadline = Date.now() + 25 * 60_000;
  for (;;) {
    try { mkdirSync(lock); break; } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let age = 0;
      try { age = Date.now() - statSync(lock).mtimeMs; } catch { continue; }
      if (age > 20 * 60_000) { rmSync(lock, { recursive: true, force: true }); continue; }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      sleepSync(1000);
    }
  }
  try { return fn(); } finally { rmSync(lock, { recursive: true, force: true }); }
}

let aptUpdated = false;

/**
 * Installs the Debian packages that are missing, with no recommends and no daemons: when the image has no
 * /usr/sbin/policy-rc.d we put one in place for the install (exit 101 = "do not start services"), so packages such
 * as prometheus do not start a server on all interfaces. Needs root; `apt-get update` runs at most once per process.
 */
export function ensureDebianPackages(pkgs) {
  if (!existsSync('/usr/bin/dpkg-query')) throw new Error(`not a Debian system: cannot install ${pkgs.join(', ')}`);
  const missing = pkgs.filter(p => !debianInstalled(p));
  if (!missing.length) return;
  if (process.getuid?.() !== 0) throw new Error(`Debian packages missing: ${missing.join(' ')}; run as root: apt-get install --no-install-recommends ${missing.join(' ')}`);
  const policy = '/usr/sbin/policy-rc.d';
  const ownPolicy = !existsSync(policy);
  if (ownPolicy) { writeFileSync(policy, '#!/bin/sh\n# placed by slo-lens scripts/provision.mjs for the install only\nexit 101\n'); chmodSync(policy, 0o755); }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const lock = ['-o', 'DPkg::Lock::Timeout=300'];
  try {
    const t = Date.now();
    if (!aptUpdated) { run('apt-get', [...lock, 'update'], { env }); aptUpdated = true; }
    run('apt-get', [...lock, 'install', '-y', '--no-install-recommends', ...missing], { env });
    log(`apt-get installed ${missing.join(' ')} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  } finally {
    if (ownPolicy) rmSync(policy, { force: true });
  }
  const still = missing.filter(p => !debianInstalled(p));
  if (still.length) throw new Error(`apt-get finished but ${still.join(' ')} is still not installed`);
}

/** Debian Chromium for Playwright; returns the executable. */
export function ensureChromium() {
  if (!existsSync(CHROMIUM)) ensureDebianPackages(['chromium']);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing after installing the chromium package`);
  return CHROMIUM;
}

/**
 * Node 24 from the npm registry (`node-<platform>-<arch>@24`: the binary plus include/node, which node-gyp needs as
 * npm_config_nodedir so it does not download headers). Returns { node, bin, nodedir, version }.
 */
export function ensureNode24() {
  const pkg = `node-${process.platform}-${process.arch}`;
  const dir = join(cacheDir(), 'node24');
  const nodedir = join(dir, 'node_modules', pkg);
  const node = join(nodedir, 'bin', 'node');
  const ready = () => existsSync(node) && existsSync(join(nodedir, 'include', 'node', 'node.h'));
  if (!ready()) withLock('node24', () => {
    if (ready()) return;
    const t = Date.now();
    const tmp = `${dir}.partial-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    writeFileSync(join(tmp, 'package.json'), JSON.stringify({ name: 'node24', private: true }, null, 2));
    run('npm', ['install', '--no-audit', '--no-fund', '--no-save', `${pkg}@24`], { cwd: tmp });
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
    log(`installed ${pkg}@24 in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  });
  const version = run(node, ['--version']).trim();
  if (!version.startsWith('v24.')) throw new Error(`${node} is ${version}, expected v24`);
  return { node, bin: join(nodedir, 'bin'), nodedir, version };
}

/** Build tools the native modules of code-server compile with; missing ones become Debian packages. */
function buildPrerequisites() {
  const pkgs = ['libkrb5-dev'];
  for (const [tool, pkg] of [['g++', 'g++'], ['make', 'make'], ['python3', 'python3'], ['pkg-config', 'pkg-config']]) {
    if (!which(tool)) pkgs.push(pkg);
  }
  return pkgs;
}

/**
 * code-server (real VS Code for the browser) installed with Node 24's npm into $cache/cs24-<version>. The first
 * install compiles native modules and takes about 4 minutes; later calls only check the completion marker.
 * Returns { bin, prefix, node, nodeBin, version }.
 */
export function ensureCodeServer(version = CODE_SERVER_VERSION) {
  const n24 = ensureNode24();
  const prefix = join(cacheDir(), `cs24-${version}`);
  const bin = join(prefix, 'bin', 'code-server');
  const marker = join(prefix, '.slo-lens-complete');
  const installedVersion = () => {
    try { return JSON.parse(readFileSync(join(prefix, 'lib', 'node_modules', 'code-server', 'package.json'), 'utf8')).version; } catch { return undefined; }
  };
  const env = { ...process.env, PATH: `${n24.bin}${delimiter}${process.env.PATH ?? ''}`, npm_config_nodedir: n24.nodedir };
  const verify = (dir) => {
    // --version prints "<version> <commit> with Code <x>"; a scratch config dir keeps it from writing ~/.config.
    const scratch = join(dir, '.xdg-config');
    const out = run(join(dir, 'bin', 'code-server'), ['--version'], { env: { ...env, XDG_CONFIG_HOME: scratch } });
    rmSync(scratch, { recursive: true, force: true });
    const line = out.split('\n').find(l => l.startsWith(`${version} `));
    if (!line) throw new Error(`code-server --version printed ${out.trim()}, expected ${version}`);
    writeFileSync(join(dir, '.slo-lens-complete'), line + '\n');
  };
  if (existsSync(marker) && installedVersion() === version) return { bin, prefix, node: n24.node, nodeBin: n24.bin, version };
  if (installedVersion() === version && existsSync(bin)) {
    // Installed by hand or by an older provisioner: verify once, then trust the marker.
    verify(prefix);
    return { bin, prefix, node: n24.node, nodeBin: n24.bin, version };
  }
  ensureDebianPackages(buildPrerequisites());
  withLock(`cs24-${version}`, () => {
    if (existsSync(marker) && installedVersion() === version) return;
    const t = Date.now();
    // Install beside the target and rename when verified, so an interrupted install never looks complete.
    const tmp = `${prefix}.partial-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    log(`installing code-server@${version} with Node ${n24.version} (compiles native modules; about 4 minutes)`);
    run('npm', ['install', '-g', '--prefix', tmp, '--no-audit', '--no-fund', '--foreground-scripts', `code-server@${version}`], { env });
    verify(tmp);
    rmSync(prefix, { recursive: true, force: true });
    renameSync(tmp, prefix);
    log(`installed code-server@${version} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  });
  return { bin, prefix, node: n24.node, nodeBin: n24.bin, version };
}

/** Everything the editor suites need. */
export function ensureEditorTools(version = CODE_SERVER_VERSION) {
  const chromium = ensureChromium();
  const cs = ensureCodeServer(version);
  return { chromium, codeServer: cs };
}

function cli(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === 'debian') {
      const pkgs = [];
      while (argv[i + 1] && !['node24', 'code-server', 'chromium', 'e2e', 'debian'].includes(argv[i + 1])) pkgs.push(argv[++i]);
      ensureDebianPackages(pkgs);
      out.debian = pkgs;
    } else if (a === 'node24') out.node24 = ensureNode24();
    else if (a === 'code-server') {
      const v = argv[i + 1] && /^\d+\.\d+\.\d+$/.test(argv[i + 1]) ? argv[++i] : CODE_SERVER_VERSION;
      out.codeServer = ensureCodeServer(v);
    } else if (a === 'chromium') out.chromium = ensureChromium();
    else if (a === 'e2e') Object.assign(out, ensureEditorTools());
    else throw new Error(`unknown argument ${a}; usage: provision.mjs [debian PKG...] [node24] [code-server [VERSION]] [chromium] [e2e]`);
  }
  process.stdout.write(JSON.stringify({ cache: cacheDir(), ...out }, null, 2) + '\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try { cli(process.argv.slice(2)); } catch (e) { log(String(e instanceof Error ? e.message : e)); process.exit(1); }
}
