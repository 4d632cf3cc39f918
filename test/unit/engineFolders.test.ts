import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../server/src/engine/engine';
import { loadSource } from '../../server/src/engine/source';
import { defaultConfig, resolveConfig } from '../../server/src/engine/config';
import type { Rule } from '../../server/src/engine/rules/types';

// The engine's configuration per workspace folder: a file is checked with the config of the deepest folder holding
// it; changing one folder's config drops the cached findings of that folder's files and no others.

const ALERT = (name: string) => `groups:\n  - name: g\n    rules:\n      - alert: ${name}\n        expr: up == 0\n`;
const src = (path: string, text: string, version = 1) => loadSource('file://' + path, path, text, version);

/** Reports once per alert: which folder's config it ran with (its root), and whether a runbook exists (a dependency). */
const whichConfig: Rule = {
  id: 'test/config', defaultSeverity: 'warning', description: 'test',
  check({ file, workspace, config, report }) {
    for (const a of file.model.alerts) report({ span: a.span, message: `root=${config.root} runbook=${workspace.runbooksFor(a.name).length}` });
  },
};

/** `nestedFirst`: the order the folders' configs are set in (a first- or last-match lookup is right in one order only). */
function engineWithFolders(nestedFirst = true): Engine {
  const engine = new Engine(resolveConfig('/w'), ['/w', '/w/team'], [whichConfig]);
  const team = () => engine.setFolderConfig('/w/team/', resolveConfig('/w/team', { rules: { 'test/config': 'hint' }, ignore: ['gen/**'] }));
  const outer = () => engine.setFolderConfig('/w', resolveConfig('/w', { rules: { 'test/config': 'error' } }));
  if (nestedFirst) { team(); outer(); } else { outer(); team(); }
  for (const [path, alert] of [['/w/a.yaml', 'A'], ['/w/team/b.yaml', 'B'], ['/w/teammate/c.yaml', 'C'], ['/elsewhere/d.yaml', 'D'], ['/w/team/gen/e.yaml', 'E'], ['/w/gen/f.yaml', 'F']]) {
    engine.update(src(path, ALERT(alert)));
  }
  return engine;
}

const summary = (engine: Engine, path: string) => engine.findings('file://' + path).map(f => `${f.severity} ${f.message}`);

test('nested folders: the deepest folder holding a file wins; a file outside every folder gets the default', () => {
  for (const nestedFirst of [true, false]) {
    const engine = engineWithFolders(nestedFirst);
    assert.equal(engine.configFor('/w/team/b.yaml').root, '/w/team');
    assert.equal(engine.configFor('/w/team').root, '/w/team');
    assert.deepEqual(summary(engine, '/w/team/b.yaml'), ['hint root=/w/team runbook=0']);
    assert.deepEqual(summary(engine, '/w/a.yaml'), ['error root=/w runbook=0']);
    // A sibling whose name starts like the nested folder's is not inside it.
    assert.deepEqual(summary(engine, '/w/teammate/c.yaml'), ['error root=/w runbook=0']);
    assert.equal(engine.configFor('/elsewhere/d.yaml'), engine.config);
    assert.deepEqual(summary(engine, '/elsewhere/d.yaml'), ['warning root=/w runbook=0']);
  }
});

test('`ignore` applies per folder, relative to that folder', () => {
  const engine = engineWithFolders();
  assert.ok(engine.isIgnored(engine.workspace.get('file:///w/team/gen/e.yaml')!));
  assert.deepEqual(summary(engine, '/w/team/gen/e.yaml'), []);
  assert.ok(!engine.isIgnored(engine.workspace.get('file:///w/gen/f.yaml')!), '/w ignores nothing');
  assert.deepEqual(summary(engine, '/w/gen/f.yaml'), ['error root=/w runbook=0']);
});

test('changing one folder\'s config re-checks the files of that folder only; the same config again re-checks nothing', () => {
  const engine = engineWithFolders();
  const all = () => { for (const f of [...engine.workspace.allFiles()]) engine.findings(f.uri); };
  all();
  let before = engine.stats.checks;
  const changed = engine.setFolderConfig('/w/team', resolveConfig('/w/team', { rules: { 'test/config': 'info' }, ignore: ['gen/**'] }));
  assert.deepEqual(changed.sort(), ['file:///w/team/b.yaml', 'file:///w/team/gen/e.yaml']);
  all();
  assert.equal(engine.stats.checks - before, 2);
  assert.deepEqual(summary(engine, '/w/team/b.yaml'), ['info root=/w/team runbook=0']);

  before = engine.stats.checks;
  assert.deepEqual(engine.setFolderConfig('/w/team', resolveConfig('/w/team', { rules: { 'test/config': 'info' }, ignore: ['gen/**'] })), [], 'same settings, new object');
  all();
  assert.equal(engine.stats.checks, before);
  // The same object set again, edited in place, counts as changed (as `setConfig` always re-checked).
  const team = engine.configFor('/w/team/b.yaml');
  team.rules['test/config'] = 'warning';
  assert.deepEqual(engine.setFolderConfig('/w/team', team).sort(), ['file:///w/team/b.yaml', 'file:///w/team/gen/e.yaml']);
  assert.deepEqual(summary(engine, '/w/team/b.yaml'), ['warning root=/w/team runbook=0']);

  // The default reaches only the files outside every folder.
  assert.deepEqual(engine.setConfig(defaultConfig('/elsewhere')), ['file:///elsewhere/d.yaml']);
  assert.deepEqual(summary(engine, '/elsewhere/d.yaml'), ['warning root=/elsewhere runbook=0']);

  // Dropping the nested folder's config hands its files to the enclosing folder.
  assert.deepEqual(engine.setFolderConfig('/w/team', undefined).sort(), ['file:///w/team/b.yaml', 'file:///w/team/gen/e.yaml']);
  assert.deepEqual(summary(engine, '/w/team/b.yaml'), ['error root=/w runbook=0']);
  assert.deepEqual(summary(engine, '/w/team/gen/e.yaml'), ['error root=/w runbook=0'], 'no longer ignored');
});

test('folder configs dropped and replaced; dependencies recorded after a re-check still re-check dependents', () => {
  const engine = engineWithFolders();
  for (const f of [...engine.workspace.allFiles()]) engine.findings(f.uri);
  const changed = [
    ...engine.setFolderConfig('/w', undefined),
    ...engine.setFolderConfig('/w/team', resolveConfig('/w/team', { rules: { 'test/config': 'info' } })),
  ];
  // /w lost its own config (its files fall back to the default, whose rules differ); /w/team's changed.
  assert.deepEqual(changed.sort(), ['file:///w/a.yaml', 'file:///w/gen/f.yaml', 'file:///w/team/b.yaml', 'file:///w/team/gen/e.yaml', 'file:///w/teammate/c.yaml']);
  assert.equal(engine.configFor('/w/a.yaml'), engine.config);
  assert.deepEqual(summary(engine, '/w/team/b.yaml'), ['info root=/w/team runbook=0']);
  // b.yaml was re-checked after the config change; a runbook for its alert appearing must still re-check it.
  const affected = engine.update(src('/w/runbooks/b.md', '---\nalert: B\n---\n# B\n\n## Mitigation\n\nRestart it.\n'));
  assert.ok(affected.includes('file:///w/team/b.yaml'), `affected: ${affected.join(', ')}`);
  assert.deepEqual(summary(engine, '/w/team/b.yaml'), ['info root=/w/team runbook=1']);
});
