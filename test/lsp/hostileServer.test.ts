import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LspClient } from '../harness/lspClient';
import { hostileDocs } from '../fixtures/hostile/seeds';
import { editArb, fuzzOptions, toChange } from '../fixtures/hostile/edits';
import { FuzzDriver } from '../fixtures/hostile/lspDriver';

// Issue 8's stdio run: every hostile document (alias bombs, 50,000-deep nesting, multi-megabyte lines, files over
// the size limit, NUL bytes, invalid UTF-8, 1e309, unclosed templates, thousands of broken documents) opened in one
// server and edited at random while requests keep coming. The server must stay up and answer everything, and its
// memory must stay under 400 MiB. The slowest answer is printed (the goal is < 1 s; it is a figure, not an assertion,
// on a machine shared with other jobs — `npm run fuzz` records it).

test('hostile documents over stdio: the server stays up, answers everything, stays under 400 MiB', { timeout: 900_000 }, async t => {
  const dir = mkdtempSync(path.join(tmpdir(), 'slo-lens-hostile-lsp-'));
  const client = await LspClient.start({ workspaceFolders: [dir], settings: { sloLens: {} }, timeoutMs: 60_000 });
  const driver = new FuzzDriver(client);
  const docs = hostileDocs().filter(h => !h.maxFileSize);
  const editsPerDoc = fuzzOptions(4).numRuns;
  let peak = 0;
  try {
    await driver.idle();
    const samples = fc.sample(fc.array(fc.tuple(editArb, fc.nat()), { minLength: editsPerDoc, maxLength: editsPerDoc }), { numRuns: docs.length, seed: fuzzOptions(1).seed ?? 8 });
    for (const [k, h] of docs.entries()) {
      driver.context = h.name;
      const uri = driver.open(path.join(dir, h.name), h.text);
      await driver.poke(uri, 0, k);
      for (const [e, pick] of samples[k]) {
        driver.edit(uri, toChange(client.text(uri), e));
        await driver.poke(uri, pick % (client.text(uri).length + 1), pick);
      }
      await driver.idle(120_000);
      driver.checkPublishes();
      const m = driver.memory();
      peak = Math.max(peak, m.rss);
      const slowest = Math.max(0, ...driver.latencies.filter(l => l.context === h.name).map(l => l.ms));
      t.diagnostic(`${h.name} (${(h.text.length / 1024).toFixed(0)} KiB): ${samples[k].length} edits; slowest answer ${slowest.toFixed(0)} ms; RSS ${m.rss.toFixed(0)} MiB`);
      // Stays open: the last documents are checked while all the others are held in memory.
    }
    t.diagnostic(driver.summary());
    const slow = driver.latencies.filter(l => l.ms > 1000);
    if (slow.length) t.diagnostic(`answers over 1 s: ${slow.map(l => `${l.method} ${l.ms.toFixed(0)} ms on ${l.context}`).join(', ')}`);
    assert.ok(peak < 400, `server RSS reached ${peak.toFixed(0)} MiB with every hostile document open (limit 400 MiB)`);
  } finally {
    const code = await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
    assert.equal(code, 0, `the server exited with ${code}\n${client.stderr.join('').slice(-2000)}`);
  }
});

test('untrusted workspace: its .slo-lens.yaml cannot raise the size limit', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'slo-lens-untrusted-'));
  writeFileSync(path.join(dir, '.slo-lens.yaml'), 'maxFileSize: 100000000\n');
  const client = await LspClient.start({ workspaceFolders: [dir], settings: { sloLens: {} }, initializationOptions: { trusted: false } });
  try {
    const big = `groups:\n  - name: g\n    rules:\n      - alert: Big\n        expr: up == 0\n        annotations:\n${Array.from({ length: 60_000 }, (_, i) => `          k${i}: ${'v'.repeat(80)}`).join('\n')}\n`;
    const uri = client.open(path.join(dir, 'big.yaml'), big);
    const diags = await client.waitForDiagnostics(uri, { version: 1, until: d => d.length > 0, timeoutMs: 30_000 });
    assert.deepEqual(diags.map(d => d.code), ['file/too-large']);
    assert.ok(client.logs.some(l => /ignored in an untrusted workspace/.test(l)), client.logs.join('\n'));
  } finally {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
});
