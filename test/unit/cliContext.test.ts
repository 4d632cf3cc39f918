import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCheck } from '../../server/src/cli/check';
import { CORPUS_DIR } from '../harness/corpus';

// `slo-lens check <file>` parses a context file only when the checked file could need it (server/src/cli/context.ts).
// That must never change a finding: here every file of each workspace is checked both ways and the reports compared.

const ROOT = path.join(__dirname, '..', '..');
const walk = (d: string): string[] => readdirSync(d).sort().flatMap(n => {
  const p = path.join(d, n);
  return statSync(p).isDirectory() ? (n === 'node_modules' || n === '.git' ? [] : walk(p)) : /\.(ya?ml|md|markdown)$/.test(n) ? [p] : [];
});
const workspaces = (d: string): string[] => readdirSync(d).flatMap(n => {
  const p = path.join(d, n);
  if (!statSync(p).isDirectory()) return [];
  return n.endsWith('.workspace') ? [p] : workspaces(p);
});

function compare(cwd: string, files: string[], bad: string[]): number {
  for (const f of files) {
    const opts = { paths: [path.relative(cwd, f) || '.'], format: 'json' as const, color: false, cwd };
    const lazy = runCheck(opts, 'test').output;
    const full = runCheck({ ...opts, fullContext: true }, 'test').output;
    if (lazy !== full) bad.push(`${path.relative(ROOT, f)}:\n  lazy ${lazy.slice(0, 600)}\n  full ${full.slice(0, 600)}`);
  }
  return files.length;
}

test('checking one file with context parsed on demand reports exactly what a full load of the workspace reports', async (t) => {
  const bad: string[] = [];
  let n = 0;
  // The examples, every fixture workspace (runbook links, listed runbooks, OpenSLO references, configs), the intel
  // workspace, and every file of the corpus checked on its own inside the corpus.
  n += compare(path.join(ROOT, 'examples'), walk(path.join(ROOT, 'examples')), bad);
  for (const ws of workspaces(path.join(ROOT, 'test', 'fixtures'))) n += compare(ws, walk(ws), bad);
  n += compare(path.join(ROOT, 'test', 'fixtures', 'intel', 'ws'), walk(path.join(ROOT, 'test', 'fixtures', 'intel', 'ws')), bad);
  n += compare(CORPUS_DIR, walk(CORPUS_DIR), bad);
  // A generated workspace of every format (the benchmark's), a file of each kind.
  const dir = mkdtempSync(path.join(tmpdir(), 'slo-lens-context-'));
  try {
    const gen = await import(pathToFileURL(path.join(ROOT, 'scripts', 'bench', 'generate.mjs')).href) as { generateWorkspace(root: string, files: number): { all: string[] } };
    const made = gen.generateWorkspace(dir, 240).all;
    n += compare(dir, made.filter((_, i) => i % 8 === 0).map(f => path.join(dir, f)), bad);
  } finally { rmSync(dir, { recursive: true, force: true }); }
  // Names the context test must not miss: Pyrra's default alert names (not in any text), a name spelled with an escape,
  // one with `''`, a Markdown heading with a link and a tag, a link in another case, an OpenSLO reference.
  const tricky = mkdtempSync(path.join(tmpdir(), 'slo-lens-context-'));
  try {
    const files: Record<string, string> = {
      'pyrra.yaml': 'apiVersion: pyrra.dev/v1alpha1\nkind: ServiceLevelObjective\nmetadata:\n  name: probe\nspec:\n  target: "99"\n  window: 7d\n  indicator:\n    bool_gauge:\n      metric: probe_success\n',
      'escaped.yaml': 'groups:\n  - name: g\n    rules:\n      - alert: "Api\\x44own"\n        expr: up == 0\n',
      'zed.yaml': 'groups:\n  - name: z\n    rules:\n      - alert: Zed\n        expr: up == 0\n        annotations:\n          runbook_url: RUNBOOKS/OTHER-RUNBOOK.YAML\n',
      'runbooks/other-runbook.yaml': 'apiVersion: slo-lens.dev/v1\nkind: Runbook\nmetadata:\n  name: other\nspec:\n  alerts: [Other]\n  mitigation:\n    - title: Restart\n',
      'rules.yaml': 'groups:\n  - name: g\n    rules:\n      - alert: Up\n        expr: up == 0\n        annotations:\n          runbook_url: runbooks/API-LATENCY.md\n      - alert: \'It\'\'sDown\'\n        expr: up == 0\n      - alert: HighLatency\n        expr: up == 0\n        annotations:\n          runbook_url: runbooks/api-latency.md\n',
      'runbook.yaml': 'apiVersion: slo-lens.dev/v1\nkind: Runbook\nmetadata:\n  name: list\nspec:\n  alerts: [ErrorBudgetBurn, SLOMetricAbsent, ApiDown, "It\'sDown", Missing]\n  mitigation:\n    - title: Restart\n',
      'runbooks/api-latency.md': '# [High](https://x)<b>Latency</b>\n\n## Meaning\nSlow.\n\n## Mitigation\nScale.\n',
      'openslo/slo.yaml': 'apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: api\nspec:\n  service: api\n  indicatorRef: api-errors\n  timeWindow:\n    - duration: 28d\n      isRolling: true\n  budgetingMethod: Occurrences\n  objectives:\n    - target: 0.999\n',
      'openslo/sli.yaml': 'apiVersion: openslo/v1\nkind: SLI\nmetadata:\n  name: api-errors\nspec:\n  ratioMetric:\n    counter: true\n    good:\n      metricSource:\n        type: Prometheus\n        spec:\n          query: sum(rate(ok[5m]))\n    total:\n      metricSource:\n        type: Prometheus\n        spec:\n          query: sum(rate(all[5m]))\n',
      'unrelated.yaml': 'kind: ConfigMap\nmetadata:\n  name: x\n',
      // Found by name only: a heading split by a link and a tag, and a file named after its alert.
      'alerts2.yaml': 'groups:\n  - name: h\n    rules:\n      - alert: HighLatency\n        expr: up == 0\n      - alert: DiskFull\n        expr: up == 0\n      - alert: QueueBacklog\n        expr: up == 0\n',
      'runbooks/queue.md': '[Queue](https://q)Backlog\n=====\n\n## Meaning\nSlow consumers.\n\n## Mitigation\nScale them.\n',
      'runbooks/DiskFull.md': '## Meaning\nThe disk is full.\n\n## Mitigation\nClean up.\n',
    };
    for (const [rel, text] of Object.entries(files)) { mkdirSync(path.dirname(path.join(tricky, rel)), { recursive: true }); writeFileSync(path.join(tricky, rel), text); }
    n += compare(tricky, Object.keys(files).map(f => path.join(tricky, f)), bad);
    // The runbook list resolves Pyrra's, the escaped and the quoted names: only `Missing` is an orphan.
    const list = runCheck({ paths: ['runbook.yaml'], format: 'json', color: false, cwd: tricky }, 'test').output;
    assert.deepEqual([...list.matchAll(/lists alert `([^`]+)`/g)].map(m => m[1]), ['Missing'], list);
    // Every alert of alerts2.yaml has its Markdown runbook.
    assert.doesNotMatch(runCheck({ paths: ['alerts2.yaml'], format: 'json', color: false, cwd: tricky }, 'test').output, /missing-runbook/);
  } finally { rmSync(tricky, { recursive: true, force: true }); }
  t.diagnostic(`${n} files checked both ways`);
  assert.deepEqual(bad, []);
  assert.ok(n > 150, `${n}`);
});
