// Extension-host test entry (the `extensionTestsPath` contract of VS Code and @vscode/test-electron): `run()`
// returns a promise that rejects when a test fails. The runner compiles these files next to a node_modules link so
// `mocha` resolves from the repository.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const only = process.env.SLO_LENS_E2E_GREP;
  if (only) mocha.grep(only);
  for (const f of fs.readdirSync(__dirname).filter(n => n.endsWith('.suite.js')).sort()) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run(failures => (failures ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
  });
}
