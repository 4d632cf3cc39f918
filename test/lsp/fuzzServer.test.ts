import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LspClient, REPO_ROOT } from '../harness/lspClient';
import { corpusDocs, hostileDocs } from '../fixtures/hostile/seeds';
import { assertProperty, editArb, fuzzOptions, toChange } from '../fixtures/hostile/edits';
import { FuzzDriver } from '../fixtures/hostile/lspDriver';

// The real language server over stdio, fuzzed: random documents from the corpus and hostile seeds, random incremental
// edits, and between them the requests an editor sends. Properties: every request is answered (no internal error, no
// timeout), every range in every answer and every published diagnostic lies inside the text of its version, and the
// server is alive at the end. Latencies and memory are printed, not asserted (timing flakes on a shared machine; the
// figures are in docs/BENCHMARKS.md). `npm run fuzz` runs it longer.

const seeds = [...corpusDocs(), ...hostileDocs().filter(h => !h.big && !h.maxFileSize)];

test('fuzz over stdio: every request answered, every range inside its document, the server stays up', { timeout: 600_000 }, async t => {
  const dir = mkdtempSync(path.join(tmpdir(), 'slo-lens-fuzz-lsp-'));
  // A linked workspace (the examples) so that definitions, references and cross-file findings have something to do.
  cpSync(path.join(REPO_ROOT, 'examples'), dir, { recursive: true });
  const client = await LspClient.start({ workspaceFolders: [dir], settings: { sloLens: {} }, timeoutMs: 30_000 });
  const driver = new FuzzDriver(client);
  let run = 0;
  try {
    await driver.idle();
    await assertProperty(fc.asyncProperty(
      fc.nat({ max: seeds.length - 1 }),
      fc.array(fc.tuple(editArb, fc.nat(), fc.boolean()), { minLength: 1, maxLength: 10 }),
      async (i, steps) => {
        const seed = seeds[i];
        // Half the runs replace a file of the linked workspace (its dependents move too; closing it restores the disk
        // version), the other half open a new file.
        const existing = ['rules/checkout-alerts.yaml', 'slos/checkout-openslo.yaml', 'runbooks/checkout-high-error-rate.yaml', 'runbooks/platform.md'];
        const name = run % 2 === 0 ? `fuzz-${run}-${path.basename(seed.name)}` : existing[(run >> 1) % existing.length];
        run++;
        const uri = driver.open(path.join(dir, name), seed.text);
        for (const [e, pick, ask] of steps) {
          const text = client.text(uri);
          driver.edit(uri, toChange(text, e));
          if (ask) await driver.poke(uri, pick % (client.text(uri).length + 1), pick);
        }
        await driver.idle();
        await driver.poke(uri, steps.length, steps.length);
        driver.checkPublishes();
        driver.close(uri);
      },
    ), { ...fuzzOptions(20), interruptAfterTimeLimit: Number(process.env.FUZZ_LSP_MS ?? 0) || undefined });
    await driver.idle();
    driver.checkPublishes();
    t.diagnostic(`${run} runs: ${driver.summary()}`);
  } finally {
    const code = await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
    assert.equal(code, 0, `the server exited with ${code}\n${client.stderr.join('').slice(-2000)}`);
  }
});
