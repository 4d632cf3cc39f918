import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describeMismatch, discoverCases, runCase } from '../harness/expectations';

// Every fixture under test/fixtures/rules is a test: its annotations must match the findings exactly.
const dir = path.join(__dirname, '..', 'fixtures', 'rules');
for (const c of discoverCases(dir)) {
  test(`fixture ${c.name}`, () => {
    const r = runCase(c.name, c.files, c.root);
    assert.ok(r.missing.length === 0 && r.unexpected.length === 0, `${c.name}\n${describeMismatch(r)}`);
  });
}
