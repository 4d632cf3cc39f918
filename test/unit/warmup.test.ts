import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../server/src/engine/engine';
import { loadSource, languageOf } from '../../server/src/engine/source';
import { warmupFiles } from '../../server/src/engine/warmup';

// The made-up workspace the language server checks while idle after start (lsp/warmup.ts). It only warms V8 up if it
// runs the code real files run: every format, PromQL of many shapes, templates, runbook links, and findings.

function check(round: number) {
  const engine = new Engine(undefined, ['/warm']);
  const files = warmupFiles('/warm', round).map(f => loadSource(`file://${f.path}`, f.path, f.text, 1, { language: languageOf(f.path) ?? undefined }));
  for (const f of files) engine.update(f);
  return files.map(f => ({ file: f, findings: engine.findings(f.uri) }));
}

test('the warm-up files cover every format and parse cleanly', () => {
  const checked = check(0);
  const formats = new Set(checked.flatMap(c => c.file.docs.map(d => d.detected?.format)));
  for (const f of ['prometheus-rules', 'prometheus-rule-crd', 'sloth-v1', 'openslo-v1', 'pyrra', 'slo-generator', 'runbook']) assert.ok(formats.has(f as never), `no ${f} file`);
  assert.ok(checked.some(c => c.file.language === 'markdown'), 'no Markdown runbook');
  const rules = new Set(checked.flatMap(c => c.findings.map(f => f.rule)));
  // Findings of several kinds (their messages and fixes are code paths too), but no broken YAML or PromQL: the parsers
  // are warmed up on the path of valid input, which is what users have most of the time.
  for (const r of ['alert/missing-runbook', 'alert/runbook-not-found', 'slo/target-scale', 'slo/unrealistic-target']) assert.ok(rules.has(r), `no ${r} finding`);
  for (const r of ['yaml/syntax', 'promql/syntax', 'alert/template-syntax']) assert.ok(!rules.has(r), `${r} in the warm-up files`);
  const alerts = checked.reduce((n, c) => n + (c.file.model?.alerts?.length ?? 0), 0);
  assert.ok(alerts >= 80, `only ${alerts} alerts`);
});

test('each round uses other names, so the PromQL parse cache does not answer for the next', () => {
  const a = warmupFiles('/warm', 0).map(f => f.text).join('\n');
  const b = warmupFiles('/warm', 1).map(f => f.text).join('\n');
  const exprs = (s: string) => new Set([...s.matchAll(/job="([^"]+)"/g)].map(m => m[1]));
  const shared = [...exprs(a)].filter(x => exprs(b).has(x));
  assert.deepEqual(shared.filter(x => x.startsWith('api') || x.startsWith('platform')), []);
});
