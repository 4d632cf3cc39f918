// Quick fixes in the editor: for every finding in the workspace the editor offers exactly the engine's fixes plus
// "Disable <rule> for this line", and each fix applies and makes its finding go away. A new rule's fix is covered
// as soon as the rule reports something in the e2e workspace.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { loadConfig, fileUri, sloLensDiagnostics, ruleOf, key, waitFor, describeDiagnostics, snapshotWorkspace, restoreWorkspace, type CliFinding, type Snapshot } from './helpers';

const DISABLE = /^Disable (\S+) for this line$/;

function rangeOf(f: CliFinding): vscode.Range {
  return new vscode.Range(f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character);
}

/**
 * Opens the finding's document and returns the quick fixes offered on its range. (`vscode.executeCodeActionProvider`
 * does not return the actions' diagnostics, so actions are told apart by title.)
 */
async function actionsAt(f: CliFinding): Promise<vscode.CodeAction[]> {
  const uri = fileUri(f.file);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const range = rangeOf(f);
  // Opening the document re-checks it; wait for the finding on this exact range before asking for actions.
  await waitFor(`${f.rule} at ${f.file}:${f.range.start.line + 1}`, () => sloLensDiagnostics(uri).some(d => ruleOf(d) === f.rule && d.range.isEqual(range)) || undefined, describeDiagnostics);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
  return actions ?? [];
}

/** Applies `action` and waits until the finding's file shows one `f.rule` finding fewer. */
async function applyAndExpectGone(f: CliFinding, action: vscode.CodeAction): Promise<void> {
  const uri = fileUri(f.file);
  const before = sloLensDiagnostics(uri).filter(d => ruleOf(d) === f.rule).length;
  assert.ok(action.edit, `"${action.title}" has no edit`);
  assert.equal(await vscode.workspace.applyEdit(action.edit), true, `"${action.title}" did not apply`);
  await waitFor(`${f.rule} in ${f.file} to go away after "${action.title}"`, () => {
    return sloLensDiagnostics(uri).filter(d => ruleOf(d) === f.rule).length === before - 1 ? true : undefined;
  }, describeDiagnostics);
}

suite('quick fixes in the editor', () => {
  const config = loadConfig();
  let snap: Snapshot;
  suiteSetup(async () => { snap = await snapshotWorkspace(); });
  teardown(() => restoreWorkspace(snap, config.cli));

  test('"Disable <rule> for this line" inserts a suppression comment and the finding disappears', async () => {
    const f = config.cli[0];
    assert.ok(f, 'no finding to fix');
    const actions = await actionsAt(f);
    const disable = actions.find(a => a.title === `Disable ${f.rule} for this line`);
    assert.ok(disable, `no disable action among: ${actions.map(a => a.title).join(' | ')}`);
    await applyAndExpectGone(f, disable);
    const doc = await vscode.workspace.openTextDocument(fileUri(f.file));
    assert.ok(doc.lineAt(f.range.start.line).text.includes(`slo-lens-disable-next-line ${f.rule}`), doc.lineAt(f.range.start.line).text);
  });

  test('each finding offers the engine\'s fixes, and every fix applies and removes its finding', async () => {
    const titlesOf = (g: CliFinding) => [
      ...(config.fixes.find(x => x.file === g.file && key(x.rule, x.range) === key(g.rule, g.range))?.titles ?? []),
      `Disable ${g.rule} for this line`,
    ];
    const applied: string[] = [];
    for (const f of config.cli) {
      const offered = (await actionsAt(f)).map(a => a.title);
      // Own fixes are all offered; anything else offered belongs to a finding on the same lines.
      for (const t of titlesOf(f)) assert.ok(offered.includes(t), `"${t}" not offered for ${f.file} ${key(f.rule, f.range)}; offered: ${offered.join(' | ')}`);
      const neighbours = config.cli.filter(g => g.file === f.file && g.range.start.line <= f.range.end.line && f.range.start.line <= g.range.end.line);
      const explained = new Set(neighbours.flatMap(titlesOf));
      assert.deepEqual(offered.filter(t => !explained.has(t)), [], `unexpected actions for ${f.file} ${key(f.rule, f.range)}`);
      for (const title of titlesOf(f).filter(t => !DISABLE.test(t))) {
        const action = (await actionsAt(f)).find(a => a.title === title);
        assert.ok(action, title);
        await applyAndExpectGone(f, action);
        applied.push(`${f.file} ${f.rule}: ${title}`);
        await restoreWorkspace(snap, config.cli);
      }
    }
    assert.equal(applied.length, config.fixes.reduce((n, x) => n + x.titles.length, 0));
    console.log(`rule quick fixes applied in the editor (${applied.length}):${applied.map(a => `\n  ${a}`).join('')}`);
  });
});
