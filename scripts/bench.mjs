#!/usr/bin/env node
// `npm run bench [-- --smoke] [-- --node PATH] [-- --json FILE] [-- --keep]`: the performance figures of issue 7,
// measured side by side with yaml-language-server (driven over stdio with the same edits) and `promtool check rules`
// (on the same file). Generates its inputs into a temp folder; installs yaml-language-server into a cache folder
// outside the repository. Prints a table of medians, p95 and ratios against the goals. `--smoke` runs small inputs
// quickly (for CI: it proves the script works, its figures mean nothing) and installs nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { bigRulesFile, generateWorkspace, summaryKeyOffsets } from './bench/generate.mjs';
import { LspProcess, fileUri } from './bench/lsp.mjs';
import { ensureYamlLs, installedYamlLs, pickRuntime, yamlSettings } from './bench/yamlls.mjs';
import { machine, median, render } from './bench/report.mjs';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const flag = name => args.includes(`--${name}`);
const option = name => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
const smoke = flag('smoke');
const size = smoke
  ? { groups: 5, edits: 5, files: 120, runs: 1, starts: 2, wsGoalMs: 10_000 }
  : { groups: 100, edits: Number(option('edits') ?? 40), files: Number(option('files') ?? 5000), runs: Number(option('runs') ?? 7), starts: 5, wsGoalMs: 10_000 };
const log = m => process.stderr.write(`[bench] ${m}\n`);
const failures = [];

const dir = mkdtempSync(join(tmpdir(), 'slo-lens-bench-'));
const cleanup = () => { if (!flag('keep')) rmSync(dir, { recursive: true, force: true }); };
process.on('exit', cleanup);

// Build: the benchmark measures bundles like the ones users run (minified, as `npm run package` makes them), built
// into the temp folder so that dist/ of a working tree is left alone.
const serverJs = join(dir, 'dist', 'server.js');
const cliJs = join(dir, 'dist', 'cli.js');
try {
  const { build } = await import('esbuild');
  const { prebuiltValidators } = await import('./build/validators.mjs');
  const { buildVendor, lazyVendor } = await import('./build/lazyVendor.mjs');
  const common = { bundle: true, platform: 'node', target: 'node18', format: 'cjs', minify: true, logLevel: 'error', legalComments: 'none', absWorkingDir: root, plugins: [prebuiltValidators()] };
  await build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: serverJs });
  await build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: cliJs, plugins: [...common.plugins, lazyVendor()] });
  await buildVendor(common, join(dir, 'dist', 'cli-vendor.js'));
} catch (e) { log(`build failed: ${e.message}`); process.exit(2); }

const runtime = pickRuntime(option('node'));
let yamlLsServer = null;
try {
  yamlLsServer = smoke ? installedYamlLs(runtime.yamlLs) : ensureYamlLs(runtime.yamlLs, log);
} catch (e) { log(`yaml-language-server unavailable: ${e.message}`); }
const promtool = ['/usr/bin/promtool', 'promtool'].find(p => spawnSync(p, ['--version']).status === 0);
const nodeVersion = spawnSync(runtime.node, ['--version'], { encoding: 'utf8' }).stdout.trim();

// The schema yaml-language-server validates with: the repository's Prometheus rules schema once there is one, else ours.
const repoSchema = ['schemas/prometheus-rules.schema.json', 'schemas/prometheus-rules.json'].map(p => join(root, p)).find(existsSync);
const schemaPath = repoSchema ?? join(root, 'scripts', 'bench', 'prometheus-rules.schema.json');

// ---- inputs
const rulesText = bigRulesFile({ groups: size.groups, alertsPerGroup: 10 });
const cleanRules = join(dir, 'clean', 'rules.yaml');
mkdirSync(join(dir, 'clean'));
writeFileSync(cleanRules, bigRulesFile({ groups: size.groups, alertsPerGroup: 10, defect: false }));
const editRoot = join(dir, 'edit');
mkdirSync(editRoot);
const wsRoot = join(dir, 'ws');
log(`generating a ${size.files}-file workspace in ${wsRoot}`);
const ws = generateWorkspace(wsRoot, size.files);

const ourServer = () => new LspProcess(runtime.node, [serverJs, '--stdio'], { cwd: dir, configuration: () => null });
const theirServer = () => {
  const settings = yamlSettings(fileUri(schemaPath));
  const p = new LspProcess(runtime.node, [yamlLsServer, '--stdio'], { cwd: dir, configuration: item => (item.section === 'yaml' ? settings : null) });
  p.yamlSettings = settings;
  return p;
};

async function idle(p, timeoutMs = 120_000, pollMs = 20) {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const { result } = await p.request('sloLens/stats', null);
    // `warming`: the server checks made-up files while idle after start (server/src/lsp/warmup.ts); a file opened
    // meanwhile is checked first, but at cold speed (the "opened at once" row).
    if (!result.indexing && result.queued === 0 && !result.warming) return result;
    if (performance.now() > until) throw new Error(`server not idle after ${timeoutMs} ms: ${JSON.stringify(result)}`);
    await new Promise(r => setTimeout(r, pollMs));
  }
}

/**
 * Open → first diagnostics, then edits → fresh diagnostics. Each edit turns an alert's `summary` key into a second
 * `description` (a duplicate key both servers report) or back, in a different alert each time, and waits for the
 * diagnostics of that edit: by document version where the server sends it, else by the changed count.
 */
async function editSession(p, ours) {
  await p.initialize({ rootPath: editRoot });
  if (p.yamlSettings) p.notify('workspace/didChangeConfiguration', { settings: { yaml: p.yamlSettings } });
  if (ours) await idle(p);
  else await p.request('textDocument/documentSymbol', { textDocument: { uri: fileUri(join(editRoot, 'none.yaml')) } }).catch(() => undefined);
  const uri = fileUri(join(editRoot, 'rules.yaml'));
  let text = rulesText;
  const first = p.waitForDiagnostics(uri);
  const t0 = performance.now();
  p.open(uri, text);
  const opened = await first;
  const openMs = opened.at - t0;
  let lastCount = opened.params.diagnostics.length;
  const editMs = [];
  const alerts = summaryKeyOffsets(text).length;
  let at = 0;
  for (let i = 0; i < size.edits; i++) {
    const version = i + 2;
    const introduce = i % 2 === 0;
    // Introduce in a different alert each time; revert at the same offset (nothing before it changed length).
    if (introduce) at = summaryKeyOffsets(text)[((i >> 1) * 37 + 11) % alerts];
    const from = introduce ? 'summary' : 'description';
    const to = introduce ? 'description' : 'summary';
    const start = lineCol(text, at);
    const end = lineCol(text, at + from.length);
    text = text.slice(0, at) + to + text.slice(at + from.length);
    const before = lastCount;
    const fresh = p.waitForDiagnostics(uri, d => (d.version !== undefined && d.version !== null ? d.version === version : d.diagnostics.length !== before));
    const t = performance.now();
    p.change(uri, version, [{ range: { start, end }, text: to }]);
    const got = await fresh;
    editMs.push(got.at - t);
    lastCount = got.params.diagnostics.length;
  }
  const mem = p.memory();
  // Another file of the same size opened in the now warm server (as when a user opens a big file after working a
  // while). Other service names, so that no expression is in a cache.
  p.notify('textDocument/didClose', { textDocument: { uri } });
  const again = fileUri(join(editRoot, 'rules-again.yaml'));
  const second = p.waitForDiagnostics(again);
  const t1 = performance.now();
  p.open(again, bigRulesFile({ groups: size.groups, alertsPerGroup: 10, service: 'backend' }));
  const warmOpenMs = (await second).at - t1;
  return { openMs, warmOpenMs, editMs, rss: mem.rss, peak: mem.peak, finalCount: lastCount };
}

function lineCol(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

async function measure(name, make, fn) {
  const p = make();
  try { return await fn(p); }
  catch (e) { failures.push(`${name}: ${e.message}`); log(`${name} failed: ${e.message}\n${p.stderr.slice(-2000)}`); return null; }
  finally { await p.stop(); }
}

// ---- 1. the big rules file in both language servers
writeFileSync(join(editRoot, '.keep'), '');
log(`edit session: slo-lens (${size.edits} edits)`);
const oursEdit = await measure('slo-lens edit session', ourServer, p => editSession(p, true));
log('edit session: yaml-language-server');
const theirEdit = yamlLsServer ? await measure('yaml-language-server edit session', theirServer, p => editSession(p, false)) : null;

// ---- 2. `slo-lens check` vs `promtool check rules` on the same (clean) file, alternating
const check = { ours: [], promtool: [] };
for (let i = 0; i < size.runs; i++) {
  let t = performance.now();
  // In the file's own folder, like promtool: `check` also reads the workspace around the file as context.
  const r = spawnSync(runtime.node, [cliJs, 'check', 'rules.yaml', '--format', 'json'], { encoding: 'utf8', cwd: dirname(cleanRules) });
  check.ours.push(performance.now() - t);
  if (r.status === 2 || !r.stdout.startsWith('{')) failures.push(`slo-lens check exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  if (promtool) {
    t = performance.now();
    const q = spawnSync(promtool, ['check', 'rules', cleanRules], { encoding: 'utf8' });
    check.promtool.push(performance.now() - t);
    if (q.status !== 0) failures.push(`promtool check rules failed: ${q.stdout}${q.stderr}`.slice(0, 500));
  }
}
log(`check: slo-lens ${median(check.ours).toFixed(0)} ms, promtool ${median(check.promtool).toFixed(0)} ms`);

// ---- 3. the workspace: initial index + all diagnostics, memory, and what one edit re-checks
log(`workspace: ${size.files} files`);
const wsResult = await measure('workspace', () => new LspProcess(runtime.node, [serverJs, '--stdio'], { cwd: dir, configuration: () => null }), async p => {
  const t0 = performance.now();
  await p.initialize({ rootPath: wsRoot });
  const ready = await idle(p, 300_000);
  const readyMs = performance.now() - t0;
  const rss = p.memory().rss;
  // Rename an alert that a YAML Runbook lists: the rule file and the runbooks naming the alert must be re-checked,
  // and nothing else.
  const rel = ws.rules.find(r => !readFileSync(join(wsRoot, r), 'utf8').startsWith('apiVersion')) ?? ws.rules[0];
  const path = join(wsRoot, rel);
  const uri = fileUri(path);
  let text = readFileSync(path, 'utf8');
  const oldName = /alert: (\w+DiskFillingUp)/.exec(text)?.[1] ?? /alert: (\w+)/.exec(text)[1];
  const newName = `${oldName}Renamed`;
  p.open(uri, text, 'yaml', 1);
  await idle(p);
  const before = (await p.request('sloLens/stats', null)).result.checks;
  const at = text.indexOf(`alert: ${oldName}`) + 'alert: '.length + oldName.length;
  // Until the server is idle again: the edited file and every dependent re-checked and published.
  const t = performance.now();
  p.change(uri, 2, [{ range: { start: lineCol(text, at), end: lineCol(text, at) }, text: 'Renamed' }]);
  text = text.slice(0, at) + 'Renamed' + text.slice(at);
  const after = await idle(p, 60_000, 5);
  const editMs = performance.now() - t;
  const mentions = ws.all.filter(r => r !== rel && (s => s.includes(oldName) || s.includes(newName))(readFileSync(join(wsRoot, r), 'utf8'))).length;
  return { files: ready.files, readyMs, rss, editMs, rechecked: after.checks - before, expectedRecheck: 1 + mentions };
});

// ---- 4. server start → first diagnostics (a small rules file with one defect, opened as soon as the server answers)
const start = { ours: [], yamlLs: [] };
const small = join(dir, 'start');
mkdirSync(small);
const smallText = bigRulesFile({ groups: 1, alertsPerGroup: 3 });
writeFileSync(join(small, 'rules.yaml'), smallText);
for (let i = 0; i < size.starts; i++) {
  for (const [name, make, into] of [['slo-lens', ourServer, start.ours], ['yaml-language-server', theirServer, start.yamlLs]]) {
    if (name !== 'slo-lens' && !yamlLsServer) continue;
    await measure(`${name} start`, make, async p => {
      const uri = fileUri(join(small, 'rules.yaml'));
      const first = p.waitForDiagnostics(uri, d => d.diagnostics.length > 0, 30_000);
      await p.initialize({ rootPath: small });
      if (p.yamlSettings) p.notify('workspace/didChangeConfiguration', { settings: { yaml: p.yamlSettings } });
      p.open(uri, smallText);
      const got = await first;
      into.push(got.at - p.spawnedAt);
    });
  }
}

// ---- 5. open → diagnostics in a fresh server, several servers (one open per server is one sample)
const freshOpen = { ours: oursEdit ? [oursEdit.openMs] : [], yamlLs: theirEdit ? [theirEdit.openMs] : [] };
for (let i = 1; i < size.starts; i++) {
  for (const [name, make, into] of [['slo-lens', ourServer, freshOpen.ours], ['yaml-language-server', theirServer, freshOpen.yamlLs]]) {
    if (name !== 'slo-lens' && !yamlLsServer) continue;
    await measure(`${name} fresh open`, make, async p => {
      await p.initialize({ rootPath: editRoot });
      if (p.yamlSettings) p.notify('workspace/didChangeConfiguration', { settings: { yaml: p.yamlSettings } });
      if (name === 'slo-lens') await idle(p);
      else await p.request('textDocument/documentSymbol', { textDocument: { uri: fileUri(join(editRoot, 'none.yaml')) } }).catch(() => undefined);
      const uri = fileUri(join(editRoot, `fresh-${i}.yaml`));
      const first = p.waitForDiagnostics(uri);
      const t0 = performance.now();
      p.open(uri, rulesText);
      into.push((await first).at - t0);
    });
  }
}

// ---- 6. the same, opened as soon as `initialize` is answered (before the server has warmed up)
const freshAtOnce = [];
for (let i = 0; i < size.starts; i++) {
  await measure('slo-lens fresh open at once', ourServer, async p => {
    await p.initialize({ rootPath: editRoot });
    const uri = fileUri(join(editRoot, `at-once-${i}.yaml`));
    const first = p.waitForDiagnostics(uri);
    const t0 = performance.now();
    p.open(uri, rulesText);
    freshAtOnce.push((await first).at - t0);
  });
}

// ---- report
const result = {
  smoke, machine: machine(), nodeVersion, yamlLsVersion: yamlLsServer ? runtime.yamlLs : null,
  promtoolVersion: promtool ? spawnSync(promtool, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0].replace(/\s*\(.*$/, '') : null,
  rulesLines: rulesText.split('\n').length - 1, alerts: size.groups * 10, edits: size.edits, runs: size.runs, schema: schemaPath.replace(root, ''),
  ours: oursEdit ?? { openMs: NaN, editMs: [], rss: NaN }, yamlLs: theirEdit, check,
  ws: { ...(wsResult ?? { files: size.files, readyMs: NaN, rss: NaN, editMs: NaN, rechecked: NaN, expectedRecheck: NaN }), goalMs: size.wsGoalMs },
  start, freshOpen, freshAtOnce, failures,
};
process.stdout.write(render(result) + '\n');
if (failures.length) process.stdout.write(`\nfailures:\n${failures.map(f => `- ${f}`).join('\n')}\n`);
const jsonOut = option('json');
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(result, null, 2));
process.exitCode = failures.length ? 1 : 0;
