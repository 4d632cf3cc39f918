// Latency of completion and hover on the 13k-line benchmark rules file (issue 7's file: 100 groups × 10 alerts,
// multi-line `expr`, labels, annotations, `runbook_url` on three alerts of four), measured over stdio against
// dist/server.js with the benchmark's LSP client. Prints median and p95 per scenario; asserts nothing about time.
//
//   node esbuild.mjs && node scripts/bench/intel.mjs [--runs 50]
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspProcess, fileUri } from './lsp.mjs';
import { bigRulesFile } from './generate.mjs';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 50;
const root = new URL('../..', import.meta.url).pathname;

const ws = mkdtempSync(join(tmpdir(), 'slo-lens-intel-bench-'));
const text = bigRulesFile();
const lines = text.split('\n');
mkdirSync(join(ws, 'rules'));
mkdirSync(join(ws, 'runbooks'));
writeFileSync(join(ws, 'rules', 'big.yaml'), text);
// Runbooks for the first services, so runbook_url completion and alert hovers have files to find.
for (let s = 0; s < 20; s++) {
  const svc = `service-${String(s).padStart(3, '0')}`;
  mkdirSync(join(ws, 'runbooks', svc));
  writeFileSync(join(ws, 'runbooks', svc, 'higherrorrate-0.md'), `# Service${String(s).padStart(3, '0')}HighErrorRate0\n\n## Meaning\n\nErrors.\n\n## Mitigation\n\nRoll back.\n`);
}
writeFileSync(join(ws, '.slo-lens.yaml'), 'runbooks:\n  urlMappings:\n    "https://runbooks.example.com/": runbooks/\n');

const stats = ms => {
  const s = [...ms].sort((a, b) => a - b);
  const q = p => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { n: s.length, median: q(0.5), p95: q(0.95), max: s[s.length - 1] };
};
const pick = (re, n) => {
  const all = lines.map((l, i) => [l, i]).filter(([l]) => re.test(l));
  const step = Math.max(1, Math.floor(all.length / n));
  return all.filter((_, i) => i % step === 0).slice(0, n);
};

const server = new LspProcess(process.execPath, [join(root, 'dist/server.js'), '--stdio'], { cwd: ws });
const results = [];
try {
  await server.initialize({ rootPath: ws });
  const uri = fileUri(join(ws, 'rules', 'big.yaml'));
  const diagnosed = server.waitForDiagnostics(uri, () => true, 120_000);
  server.open(uri, text);
  await diagnosed;
  // Let the initial indexing and checks (including the slow rules deferred until typing pauses) finish first.
  const idle = async () => { while ((await server.request('sloLens/stats', null)).result.queued > 0) await new Promise(r => setTimeout(r, 20)); };
  await server.request('workspace/symbol', { query: '' });
  await idle();

  const timed = async (name, method, params) => {
    const t = performance.now();
    const r = await server.request(method, params);
    return { ms: performance.now() - t, r };
  };
  const run = async (label, method, positions) => {
    const ms = [];
    let answered = 0;
    for (const position of positions) {
      const { ms: m, r: { result: r } } = await timed(label, method, { textDocument: { uri }, position });
      ms.push(m);
      if (r && (Array.isArray(r.items) ? r.items.length : r.contents)) answered++;
    }
    results.push({ label, ...stats(ms), answered });
  };

  const n3 = Math.ceil(RUNS / 3);
  const keyPos = pick(/^\s+for: /, n3).map(([l, i]) => ({ line: i, character: l.indexOf('for') }));
  const urlPos = pick(/runbook_url: /, n3).map(([l, i]) => ({ line: i, character: l.length }));
  const newItem = pick(/^\s+- alert: /, n3).map(([l, i]) => ({ line: i, character: l.indexOf('- ') + 2 }));
  await run('completion: key of an alert rule (schema)', 'textDocument/completion', keyPos);
  await run('completion: runbook_url value (workspace paths)', 'textDocument/completion', urlPos);
  await run('completion: new rules item (snippets + keys)', 'textDocument/completion', newItem);

  // Completion right after an edit: a new indented line inside a rule, before the server has re-checked the file.
  // `pauseMs` between keystrokes: 0 = edits back to back (each check is debounced away by the next edit); 150 = a
  // typing cadence, so the check of the previous keystroke (40 ms after it) is often running when the request comes.
  const afterEdits = async (label, pauseMs, firstVersion) => {
    const ms = [];
    let version = firstVersion;
    let answered = 0;
    for (const [l, i] of pick(/^\s+for: /, RUNS)) {
      const indent = l.indexOf('for');
      const at = { line: i + 1, character: 0 };
      server.change(uri, version++, [{ range: { start: at, end: at }, text: ' '.repeat(indent) + '\n' }]);
      const t = performance.now();
      const { result: r } = await server.request("textDocument/completion", { textDocument: { uri }, position: { line: i + 1, character: indent } });
      ms.push(performance.now() - t);
      if (r?.items?.length) answered++;
      server.change(uri, version++, [{ range: { start: at, end: { line: i + 2, character: 0 } }, text: '' }]);
      if (pauseMs) await new Promise(r => setTimeout(r, pauseMs));
    }
    results.push({ label, ...stats(ms), answered });
    await idle();
  };
  await afterEdits('completion right after an edit, edits back to back', 0, 2);
  await afterEdits('completion right after an edit, typing every 150 ms (checks of earlier edits running)', 150, 500);

  // The same with the server idle before each edit: the request's own cost (parsing the new version) without waiting
  // behind the diagnostics check of the previous one.
  {
    const ms = [];
    let version = 5000;
    let answered = 0;
    for (const [l, i] of pick(/^\s+for: /, RUNS)) {
      const indent = l.indexOf('for');
      const at = { line: i + 1, character: 0 };
      const after = version + 1;
      const settled = server.waitForDiagnostics(uri, p => p.version === after, 120_000);
      server.change(uri, version++, [{ range: { start: at, end: at }, text: ' '.repeat(indent) + '\n' }]);
      const t = performance.now();
      const { result: r } = await server.request('textDocument/completion', { textDocument: { uri }, position: { line: i + 1, character: indent } });
      ms.push(performance.now() - t);
      if (r?.items?.length) answered++;
      server.change(uri, version++, [{ range: { start: at, end: { line: i + 2, character: 0 } }, text: '' }]);
      await settled;
      // Slow rules run once typing pauses; wait until nothing is queued so the next edit meets an idle server.
      await idle();
    }
    results.push({ label: 'completion right after an edit, server idle before it', ...stats(ms), answered });
  }

  const alertPos = pick(/^\s+- alert: /, Math.ceil(RUNS / 2)).map(([l, i]) => ({ line: i, character: l.indexOf('alert: ') + 10 }));
  const keyHover = pick(/^\s+for: /, Math.ceil(RUNS / 2)).map(([l, i]) => ({ line: i, character: l.indexOf('for') + 1 }));
  await run('hover: alert name (runbooks)', 'textDocument/hover', alertPos);
  await run('hover: key (schema description)', 'textDocument/hover', keyHover);
  const mem = server.memory();
  console.log(`SLO Lens editor intelligence on a ${lines.length}-line rules file (${RUNS} requests per row, stdio, ${process.platform} ${process.arch})`);
  console.log('| request | n | median ms | p95 ms | max ms | answered |');
  console.log('|---|---|---|---|---|---|');
  for (const r of results) console.log(`| ${r.label} | ${r.n} | ${r.median.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} | ${r.answered}/${r.n} |`);
  console.log(`server RSS ${mem.rss.toFixed(0)} MiB (peak ${mem.peak.toFixed(0)} MiB)`);
} finally {
  await server.stop();
  rmSync(ws, { recursive: true, force: true });
}
