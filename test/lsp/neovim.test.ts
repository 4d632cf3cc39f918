import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { LspClient, REPO_ROOT, SERVER_JS } from '../harness/lspClient';
import { RULES } from '../harness/defects';

// Neovim's built-in LSP client (Debian's 0.7.x) as a second, independent client: it must get the same diagnostics
// (rule ids and ranges) as our own stdio client for the same file. Nothing is written to $HOME: XDG_* point into a
// temp folder, -i NONE (no shada) and -n (no swap files), and HOME itself is a temp folder checked to stay empty.

const NVIM = process.env.NVIM_BIN ?? '/usr/bin/nvim';
const LUA = path.join(REPO_ROOT, 'test', 'nvim', 'lsp.lua');

/** Neovim, or a clear failure: with CI set a missing nvim fails; otherwise it is installed from Debian when root. */
async function ensureNvim(): Promise<string> {
  if (existsSync(NVIM)) return NVIM;
  if (process.env.CI) assert.fail(`${NVIM} is missing and CI is set: install it before the tests (apt-get install -y --no-install-recommends neovim, or node scripts/provision.mjs debian neovim)`);
  if (process.getuid?.() !== 0) assert.fail(`${NVIM} is missing and this is not root: install it with \`sudo apt-get install -y --no-install-recommends neovim\``);
  const { ensureDebianPackages } = await import(path.join(REPO_ROOT, 'scripts', 'provision.mjs')) as { ensureDebianPackages(p: string[]): void };
  ensureDebianPackages(['neovim']);
  assert.ok(existsSync(NVIM), `apt-get installed neovim but ${NVIM} is not there`);
  return NVIM;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '', stderr = '';
    child.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    // Kill the whole process group (nvim and the server it started) if it hangs.
    const timer = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, timeoutMs);
    child.on('error', reject);
    child.on('exit', code => { clearTimeout(timer); resolve({ code, stdout, stderr, ms: performance.now() - t0 }); });
  });
}

test('Neovim as an LSP client gets the same diagnostics as the stdio client', async t => {
  const nvim = await ensureNvim();
  assert.ok(existsSync(SERVER_JS), `${SERVER_JS} is missing: build first with \`node esbuild.mjs\``);
  const tmp = mkdtempSync(path.join(tmpdir(), 'slo-lens-nvim-'));
  try {
    const ws = path.join(tmp, 'ws');
    const home = path.join(tmp, 'home');
    for (const d of [ws, home, path.join(tmp, 'xdg', 'config'), path.join(tmp, 'xdg', 'data'), path.join(tmp, 'xdg', 'state'), path.join(tmp, 'xdg', 'cache')]) mkdirSync(d, { recursive: true });
    const file = path.join(ws, 'rules.yaml');
    writeFileSync(file, RULES);

    // What our own client sees for the same file.
    const client = await LspClient.start({ workspaceFolders: [ws], settings: { sloLens: { diagnostics: { workspace: false } } } });
    let expected: string[];
    try {
      const uri = client.open(file, RULES);
      expected = (await client.waitForDiagnostics(uri, { version: 1 })).map(d => `${d.code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`).sort();
    } finally {
      await client.shutdown();
    }
    assert.deepEqual(expected.map(e => e.split(' ')[0]), ['promql/syntax', 'schema/unknown-key']);

    const env = {
      PATH: process.env.PATH, HOME: home, TMPDIR: tmp,
      XDG_CONFIG_HOME: path.join(tmp, 'xdg', 'config'), XDG_DATA_HOME: path.join(tmp, 'xdg', 'data'),
      XDG_STATE_HOME: path.join(tmp, 'xdg', 'state'), XDG_CACHE_HOME: path.join(tmp, 'xdg', 'cache'),
      NVIM_LOG_FILE: path.join(tmp, 'nvim.log'),
      SLO_LENS_NODE: process.execPath, SLO_LENS_SERVER: SERVER_JS, SLO_LENS_ROOT: ws, SLO_LENS_FILE: file,
      SLO_LENS_EXPECT: String(expected.length),
    };
    const r = await run(nvim, ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${LUA}`], env, 60_000);
    const lines = (r.stdout + r.stderr).split(/\r?\n/);
    assert.equal(r.code, 0, `nvim exited with ${r.code}:\n${r.stdout}\n${r.stderr}`);
    const got = lines.filter(l => l.startsWith('DIAG ')).map(l => {
      const [, code, line, col, endLine, endCol, severity, source] = l.split(' ');
      assert.equal(source, 'slo-lens');
      assert.equal(severity, '1', `${code}: errors are severity 1 in Neovim too`);
      return `${code} ${line}:${col}-${endLine}:${endCol}`;
    }).sort();
    assert.deepEqual(got, expected);
    assert.ok(lines.includes('EXIT 0'), `the server did not exit cleanly after stop_client:\n${r.stdout}`);
    assert.deepEqual(readdirSync(home), [], 'Neovim wrote into $HOME');
    const init = lines.find(l => l.startsWith('INIT '));
    const done = lines.find(l => l.startsWith('DONE '));
    t.diagnostic(`nvim run ${r.ms.toFixed(0)} ms wall; server initialized after ${init?.slice(5)} ms, diagnostics printed after ${done?.slice(5)} ms`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
