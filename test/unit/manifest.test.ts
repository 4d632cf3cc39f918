import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { manifestConfiguration } from '../../shared/src/manifest';
import { defaultSettings, SETTINGS } from '../../shared/src/settings';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));

test('package.json contributes.configuration matches shared/src/settings.ts (run `npx tsx scripts/sync-manifest.ts`)', () => {
  assert.deepEqual(pkg.contributes.configuration, manifestConfiguration());
});

test('every setting in the table has its default in defaultSettings()', () => {
  const d = defaultSettings() as unknown as Record<string, unknown>;
  for (const s of SETTINGS) {
    const value = s.key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], d);
    assert.deepEqual(value, s.default, `sloLens.${s.key}`);
  }
});

test('every command the manifest contributes has a title and the sloLens. prefix', () => {
  for (const c of pkg.contributes.commands ?? []) {
    assert.match(c.command, /^sloLens\./);
    assert.ok(c.title, c.command);
  }
});
