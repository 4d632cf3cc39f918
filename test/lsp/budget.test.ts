import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { LspClient } from '../harness/lspClient';
import { sloFiles } from '../integration/helpers/workspace';
import type { BudgetSubjectsResult } from '../../shared/src/protocol';

// The budget half of the language server over stdio: the static-budget CodeLens above each SLO (useful offline and in
// any LSP client) and `sloLens/budgetSubjects`, which the editor turns into Prometheus queries.

const made: string[] = [];
process.on('exit', () => { for (const d of made) rmSync(d, { recursive: true, force: true }); });

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'slo-lens-lsp-budget-'));
  made.push(dir);
  for (const [n, t] of Object.entries(files)) { mkdirSync(path.join(dir, n, '..'), { recursive: true }); writeFileSync(path.join(dir, n), t); }
  return dir;
}

test('CodeLens: the static budget above each SLO, with the budget key as the burn-down command argument', async () => {
  const files: Record<string, string> = { ...sloFiles(0.999), 'multi.yaml': 'version: prometheus/v1\nservice: s\nslos:\n  - name: a\n    objective: 99.9\n    sli:\n      raw:\n        error_ratio_query: r[{{.window}}]\n  - name: b\n    objective: 99.99\n    sli:\n      raw:\n        error_ratio_query: r[{{.window}}]\n' };
  const dir = folder(files);
  const client = await LspClient.start({ workspaceFolders: [dir] });
  try {
    const sloth = client.open(path.join(dir, 'sloth.yaml'), files['sloth.yaml']);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: sloth } });
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0].command?.title, '99.9 % over 30d allows 43m 12s of errors');
    assert.equal(lenses[0].command?.command, 'sloLens.showBurnDown');
    assert.deepEqual(lenses[0].range, { start: { line: 3, character: 10 }, end: { line: 3, character: 22 } }, 'on the SLO name');
    const multi = client.open(path.join(dir, 'multi.yaml'), files['multi.yaml']);
    const two = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: multi } });
    assert.deepEqual(two.map(l => [l.range.start.line, l.command?.title]), [[3, '99.9 % over 30d allows 43m 12s of errors'], [8, '99.99 % over 30d allows 4m 19s of errors']]);
    const keys = two.map(l => l.command?.arguments?.[0]);
    assert.equal(new Set(keys).size, 2);
    // A file without SLOs gets none.
    const other = client.open(path.join(dir, 'rules.yaml'), 'groups: []\n');
    assert.deepEqual(await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: other } }), []);
  } finally { await client.shutdown(); }
});

test('sloLens/budgetSubjects: every SLO of the workspace after indexing, OpenSLO refs resolved; one file on request', async () => {
  const dir = folder({ ...sloFiles(0.995), 'README.md': '# notes\n', 'unrelated.yaml': 'kind: Deployment\n' });
  const client = await LspClient.start({ workspaceFolders: [dir] });
  try {
    const all = await client.request<BudgetSubjectsResult>('sloLens/budgetSubjects', {});
    assert.deepEqual(all.subjects.map(s => s.name).sort(), ['api-availability-good', 'api-availability-pyrra', 'api-availability-ref', 'api-availability-slogen', 'availability']);
    const ref = all.subjects.find(s => s.name === 'api-availability-ref')!;
    assert.deepEqual(ref.sli, { kind: 'ratio', bad: 'http_requests_total{job="api",code=~"5.."}', total: 'http_requests_total{job="api"}', counter: true });
    assert.equal(ref.target, 0.995);
    assert.deepEqual(ref.window, { text: '30d', ms: 30 * 86_400_000 });
    const uri = all.subjects.find(s => s.name === 'availability')!.uri;
    const one = await client.request<BudgetSubjectsResult>('sloLens/budgetSubjects', { uri });
    assert.deepEqual(one.subjects.map(s => s.name), ['availability']);
    assert.equal(one.subjects[0].key, all.subjects.find(s => s.name === 'availability')!.key, 'keys agree between the two requests (and with the lens)');
  } finally { await client.shutdown(); }
});

test('sloLens/budgetSubjects in a multi-root workspace: each Sloth SLO over its own folder\'s sloth.defaultPeriod', async () => {
  const sloth = (name: string) => `version: prometheus/v1\nservice: s\nslos:\n  - name: ${name}\n    objective: 99.9\n    sli:\n      raw:\n        error_ratio_query: r[{{.window}}]\n`;
  const a = folder({ '.slo-lens.yaml': 'sloth:\n  defaultPeriod: 7d\n', 'sloth.yaml': sloth('in-a') });
  const b = folder({ '.slo-lens.yaml': 'sloth:\n  defaultPeriod: 28d\n', 'sloth.yaml': sloth('in-b') });
  const client = await LspClient.start({ workspaceFolders: [a, b] });
  try {
    const all = await client.request<BudgetSubjectsResult>('sloLens/budgetSubjects', {});
    assert.deepEqual(all.subjects.map(s => [s.name, s.window?.text]).sort(), [['in-a', '7d'], ['in-b', '28d']]);
    // The same as asking file by file.
    for (const s of all.subjects) {
      const one = await client.request<BudgetSubjectsResult>('sloLens/budgetSubjects', { uri: s.uri });
      assert.deepEqual(one.subjects.map(x => x.window), [s.window]);
    }
  } finally { await client.shutdown(); }
});
