import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The CLI as users run it: the built dist/cli.js in a child process (npm test builds first).
const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
const run = (args: string[], cwd: string) => spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'slo-lens-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const broken = 'groups:\n  - name: api\n    rules:\n      - alert: ApiDown\n        expr: up == 0\n       for: 5m\n';

test('check --format json follows the contract: files, findings with 0-based ranges and /-relative paths, exit 1 on errors', () => {
  const dir = workspace({ 'rules/api.yaml': broken, 'rules/ok.yaml': 'groups: []\n', 'notes/readme.md': '# Notes\n', 'other/deploy.yaml': 'kind: Deployment\n' });
  const r = run(['check', '.', '--format', 'json'], dir);
  assert.equal(r.status, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.files, 4);
  const f = out.findings.find((x: { rule: string }) => x.rule === 'yaml/syntax');
  assert.equal(f.file, 'rules/api.yaml');
  assert.equal(f.severity, 'error');
  assert.deepEqual(f.range.start, { line: 5, character: 7 });
  assert.deepEqual(Object.keys(f).sort(), ['file', 'message', 'range', 'rule', 'severity']);
  assert.ok(!out.findings.some((x: { file: string }) => x.file === 'other/deploy.yaml'), 'unrelated YAML gets no findings');
});

test('check exits 0 without error findings, and text output is compiler style with 1-based positions', () => {
  const dir = workspace({ 'ok.yaml': 'groups: []\n' });
  const ok = run(['check'], dir);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /1 file checked: no findings/);
  const bad = workspace({ 'api.yaml': broken });
  const r = run(['check', 'api.yaml'], bad);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^api\.yaml:6:8 error yaml\/syntax /m);
});

test('check --format sarif and github', () => {
  const dir = workspace({ 'api.yaml': broken });
  const sarif = JSON.parse(run(['check', '--format=sarif'], dir).stdout);
  assert.equal(sarif.version, '2.1.0');
  const res = sarif.runs[0].results[0];
  assert.equal(res.ruleId, 'yaml/syntax');
  assert.equal(res.locations[0].physicalLocation.region.startLine, 6);
  assert.match(sarif.runs[0].tool.driver.rules[0].helpUri, /docs\/rules\/yaml\/syntax\.md$/);
  const gh = run(['check', '--format', 'github'], dir).stdout;
  assert.match(gh, /^::error file=api\.yaml,line=6,col=8,.*title=yaml\/syntax::YAML syntax error/m);
});

test('bad usage and missing paths exit 2 with a message', () => {
  const dir = workspace({ 'a.yaml': 'groups: []\n' });
  const r1 = run(['check', '--format', 'xml'], dir);
  assert.equal(r1.status, 2);
  assert.match(r1.stderr, /--format must be/);
  const r2 = run(['check', 'nope/'], dir);
  assert.equal(r2.status, 2);
  assert.match(r2.stderr, /nope\/: no such file or folder/);
  assert.equal(run(['frobnicate'], dir).status, 2);
  assert.equal(run(['check', '--bogus'], dir).status, 2);
});

test('.slo-lens.yaml turns rules off and ignores paths; node_modules and .git are skipped', () => {
  const dir = workspace({
    'api.yaml': broken, 'vendor/x.yaml': broken, 'node_modules/y.yaml': broken, '.git/z.yaml': broken,
    '.slo-lens.yaml': 'ignore: ["vendor/**"]\n',
  });
  const out = JSON.parse(run(['check', '--format', 'json'], dir).stdout);
  assert.deepEqual(out.findings.map((f: { file: string }) => f.file), ['api.yaml']);
  writeFileSync(join(dir, '.slo-lens.yaml'), 'ignore: ["vendor/**"]\nrules:\n  yaml/syntax: off\n');
  const r = run(['check', '--format', 'json'], dir);
  assert.equal(r.status, 0);
  assert.equal(JSON.parse(r.stdout).findings.length, 0);
  const explicit = run(['check', '--config', 'missing.yaml'], dir);
  assert.equal(explicit.status, 2);
});

test('checking one file sees its workspace: the nearest .slo-lens.yaml and the runbooks its links point at', () => {
  const dir = workspace({
    'ws/.slo-lens.yaml': 'runbooks:\n  urlMappings:\n    "https://runbooks.example.com/": "runbooks/"\n',
    'ws/runbooks/ApiDown.md': '# ApiDown\n\n## Meaning\nThe API is down.\n\n## Mitigation\nRestart it.\n',
    'ws/rules/api.yaml': 'groups:\n  - name: api\n    rules:\n      - alert: ApiDown\n        expr: up == 0\n        labels:\n          severity: critical\n        annotations:\n          runbook_url: ../runbooks/ApiDown.md#mitigation\n'
      + '      - alert: ApiSlow\n        expr: up == 0\n        annotations:\n          runbook_url: https://runbooks.example.com/ApiSlow.md\n',
  });
  const one = JSON.parse(run(['check', 'ws/rules/api.yaml', '--format', 'json'], dir).stdout);
  const all = JSON.parse(run(['check', 'ws', '--format', 'json'], dir).stdout);
  assert.equal(one.files, 1);
  assert.deepEqual(one.findings.map((f: { rule: string; range: unknown }) => [f.rule, f.range]), all.findings.map((f: { rule: string; range: unknown }) => [f.rule, f.range]));
  assert.deepEqual(one.findings.map((f: { rule: string }) => f.rule), ['alert/runbook-not-found'], 'the relative link resolves; the mapped URL has no file behind it');
});
