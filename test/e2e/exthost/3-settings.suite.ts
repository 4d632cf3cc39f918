// A settings change re-validates the whole workspace without reopening anything: turning a rule off removes its
// findings everywhere, turning it back on restores them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { loadConfig, allSloLensDiagnostics, describeDiagnostics, ruleOf, waitFor } from './helpers';

function countByRule(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const diags of allSloLensDiagnostics().values()) for (const d of diags) counts.set(ruleOf(d), (counts.get(ruleOf(d)) ?? 0) + 1);
  return counts;
}

suite('settings in the editor', () => {
  const config = loadConfig();

  test('sloLens.rules {<id>: "off"} removes that rule\'s findings; removing the setting brings them back', async () => {
    const cliCounts = new Map<string, number>();
    for (const f of config.cli) cliCounts.set(f.rule, (cliCounts.get(f.rule) ?? 0) + 1);
    const [rule, n] = [...cliCounts].sort((a, b) => b[1] - a[1])[0] ?? [];
    assert.ok(rule && n, 'no finding to turn off');
    const others = config.cli.length - n;
    await waitFor(`all ${n} ${rule} findings`, () => countByRule().get(rule) === n || undefined, describeDiagnostics);

    const settings = vscode.workspace.getConfiguration('sloLens');
    await settings.update('rules', { [rule]: 'off' }, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor(`${rule} to disappear after turning it off`, () => {
        const c = countByRule();
        const rest = [...c].filter(([r]) => r !== rule).reduce((s, [, k]) => s + k, 0);
        return !c.has(rule) && rest === others ? true : undefined;
      }, describeDiagnostics);
    } finally {
      await settings.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor(`${rule} to come back after removing the setting`, () => countByRule().get(rule) === n || undefined, describeDiagnostics);
  });

  test('sloLens.rules can raise a severity', async () => {
    const f = config.cli.find(x => x.severity !== 'error') ?? config.cli[0];
    assert.ok(f);
    const target = f.severity === 'error' ? 'warning' : 'error';
    const want = target === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
    const settings = vscode.workspace.getConfiguration('sloLens');
    await settings.update('rules', { [f.rule]: target }, vscode.ConfigurationTarget.Workspace);
    try {
      const sev = await waitFor(`${f.rule} to become ${target}`, () => {
        const ds = [...allSloLensDiagnostics().values()].flat().filter(d => ruleOf(d) === f.rule);
        return ds.length && ds.every(d => d.severity === want) ? want : undefined;
      }, describeDiagnostics);
      assert.equal(sev, want);
    } finally {
      await settings.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
