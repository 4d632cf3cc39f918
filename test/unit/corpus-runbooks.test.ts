import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { Engine } from '../../server/src/engine/engine';
import { loadSource } from '../../server/src/engine/source';
import { resolveConfig } from '../../server/src/engine/config';
import { keyRole } from '../../server/src/engine/runbooks/keys';
import { linkValue } from '../../server/src/engine/runbooks/status';
import { corpusPath } from '../harness/corpus';

/**
 * Corpus acceptance: on the real alert-rule corpus the engine's model and findings must agree with the counts in
 * corpus/alerts/SOURCES.md, file by file: alerts, alerts linked with `runbook_url`, alerts with another runbook key,
 * alerts without a runbook. Each alert is classified from what the engine reports about it, exactly once.
 */

const CORPUS = corpusPath('alerts');

interface Row { alerts: number; linked: number; other: number; without: number }

/** The per-file table of SOURCES.md: columns `file`, `alerts`, `runbook_url`, `other key`, `alerts w/o runbook`. */
function sourcesTable(): Map<string, Row> {
  const lines = readFileSync(`${CORPUS}/SOURCES.md`, 'utf8').split('\n').filter(l => l.startsWith('|'));
  const header = lines[0].split('|').map(c => c.trim());
  const col = (name: string) => { const i = header.indexOf(name); assert.ok(i > 0, `SOURCES.md has a \`${name}\` column`); return i; };
  const [file, alerts, linked, other, without] = ['file', 'alerts', 'runbook_url', 'other key', 'alerts w/o runbook'].map(col);
  const out = new Map<string, Row>();
  for (const line of lines.slice(2)) {
    const cells = line.split('|').map(c => c.trim().replace(/[`*]/g, ''));
    out.set(cells[file], { alerts: Number(cells[alerts]), linked: Number(cells[linked]), other: Number(cells[other]), without: Number(cells[without]) });
  }
  return out;
}

test('runbook counts on the alert corpus agree with SOURCES.md, file by file (195 linked, 4 another key, 204 without)', () => {
  const expected = sourcesTable();
  const files = readdirSync(CORPUS).filter(n => n.endsWith('.yaml')).sort();
  assert.equal(files.length, expected.size, 'every corpus file has a row');
  const engine = new Engine(resolveConfig(CORPUS), [CORPUS]);
  const sources = files.map(n => { const s = loadSource(`file://${CORPUS}/${n}`, `${CORPUS}/${n}`, readFileSync(`${CORPUS}/${n}`, 'utf8'), 1); engine.update(s); return s; });
  const total: Row = { alerts: 0, linked: 0, other: 0, without: 0 };
  const byRule = new Map<string, number>();
  for (const s of sources) {
    const findings = engine.findings(s.uri);
    for (const f of findings) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
    const at = (rule: string, start: number) => findings.some(f => f.rule === rule && f.span.start === start);
    const row: Row = { alerts: 0, linked: 0, other: 0, without: 0 };
    for (const alert of s.model.alerts) {
      row.alerts++;
      const links = alert.annotations.filter(e => keyRole(e.key, alert.source)?.role === 'link' && linkValue(e));
      const classes = [
        at('alert/missing-runbook', alert.span.start) && 'without',
        alert.annotations.some(e => at('alert/runbook-key', e.keyNode.start)) && 'other',
        links.length > 0 && !links.some(e => at('alert/runbook-not-found', e.valueNode.start)) && 'linked',
      ].filter(Boolean) as (keyof Row)[];
      assert.equal(classes.length, 1, `${s.path}: alert ${alert.name} is ${classes.join(' and ') || 'unclassified'}`);
      row[classes[0]]++;
    }
    const name = s.path.split('/').pop()!;
    assert.deepEqual(row, expected.get(name), `${name}: counts from the engine vs SOURCES.md`);
    for (const k of Object.keys(total) as (keyof Row)[]) total[k] += row[k];
  }
  assert.deepEqual(total, { alerts: 403, linked: 195, other: 4, without: 204 });
  console.log(`[corpus-runbooks] ${files.length} files, ${total.alerts} alerts: ${total.linked} linked, ${total.other} another key, ${total.without} without; findings per rule: ${[...byRule].sort().map(([r, n]) => `${r} ${n}`).join(', ')}`);
});
