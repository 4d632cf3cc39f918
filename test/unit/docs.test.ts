import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES } from '../../server/src/engine/rules/index';

// Every diagnostic code links to docs/rules/<id>.md (codeDescription.href); the page must exist and say how to silence it.
const docs = join(__dirname, '..', '..', 'docs', 'rules');
const ids = [...new Set(ALL_RULES.flatMap(r => r.ids ?? [r.id])), 'internal/rule-error'];

for (const id of ids) {
  test(`docs/rules/${id}.md exists and explains how to silence it`, () => {
    const page = join(docs, `${id}.md`);
    assert.ok(existsSync(page), `missing ${page}`);
    const text = readFileSync(page, 'utf8');
    assert.match(text, new RegExp(`^# ${id.replace('/', '\\/')}`, 'm'));
    assert.match(text, /slo-lens\.yaml|slo-lens-disable/);
  });
}

test('the README rules table lists every rule id family', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  for (const r of ALL_RULES) assert.ok(readme.includes('`' + r.id) , `README does not mention ${r.id}`);
});
