import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine, MAX_FINDINGS_PER_RULE, RULE_TIME_BUDGET_MS } from '../../server/src/engine/engine';
import { loadSource } from '../../server/src/engine/source';
import type { Rule } from '../../server/src/engine/rules/types';

// The engine's own limits: a rule that throws, a rule that reports without end, a rule that is slow. Each must leave
// the other rules' findings intact. Timing here is a cause (a rule that spins past the budget), never an assertion.

const rulesText = 'groups:\n  - name: api\n    rules:\n      - alert: ApiDown\n        expr: up == 0\n';
const load = (version = 1, text = rulesText) => loadSource('file:///w/rules.yaml', '/w/rules.yaml', text, version);

const quiet: Rule = {
  id: 'test/quiet', defaultSeverity: 'warning', description: 'reports the alert name',
  check({ file, report }) { for (const a of file.model.alerts) report({ span: a.span, message: `alert ${a.name}` }); },
};

function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) { /* a rule that is slow on this file */ }
}

test('a rule that throws becomes one internal/rule-error finding; the other rules still report', () => {
  const broken: Rule = { id: 'test/broken', defaultSeverity: 'error', description: 'throws', check() { throw new TypeError('boom'); } };
  const warnings: string[] = [];
  const engine = new Engine(undefined, [], [broken, quiet], { warn: m => warnings.push(m) });
  const f = load();
  engine.update(f);
  const found = engine.findings(f.uri);
  assert.deepEqual(found.map(x => x.rule).sort(), ['internal/rule-error', 'test/quiet']);
  assert.match(found.find(x => x.rule === 'internal/rule-error')!.message, /`test\/broken` failed on this file \(boom\)/);
  assert.ok(warnings.some(w => w.includes('test/broken')), 'the stack goes to the log');
});

test(`a rule reports at most ${MAX_FINDINGS_PER_RULE} findings per file, then one summary with the count`, () => {
  const noisy: Rule = {
    id: 'test/noisy', defaultSeverity: 'warning', description: 'one finding per character',
    check({ file, report }) { for (let i = 0; i < 2000; i++) report({ span: { start: i % file.text.length, end: (i % file.text.length) + 1 }, message: `finding ${i}` }); },
  };
  const engine = new Engine(undefined, [], [noisy, quiet]);
  const f = load();
  engine.update(f);
  const found = engine.findings(f.uri);
  const noisyFound = found.filter(x => x.rule === 'test/noisy');
  assert.equal(noisyFound.length, MAX_FINDINGS_PER_RULE + 1);
  const summary = noisyFound.find(x => x.data?.dropped !== undefined)!;
  assert.equal(summary.data!.dropped, 2000 - MAX_FINDINGS_PER_RULE);
  assert.equal(summary.severity, 'info');
  assert.match(summary.message, /1500 more `test\/noisy` findings in this file are not shown/);
  assert.equal(found.filter(x => x.rule === 'test/quiet').length, 1, 'the cap is per rule');
});

test('where slow rules are deferred, a rule over the time budget runs after the others on the next version', () => {
  let slowRuns = 0;
  const slow: Rule = {
    id: 'test/slow', defaultSeverity: 'info', description: 'slow on this file',
    check({ file, report }) { slowRuns++; spin(RULE_TIME_BUDGET_MS + 30); report({ span: { start: 0, end: 6 }, message: `slow ${file.version}` }); },
  };
  const engine = new Engine(undefined, [], [slow, quiet], { warn: () => undefined });
  engine.deferSlowRules = true;
  const v1 = load(1);
  engine.update(v1);
  // First sight: nobody knows the rule is slow, so it runs inline and is remembered as slow.
  assert.deepEqual(engine.findings(v1.uri).map(x => x.rule), ['test/slow', 'test/quiet']);
  assert.equal(engine.hasDeferred(v1.uri), false);

  const v2 = load(2);
  engine.update(v2);
  const fast = engine.findings(v2.uri);
  assert.deepEqual(fast.map(x => x.rule), ['test/quiet'], 'the quick rules answer without waiting for the slow one');
  assert.equal(slowRuns, 1);
  assert.equal(engine.hasDeferred(v2.uri), true);
  assert.equal(engine.runDeferred(v2.uri), true);
  assert.equal(slowRuns, 2);
  assert.deepEqual(engine.findings(v2.uri).map(x => [x.rule, x.message]), [['test/slow', 'slow 2'], ['test/quiet', 'alert ApiDown']]);
  assert.equal(engine.hasDeferred(v2.uri), false);
  assert.equal(engine.runDeferred(v2.uri), false, 'nothing left to run');

  // A newer version makes the deferred work of the old one moot.
  const v3 = load(3);
  engine.update(v3);
  engine.findings(v3.uri);
  const v4 = load(4);
  engine.update(v4);
  assert.equal(engine.runDeferred(v4.uri), false, 'v4 was not checked yet: there is no deferred work for it');
});

test('the CLI engine (no deferral) runs every rule in one pass, even a slow one', () => {
  const slow: Rule = { id: 'test/slow', defaultSeverity: 'info', description: 'slow', check({ report }) { spin(RULE_TIME_BUDGET_MS + 30); report({ span: { start: 0, end: 6 }, message: 'slow' }); } };
  const engine = new Engine(undefined, [], [slow, quiet], { warn: () => undefined });
  for (const version of [1, 2]) {
    const f = load(version);
    engine.update(f);
    assert.deepEqual(engine.findings(f.uri).map(x => x.rule), ['test/slow', 'test/quiet']);
    assert.equal(engine.hasDeferred(f.uri), false);
  }
});

test('deferred rules keep the dependencies of both passes', () => {
  // The slow rule looks up a runbook in the workspace: when that runbook appears, the file must be re-checked.
  const slowLookup: Rule = {
    id: 'test/slow-lookup', defaultSeverity: 'warning', description: 'slow, and reads the workspace',
    check({ file, workspace, report }) {
      spin(RULE_TIME_BUDGET_MS + 30);
      for (const a of file.model.alerts) if (!workspace.runbooksFor(a.name).length) report({ span: a.span, message: `no runbook for ${a.name}` });
    },
  };
  const engine = new Engine(undefined, [], [slowLookup, quiet], { warn: () => undefined });
  engine.deferSlowRules = true;
  engine.update(load(1));
  engine.findings('file:///w/rules.yaml');
  engine.update(load(2));
  engine.findings('file:///w/rules.yaml');
  assert.ok(engine.runDeferred('file:///w/rules.yaml'));
  const runbook = loadSource('file:///w/rb.yaml', '/w/rb.yaml', 'apiVersion: slo-lens.dev/v1\nkind: Runbook\nmetadata:\n  name: api-down\nspec:\n  alerts: [ApiDown]\n  mitigation:\n    - title: restart\n', 1);
  assert.ok(engine.update(runbook).includes('file:///w/rules.yaml'), 'adding the runbook re-checks the rule file');
});

test('fixes reported as a getter are built on first use, once; a getter that throws gives no fixes, not a failure', () => {
  let built = 0;
  const lazy: Rule = {
    id: 'test/lazy', defaultSeverity: 'warning', description: 'costly fixes',
    check({ report }) {
      report({ span: { start: 0, end: 6 }, message: 'lazy', get fixes() { built++; return [{ title: 'fix it', edits: [{ span: { start: 0, end: 6 }, newText: 'GROUPS' }] }]; } });
      report({ span: { start: 0, end: 6 }, message: 'broken', get fixes(): never { throw new Error('no fix today'); } });
    },
  };
  const warnings: string[] = [];
  const engine = new Engine(undefined, [], [lazy], { warn: m => warnings.push(m) });
  const f = load();
  engine.update(f);
  const [a, b] = engine.findings(f.uri);
  assert.equal(built, 0, 'not built by the check');
  assert.equal(a.fixes?.[0].title, 'fix it');
  assert.equal(a.fixes?.[0].edits[0].newText, 'GROUPS');
  assert.equal(built, 1, 'built once');
  assert.equal(b.fixes, undefined);
  assert.ok(warnings.some(w => w.includes('no fix today')));
});
