import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { Engine } from '../../server/src/engine/engine';
import { loadSource } from '../../server/src/engine/source';
import { resolveConfig } from '../../server/src/engine/config';
import { corpusPath } from '../harness/corpus';

/**
 * Half-typed files must never break the runbook rules: fixtures and corpus files, cut off anywhere, with lines
 * dropped or re-indented, go through the engine with runbooks around them. No rule may fail (the engine turns a
 * throw into `internal/rule-error`), and every finding of ours must lie inside the text, on something.
 */

const OURS = /^(alert\/(missing-runbook|runbook-key|runbook-not-found)|runbook\/(incomplete|orphan))$/;

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap(n => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : /\.(ya?ml|md)$/.test(n) ? [p] : [];
  });
}

const SEEDS = [
  ...walk(path.join(__dirname, '..', 'fixtures', 'rules', 'alert')),
  ...walk(path.join(__dirname, '..', 'fixtures', 'rules', 'runbook')),
  corpusPath('alerts', 'slok__sloth__examples___gen__kubernetes-apiserver.yaml'),
  corpusPath('alerts', 'prometheus-operator__kube-prometheus__manifests__alertmanager-prometheusRule.yaml'),
].map(p => ({ path: p, text: readFileSync(p, 'utf8') }));

const mutation = fc.record({
  seed: fc.integer({ min: 0, max: SEEDS.length - 1 }),
  cut: fc.double({ min: 0, max: 1, noNaN: true }),
  drop: fc.array(fc.nat(), { maxLength: 4 }),
  shift: fc.array(fc.tuple(fc.nat(), fc.integer({ min: -4, max: 4 })), { maxLength: 3 }),
});

test('runbook rules never fail and keep their ranges inside the text on mangled files', () => {
  const engine = new Engine(resolveConfig('/ws', { runbooks: { urlMappings: { 'https://runbooks.example.com/': 'runbooks/' } } }), ['/ws']);
  engine.update(loadSource('file:///ws/runbooks/CheckoutDown.md', '/ws/runbooks/CheckoutDown.md', '# CheckoutDown\n## Meaning\nx\n## Mitigation\ny\n', 1));
  let version = 1;
  fc.assert(fc.property(mutation, m => {
    const seed = SEEDS[m.seed];
    const lines = seed.text.slice(0, Math.floor(seed.text.length * m.cut)).split('\n');
    for (const d of m.drop) if (lines.length) lines.splice(d % lines.length, 1);
    for (const [i, by] of m.shift) if (lines.length) { const k = i % lines.length; lines[k] = by > 0 ? ' '.repeat(by) + lines[k] : lines[k].replace(new RegExp(`^ {0,${-by}}`), ''); }
    const text = lines.join('\n');
    const p = `/ws/rules/${path.basename(seed.path)}`;
    const file = loadSource('file://' + p, p, text, ++version);
    engine.update(file);
    const findings = engine.findings(file.uri);
    const failed = findings.filter(f => f.rule === 'internal/rule-error');
    assert.deepEqual(failed.map(f => f.message), [], `rule failed on:\n${text}`);
    for (const f of findings.filter(f => OURS.test(f.rule))) {
      assert.ok(f.span.start >= 0 && f.span.end <= text.length && f.span.end > f.span.start, `${f.rule} range ${f.span.start}-${f.span.end} on:\n${text}`);
    }
    engine.remove(file.uri);
  }), { numRuns: 400, seed: 20261001 });
});
