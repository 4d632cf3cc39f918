import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LspClient, fileUri } from '../harness/lspClient';
import { RULES } from '../harness/defects';

// The server warms up while idle after start (lsp/warmup.ts): it checks made-up files in a throwaway engine. That
// must end, publish nothing, and never hold back a document the user opened.

interface Stats { files: number; checks: number; queued: number; indexing: boolean; warming: boolean }

async function until(client: LspClient, done: (s: Stats) => boolean, timeoutMs = 20_000): Promise<Stats> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = await client.request<Stats>('sloLens/stats', null);
    if (done(s)) return s;
    if (Date.now() > end) throw new Error(`not done after ${timeoutMs} ms: ${JSON.stringify(s)}`);
    await new Promise(r => setTimeout(r, 20));
  }
}

test('a fresh server warms up, then stops; it publishes nothing of its made-up files', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'slo-lens-warmup-'));
  const client = await LspClient.start({ workspaceFolders: [dir] });
  try {
    const s = await until(client, x => !x.indexing && !x.warming && x.queued === 0);
    assert.equal(s.files, 0, 'the made-up files are not in the workspace index');
    assert.equal(s.checks, 0, 'the warm-up runs in its own engine');
    assert.ok(client.logs.some(l => /^warmed up in \d+ ms$/.test(l)), `no warm-up log line in ${JSON.stringify(client.logs)}`);
    assert.deepEqual(client.publishes.filter(p => p.uri.includes('slo-lens-warmup')), []);
  } finally {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a document opened while the server warms up is checked at once, not after the warm-up', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'slo-lens-warmup-'));
  const file = path.join(dir, 'rules.yaml');
  writeFileSync(file, RULES);
  const client = await LspClient.start({ workspaceFolders: [dir] });
  try {
    // Wait until the warm-up is running, then open: the diagnostics come while it still runs (it yields to real work).
    await until(client, x => x.warming);
    const uri = client.open(fileUri(file), RULES);
    const diagnostics = await client.waitForDiagnostics(uri, { version: 1 });
    assert.ok(diagnostics.some(d => d.code === 'promql/syntax'), JSON.stringify(diagnostics.map(d => d.code)));
    const after = await client.request<Stats>('sloLens/stats', null);
    assert.ok(after.warming, 'the warm-up had ended before the document was checked: it did not yield to it');
  } finally {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SLO_LENS_NO_WARMUP turns it off', async () => {
  const client = await LspClient.start({ env: { SLO_LENS_NO_WARMUP: '1' } });
  try {
    await until(client, x => !x.indexing && x.queued === 0);
    assert.equal((await client.request<Stats>('sloLens/stats', null)).warming, false);
    assert.ok(!client.logs.some(l => l.startsWith('warmed up')));
  } finally {
    await client.shutdown();
  }
});
