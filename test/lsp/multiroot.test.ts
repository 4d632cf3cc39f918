import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { ConfigurationItem, Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, REPO_ROOT, fileUri } from '../harness/lspClient';
import { RULES } from '../harness/defects';

// A multi-root workspace: every folder is checked with its own configuration (its `.slo-lens.yaml`, its scoped
// `sloLens` settings), as `slo-lens check` run in that folder checks it; folders come and go while the server runs.

/** The shared defects plus two alerts without a runbook: severity `critical` and severity `page`. */
const ALERTS = `${RULES}      - alert: HighErrorRate
        expr: job:http_errors:rate5m > 1
        labels:
          severity: critical
      - alert: ErrorsPaging
        expr: job:http_errors:rate5m > 10
        labels:
          severity: page
`;

/** `payments` turns alert/missing-runbook off; `platform` pages on `page` only and ignores `generated/`. */
const PAYMENTS_CONFIG = 'rules:\n  alert/missing-runbook: off\n';
const PLATFORM_CONFIG = 'alerts:\n  criticalSeverities: [page]\nignore: ["generated/**"]\n';

interface Stats { files: number; checks: number; queued: number; indexing: boolean; warming: boolean }
const SEVERITY = ['', 'error', 'warning', 'info', 'hint'];
const short = (d: Diagnostic) => `${d.code}:${SEVERITY[d.severity ?? 0]}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;
const set = (ds: Diagnostic[]) => ds.map(short).sort().join('\n');

function twoFolders(): { dir: string; payments: string; platform: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'slo-lens-multiroot-'));
  const payments = path.join(dir, 'payments');
  const platform = path.join(dir, 'platform');
  mkdirSync(payments);
  mkdirSync(path.join(platform, 'generated'), { recursive: true });
  writeFileSync(path.join(payments, 'rules.yaml'), ALERTS);
  writeFileSync(path.join(payments, '.slo-lens.yaml'), PAYMENTS_CONFIG);
  writeFileSync(path.join(platform, 'rules.yaml'), ALERTS);
  writeFileSync(path.join(platform, 'generated', 'rules.yaml'), ALERTS);
  writeFileSync(path.join(platform, '.slo-lens.yaml'), PLATFORM_CONFIG);
  return { dir, payments, platform };
}

/** What `slo-lens check . --format json` run in `folder` reports, per file uri, as `rule:severity@range` lines. */
function cliFindings(folder: string): Map<string, string> {
  const cli = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist/cli.js'), 'check', '.', '--format', 'json'], { cwd: folder, encoding: 'utf8' });
  assert.ok(cli.status === 0 || cli.status === 1, `exit ${cli.status}: ${cli.stderr}`);
  const json = JSON.parse(cli.stdout) as { findings: { file: string; rule: string; severity: string; range: Diagnostic['range'] }[] };
  const per = new Map<string, string[]>();
  for (const f of json.findings) {
    const uri = fileUri(path.join(folder, f.file));
    per.set(uri, [...per.get(uri) ?? [], `${f.rule}:${f.severity}@${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`]);
  }
  return new Map([...per].map(([uri, lines]) => [uri, lines.sort().join('\n')]));
}

async function idle(client: LspClient, timeoutMs = 20_000): Promise<Stats> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = await client.request<Stats>('sloLens/stats', null);
    if (!s.indexing && s.queued === 0) return s;
    if (Date.now() > end) throw new Error(`still busy after ${timeoutMs} ms: ${JSON.stringify(s)}`);
    await new Promise(r => setTimeout(r, 20));
  }
}

async function expectFindings(client: LspClient, expected: Map<string, string>): Promise<void> {
  for (const [uri, want] of expected) {
    const got = await client.waitForDiagnostics(uri, { until: d => set(d) === want, timeoutMs: 10_000 }).catch((e: Error) => { throw new Error(`${uri}: want\n${want}\n${e.message}`); });
    assert.equal(set(got), want, uri);
  }
}

describe('multi-root: each folder has its own .slo-lens.yaml', () => {
  let ws: ReturnType<typeof twoFolders>;
  let client: LspClient;
  let expected: Map<string, string>;
  before(async () => {
    ws = twoFolders();
    expected = new Map([...cliFindings(ws.payments), ...cliFindings(ws.platform)]);
    client = await LspClient.start({ workspaceFolders: [ws.payments, ws.platform], settings: { sloLens: {} } });
  });
  after(async () => {
    await client?.shutdown();
    rmSync(ws.dir, { recursive: true, force: true });
  });

  test('each folder\'s files get the findings `slo-lens check` run in that folder reports (rule, severity, range)', async () => {
    const payments = expected.get(fileUri(path.join(ws.payments, 'rules.yaml')));
    const platform = expected.get(fileUri(path.join(ws.platform, 'rules.yaml')));
    // The two configurations really differ on the same file: no runbook findings in payments; in platform a warning
    // for `critical` and an error for `page`; platform's generated/ is not reported.
    assert.ok(payments && !payments.includes('alert/missing-runbook'), payments);
    assert.ok(platform?.includes('alert/missing-runbook:warning') && platform.includes('alert/missing-runbook:error'), platform);
    assert.deepEqual([...expected.keys()].sort(), [fileUri(path.join(ws.payments, 'rules.yaml')), fileUri(path.join(ws.platform, 'rules.yaml'))]);
    await expectFindings(client, expected);
    // The file platform ignores: checked when opened (it stays open), and nothing to report.
    const generated = client.open(path.join(ws.platform, 'generated', 'rules.yaml'), ALERTS);
    assert.deepEqual(await client.waitForDiagnostics(generated, { version: 1 }), []);
  });

  test('a changed .slo-lens.yaml re-checks the files of its folder only', async () => {
    await expectFindings(client, expected);
    const before = await idle(client);
    const paymentsPublishes = client.publishes.filter(p => p.uri.startsWith(fileUri(ws.payments) + '/')).length;
    writeFileSync(path.join(ws.platform, '.slo-lens.yaml'), `${PLATFORM_CONFIG}rules:\n  schema/unknown-key: off\n`);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(path.join(ws.platform, '.slo-lens.yaml')), type: 2 }] });
    const uri = fileUri(path.join(ws.platform, 'rules.yaml'));
    const want = expected.get(uri)!.split('\n').filter(l => !l.startsWith('schema/unknown-key')).join('\n');
    assert.equal(set(await client.waitForDiagnostics(uri, { until: d => set(d) === want })), want);
    const afterChange = await idle(client);
    // platform holds rules.yaml, generated/rules.yaml and .slo-lens.yaml itself: three files, nothing of payments.
    const platformFiles = readdirSync(ws.platform, { recursive: true }).filter(f => /\.ya?ml$/.test(String(f))).length;
    assert.equal(platformFiles, 3);
    assert.equal(afterChange.checks - before.checks, platformFiles, `checks ${before.checks} → ${afterChange.checks}`);
    assert.equal(client.publishes.filter(p => p.uri.startsWith(fileUri(ws.payments) + '/')).length, paymentsPublishes, 'payments was not published again');
    assert.equal(set(client.diagnostics(fileUri(path.join(ws.payments, 'rules.yaml')))!), expected.get(fileUri(path.join(ws.payments, 'rules.yaml'))));
  });
});

describe('multi-root: editor settings per folder', () => {
  test('`sloLens` settings are asked for each folder (scopeUri) and apply to that folder\'s files, also after a change', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'slo-lens-multiroot-'));
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    for (const f of [a, b]) { mkdirSync(f); writeFileSync(path.join(f, 'rules.yaml'), RULES); }
    const asked: (string | undefined)[] = [];
    const perFolder = (forA: object, forB: object) => (item: ConfigurationItem) => {
      asked.push(item.scopeUri);
      return item.section !== 'sloLens' ? null : item.scopeUri === fileUri(a) ? forA : item.scopeUri === fileUri(b) ? forB : {};
    };
    const client = await LspClient.start({
      workspaceFolders: [a, b],
      settings: perFolder({ rules: { 'promql/syntax': 'off' } }, { rules: { 'schema/unknown-key': 'warning' } }),
    });
    try {
      const ua = fileUri(path.join(a, 'rules.yaml'));
      const ub = fileUri(path.join(b, 'rules.yaml'));
      await expectFindings(client, new Map([
        [ua, 'schema/unknown-key:error@6:8-6:13'],
        [ub, 'promql/syntax:error@5:23-5:24\nschema/unknown-key:warning@6:8-6:13'],
      ]));
      assert.ok(asked.includes(fileUri(a)) && asked.includes(fileUri(b)), `scopeUris asked: ${asked.join(', ')}`);
      client.setSettings(perFolder({}, { rules: { 'promql/syntax': 'hint', 'schema/unknown-key': 'off' } }));
      await expectFindings(client, new Map([
        [ua, 'promql/syntax:error@5:23-5:24\nschema/unknown-key:error@6:8-6:13'],
        [ub, 'promql/syntax:hint@5:23-5:24'],
      ]));
    } finally {
      await client.shutdown();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('multi-root: editor features read the configuration of the file\'s folder', () => {
  test('runbook links follow that folder\'s urlMappings; the budget lens uses its Sloth default period', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'slo-lens-multiroot-'));
    const first = path.join(dir, 'first');
    const second = path.join(dir, 'second');
    mkdirSync(first);
    mkdirSync(path.join(second, 'runbooks'), { recursive: true });
    writeFileSync(path.join(second, '.slo-lens.yaml'), 'runbooks:\n  urlMappings:\n    "https://runbooks.example.com/": "runbooks/"\nsloth:\n  defaultPeriod: 7d\n');
    writeFileSync(path.join(second, 'runbooks', 'HighErrorRate.md'), '# HighErrorRate\n\n## Mitigation\n\nRoll back.\n');
    const rules = 'groups:\n  - name: api\n    rules:\n      - alert: HighErrorRate\n        expr: up == 0\n        annotations:\n          runbook_url: https://runbooks.example.com/HighErrorRate.md\n';
    const sloth = 'version: "prometheus/v1"\nservice: api\nslos:\n  - name: availability\n    objective: 99.9\n    sli:\n      events:\n        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))\n        total_query: sum(rate(http_requests_total[{{.window}}]))\n    alerting:\n      page_alert:\n        disable: true\n      ticket_alert:\n        disable: true\n';
    for (const f of [first, second]) { writeFileSync(path.join(f, 'rules.yaml'), rules); writeFileSync(path.join(f, 'sloth.yaml'), sloth); }
    const client = await LspClient.start({ workspaceFolders: [first, second], settings: { sloLens: {} } });
    try {
      await idle(client); // the runbook is in the index
      const links = async (folder: string) => {
        const uri = client.open(path.join(folder, 'rules.yaml'), rules);
        await client.waitForDiagnostics(uri, { version: 1 });
        return (await client.request<{ target?: string }[]>('textDocument/documentLink', { textDocument: { uri } })).map(l => l.target);
      };
      assert.deepEqual(await links(first), ['https://runbooks.example.com/HighErrorRate.md']);
      assert.deepEqual(await links(second), [fileUri(path.join(second, 'runbooks', 'HighErrorRate.md'))]);
      const lens = async (folder: string) => {
        const uri = client.open(path.join(folder, 'sloth.yaml'), sloth);
        await client.waitForDiagnostics(uri, { version: 1 });
        return (await client.request<{ command?: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri } })).map(l => l.command?.title);
      };
      const [lensFirst] = await lens(first);
      const [lensSecond] = await lens(second);
      assert.match(lensFirst ?? '', /over 30d/);
      assert.match(lensSecond ?? '', /over 7d/);
    } finally {
      await client.shutdown();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('multi-root: maxFileSize per folder', () => {
  test('a folder\'s `maxFileSize` applies to its files only, and a new limit reloads them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'slo-lens-multiroot-'));
    const small = path.join(dir, 'small');
    const other = path.join(dir, 'other');
    for (const f of [small, other]) { mkdirSync(f); writeFileSync(path.join(f, 'rules.yaml'), RULES); }
    writeFileSync(path.join(small, '.slo-lens.yaml'), 'maxFileSize: 64\n');
    const client = await LspClient.start({ workspaceFolders: [small, other], settings: { sloLens: {} } });
    try {
      const expected = new Map([...cliFindings(small), ...cliFindings(other)]);
      assert.deepEqual([...expected.values()].map(v => v.replace(/@.*/gm, '')), ['file/too-large:info', 'promql/syntax:error\nschema/unknown-key:error']);
      await expectFindings(client, expected);
      // The limit lifted: the file, loaded unparsed under the old limit, is parsed and checked.
      writeFileSync(path.join(small, '.slo-lens.yaml'), 'maxFileSize: 100000\n');
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(path.join(small, '.slo-lens.yaml')), type: 2 }] });
      await expectFindings(client, new Map([[fileUri(path.join(small, 'rules.yaml')), expected.get(fileUri(path.join(other, 'rules.yaml')))!]]));
    } finally {
      await client.shutdown();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('multi-root: workspace folders added and removed while running', () => {
  let ws: ReturnType<typeof twoFolders>;
  let client: LspClient;
  before(async () => {
    ws = twoFolders();
    client = await LspClient.start({ workspaceFolders: [ws.payments], settings: { sloLens: {} } });
  });
  after(async () => {
    await client?.shutdown();
    rmSync(ws.dir, { recursive: true, force: true });
  });

  test('the server asks for folder change notifications', () => {
    assert.deepEqual(client.initializeResult.capabilities.workspace?.workspaceFolders, { supported: true, changeNotifications: true });
  });

  test('an added folder is scanned and checked with its own .slo-lens.yaml', async () => {
    await expectFindings(client, cliFindings(ws.payments));
    const platformRules = fileUri(path.join(ws.platform, 'rules.yaml'));
    assert.equal(client.diagnostics(platformRules), undefined, 'not a workspace folder yet');
    client.notify('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: fileUri(ws.platform), name: 'platform' }], removed: [] } });
    await expectFindings(client, cliFindings(ws.platform));
    assert.equal(client.diagnostics(fileUri(path.join(ws.platform, 'generated', 'rules.yaml'))), undefined, 'ignored by platform\'s config');
  });

  test('a removed folder\'s files leave the index and their diagnostics are cleared; the other folder keeps its own', async () => {
    const paymentsRules = fileUri(path.join(ws.payments, 'rules.yaml'));
    assert.ok(client.diagnostics(paymentsRules)?.length);
    const before = await idle(client);
    client.notify('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: fileUri(ws.payments), name: 'payments' }] } });
    assert.deepEqual(await client.waitForDiagnostics(paymentsRules, { until: d => d.length === 0, fresh: true }), []);
    const afterRemoval = await idle(client);
    assert.equal(afterRemoval.files, before.files - 2, 'payments/rules.yaml and payments/.slo-lens.yaml left the index');
    // platform is now the first folder (its config is also the default); its findings stay its own.
    await expectFindings(client, cliFindings(ws.platform));
  });
});

describe('a .slo-lens.yaml above the workspace folder', () => {
  test('applies to the folder, as `slo-lens check` run in the folder finds it (up to the repository root); one at the folder\'s top, once created, wins', async () => {
    // repo/.git, repo/.slo-lens.yaml (missing-runbook off, generated/ ignored relative to repo/), repo/team/ opened.
    const repo = mkdtempSync(path.join(tmpdir(), 'slo-lens-above-'));
    const team = path.join(repo, 'team');
    mkdirSync(path.join(repo, '.git'));
    mkdirSync(path.join(team, 'generated'), { recursive: true });
    writeFileSync(path.join(repo, '.slo-lens.yaml'), `${PAYMENTS_CONFIG}ignore: ["team/generated/**"]\n`);
    writeFileSync(path.join(team, 'rules.yaml'), ALERTS);
    writeFileSync(path.join(team, 'generated', 'rules.yaml'), ALERTS);
    const client = await LspClient.start({ workspaceFolders: [team], settings: { sloLens: {} } });
    try {
      const expected = cliFindings(team);
      const rules = fileUri(path.join(team, 'rules.yaml'));
      // The CLI found the file above: no runbook findings, and team/generated/ is ignored (the glob is relative to repo/).
      assert.ok(expected.get(rules) && !expected.get(rules)!.includes('alert/missing-runbook'), expected.get(rules));
      assert.deepEqual([...expected.keys()], [rules]);
      await expectFindings(client, expected);
      await idle(client);
      assert.equal(client.diagnostics(fileUri(path.join(team, 'generated', 'rules.yaml'))), undefined, 'ignored by the config above');
      // A config at the folder's top is nearer: once it appears, it alone applies (missing-runbook is back on).
      writeFileSync(path.join(team, '.slo-lens.yaml'), PLATFORM_CONFIG);
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(path.join(team, '.slo-lens.yaml')), type: 1 }] });
      const nearer = cliFindings(team).get(rules)!;
      assert.ok(nearer.includes('alert/missing-runbook'), nearer);
      await expectFindings(client, new Map([[rules, nearer]]));
    } finally {
      await client.shutdown();
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
