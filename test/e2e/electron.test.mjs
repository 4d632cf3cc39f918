// The extension-host suite in VS Code desktop (electron.mjs), for contributors who point VSCODE_EXECUTABLE_PATH at a
// VS Code binary. Without it there is no VS Code to run (nothing can download one here), so no test is registered;
// code-server in editor.test.mjs runs the same suite on every machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runInVsCode } from './electron.mjs';

if (process.env.VSCODE_EXECUTABLE_PATH) {
  test(`extension-host suite in VS Code desktop (${process.env.VSCODE_EXECUTABLE_PATH})`, { timeout: 15 * 60_000 }, async (t) => {
    const code = await runInVsCode(process.env.VSCODE_EXECUTABLE_PATH, m => t.diagnostic(m));
    assert.equal(code, 0, 'VS Code reported failing extension-host tests');
  });
}
