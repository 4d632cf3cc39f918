import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../server/src/engine/engine';
import { loadSource } from '../../server/src/engine/source';
import { readText } from '../../server/src/engine/files';
import { MAX_FILE_SIZE_CEILING, parseConfigText, resolveConfig } from '../../server/src/engine/config';
import { hostileDocs } from '../fixtures/hostile/seeds';
import { checkInvariants } from './fuzzEngine.test';

// Hostile input yields a finding, never a crash or a hang: alias bombs, nesting tens of thousands deep, multi-megabyte
// lines, files over the size limit, NUL bytes, invalid UTF-8, 1e309 and .nan, unclosed templates. Each document gets a
// generous per-test timeout (a hang fails, a slow machine does not); the times are printed, not asserted.

for (const h of hostileDocs()) {
  test(`hostile: ${h.name}${h.expect ? ` → ${h.expect.rule}` : ' is checked without breaking'}`, { timeout: 30_000 }, t => {
    const started = performance.now();
    const file = loadSource(`file:///hostile/${h.name}`, `/hostile/${h.name}`, h.text, 1, { maxFileSize: h.maxFileSize });
    const engine = new Engine(undefined, ['/hostile'], undefined, { warn: () => undefined });
    engine.update(file);
    const findings = engine.findings(file.uri);
    t.diagnostic(`${h.name}: ${(h.text.length / 1024).toFixed(0)} KiB checked in ${(performance.now() - started).toFixed(0)} ms; ${findings.length} findings (${[...new Set(findings.map(f => f.rule))].join(', ')})`);
    checkInvariants(file, findings, h.name);
    if (h.expect) {
      const { rule, message } = h.expect;
      const hit = findings.find(f => (f.rule === rule || f.rule.startsWith(`${rule}/`)) && (!message || message.test(f.message)));
      assert.ok(hit, `${h.name}: expected a ${rule} finding${message ? ` matching ${message}` : ''}, got ${JSON.stringify(findings.map(f => [f.rule, f.message.slice(0, 100)]))}`);
    }
  });
}

test('hostile: invalid UTF-8 bytes on disk are read leniently and reported where they are', () => {
  const text = readText(join(__dirname, '..', 'fixtures', 'hostile', 'invalid-utf8.yaml'));
  const file = loadSource('file:///hostile/invalid-utf8.yaml', '/hostile/invalid-utf8.yaml', text, 1);
  const engine = new Engine();
  engine.update(file);
  const f = engine.findings(file.uri).find(x => x.rule === 'yaml/syntax' && x.data?.kind === 'encoding');
  assert.ok(f, 'an encoding finding');
  assert.equal(f!.severity, 'warning');
  assert.equal(file.lines.position(f!.span.start).line, 6, 'on the line with the bad bytes');
});

const cli = join(__dirname, '..', '..', 'dist', 'cli.js');

test('hostile: an alias bomb through the CLI returns a finding within 10 s', { timeout: 15_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'slo-lens-hostile-'));
  copyFileSync(join(__dirname, '..', 'fixtures', 'hostile', 'alias-bomb.yaml'), join(dir, 'rules.yaml'));
  const started = Date.now();
  const r = spawnSync(process.execPath, [cli, 'check', 'rules.yaml', '--format', 'json'], { cwd: dir, encoding: 'utf8', timeout: 10_000 });
  assert.equal(r.error, undefined, `the CLI did not finish within 10 s (${Date.now() - started} ms)`);
  assert.equal(r.status, 1, r.stderr);
  const out = JSON.parse(r.stdout) as { findings: { rule: string; message: string; range: { start: { line: number } } }[] };
  const bomb = out.findings.find(f => f.rule === 'yaml/syntax' && /alias bomb/.test(f.message));
  assert.ok(bomb, r.stdout);
  assert.equal(bomb!.range.start.line, 15, 'at the alias that expands the most');
});

test('hostile: the CLI reports a file over the configured size limit once, as info, and exits 0', () => {
  const dir = mkdtempSync(join(tmpdir(), 'slo-lens-hostile-'));
  writeFileSync(join(dir, '.slo-lens.yaml'), 'maxFileSize: 2048\n');
  writeFileSync(join(dir, 'rules.yaml'), `groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0 ${'+ 0 '.repeat(1000)}\n`);
  const r = spawnSync(process.execPath, [cli, 'check', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8', timeout: 10_000 });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const out = JSON.parse(r.stdout) as { findings: { rule: string; severity: string }[] };
  assert.deepEqual(out.findings.map(f => [f.rule, f.severity]), [['file/too-large', 'info']]);
});

test('hostile: an `ignore` pattern built for regex backtracking in .slo-lens.yaml does not stall the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'slo-lens-hostile-'));
  writeFileSync(join(dir, '.slo-lens.yaml'), `ignore: ["${'**a'.repeat(12)}**b"]\n`);
  const deep = join(dir, 'a'.repeat(60));
  mkdirSync(deep);
  for (let i = 0; i < 20; i++) writeFileSync(join(deep, `${'a'.repeat(40 + i)}.yaml`), 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n');
  const r = spawnSync(process.execPath, [cli, 'check', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8', timeout: 10_000 });
  assert.equal(r.error, undefined, 'the CLI finished within 10 s');
  assert.equal(JSON.parse(r.stdout).files, 21, r.stderr); // the 20 rule files and .slo-lens.yaml
});

test('hostile: .slo-lens.yaml cannot switch the size limit off (ceiling 32 MiB, with a problem that says so)', () => {
  const { config, problems } = parseConfigText('maxFileSize: 1e12\n');
  assert.deepEqual(problems, []);
  const resolved = resolveConfig('/w', config);
  assert.equal(resolved.maxFileSize, MAX_FILE_SIZE_CEILING);
  assert.match(resolved.problems.join('\n'), /above the 33554432 bytes SLO Lens ever checks/);
  assert.equal(resolveConfig('/w', { maxFileSize: 1024 }).maxFileSize, 1024, 'lowering it is fine');
});
