// Writes package.json#contributes.configuration from shared/src/settings.ts (the one definition of settings).
// `npx tsx scripts/sync-manifest.ts`; test/unit/manifest.test.ts fails when the two drift apart.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { manifestConfiguration } from '../shared/src/manifest';

const file = join(__dirname, '..', 'package.json');
const pkg = JSON.parse(readFileSync(file, 'utf8'));
pkg.contributes.configuration = manifestConfiguration();
writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
