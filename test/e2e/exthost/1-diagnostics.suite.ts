// The editor shows what the CLI reports: same files, same rule ids, same exact ranges. Diagnostics for files that
// are not open come from the server's workspace scan, so this also proves indexing works in a real editor.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, loadConfig, allSloLensDiagnostics, describeDiagnostics, key, ruleOf, waitForBaseline } from './helpers';

suite('diagnostics in the editor', () => {
  const config = loadConfig();

  test('the extension from the .vsix activates in the workspace', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  test('every file shows exactly the findings of `slo-lens check`', async () => {
    assert.ok(config.cli.length > 0, 'the e2e workspace must have findings, or this test proves nothing');
    await waitForBaseline(config.cli, 'the editor to show the CLI findings for every file');
    // Messages and severities come from the same engine; spot-check that they were carried over intact.
    const all = allSloLensDiagnostics();
    for (const f of config.cli) {
      const d = all.get(f.file)?.find(x => key(ruleOf(x), x.range) === key(f.rule, f.range));
      assert.ok(d);
      assert.equal(d.message, f.message);
      const sev = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information, hint: vscode.DiagnosticSeverity.Hint }[f.severity];
      assert.equal(d.severity, sev, `${f.file} ${f.rule} severity`);
      const target = typeof d.code === 'object' && d.code ? d.code.target.toString() : '';
      assert.match(target, new RegExp(`docs/rules/${f.rule.replace('/', '\\/')}\\.md$`), 'the rule id links to its docs page');
    }
  });

  test('the deliberate defects of the examples show up with their rule ids', async () => {
    const registered = new Set(config.registeredRules);
    const all = allSloLensDiagnostics();
    const missing: string[] = [];
    let checked = 0;
    for (const [file, rules] of Object.entries(config.requiredRules)) {
      for (const rule of rules.filter(r => registered.has(r))) {
        checked++;
        if (!all.get(file)?.some(d => ruleOf(d) === rule)) missing.push(`${file}: ${rule}`);
      }
    }
    assert.deepEqual(missing, [], `defects not shown:\n${missing.join('\n')}\nshown:\n${describeDiagnostics()}`);
    assert.ok(checked > 0 || config.cli.length > 0);
  });
});
