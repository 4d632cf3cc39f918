// Editor intelligence in the editor: completion, hover, outline, workspace symbols, definition and references,
// document links and rename, asked through VS Code's own provider commands (what the editor's widgets call) on the
// runner's copy of the examples. Expected answers come from the workspace's text, not from the server, so a wrong
// answer fails. Completion types into documents without saving; each test ends with the workspace as it started.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, loadConfig, fileUri, workspaceRoot, snapshotWorkspace, restoreWorkspace, waitForBaseline, type Snapshot } from './helpers';

const RULES = 'rules/checkout-alerts.yaml';
const SLOTH = 'slos/checkout-sloth.yaml';
const OPENSLO = 'slos/checkout-openslo.yaml';
const YAML_RUNBOOK = 'runbooks/checkout-high-error-rate.yaml';
const MD_RUNBOOK = 'runbooks/CheckoutLatencyHigh.md';
const LATENCY_LINK = '../runbooks/CheckoutLatencyHigh.md#mitigation';

/**
 * Alerts the SLOs generate that no `alerting: name:` spells out: Pyrra's absent-metric alert for search-pyrra.yaml
 * and the OpenSLO AlertPolicy of checkout-openslo.yaml.
 */
const IMPLIED_ALERTS = ['SLOMetricAbsent', 'checkout-fast-burn'];

function relOf(uri: vscode.Uri): string {
  const root = workspaceRoot().path;
  return uri.path.startsWith(root + '/') ? uri.path.slice(root.length + 1) : uri.toString();
}

/** The range of `needle` in the document (+ `delta` for a position inside it); the needle must occur once. */
function rangeOf(doc: vscode.TextDocument, needle: string): vscode.Range {
  const text = doc.getText();
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `"${needle}" not in ${relOf(doc.uri)}`);
  assert.equal(text.indexOf(needle, at + 1), -1, `"${needle}" occurs more than once in ${relOf(doc.uri)}`);
  return new vscode.Range(doc.positionAt(at), doc.positionAt(at + needle.length));
}
function positionIn(doc: vscode.TextDocument, needle: string, delta: number): vscode.Position {
  return doc.positionAt(doc.offsetAt(rangeOf(doc, needle).start) + delta);
}
/** The range of `inner` inside the single occurrence of `context` (to pick one of several equal names). */
function rangeWithin(doc: vscode.TextDocument, context: string, inner: string): vscode.Range {
  const start = doc.offsetAt(rangeOf(doc, context).start) + context.indexOf(inner);
  assert.ok(context.includes(inner));
  return new vscode.Range(doc.positionAt(start), doc.positionAt(start + inner.length));
}

const show = (r: vscode.Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
const where = (uri: vscode.Uri, r: vscode.Range) => `${relOf(uri)} ${show(r)}`;
const labelOf = (i: vscode.CompletionItem) => (typeof i.label === 'string' ? i.label : i.label.label);
const replaceRange = (i: vscode.CompletionItem) => (i.range instanceof vscode.Range ? i.range : i.range?.replacing);

async function open(rel: string): Promise<vscode.TextDocument> {
  return vscode.workspace.openTextDocument(fileUri(rel));
}

/** Types into an open editor (never saved: teardown reverts it). */
async function type(rel: string, edit: (doc: vscode.TextDocument, b: vscode.TextEditorEdit) => void): Promise<vscode.TextDocument> {
  const editor = await vscode.window.showTextDocument(await open(rel));
  assert.equal(await editor.edit(b => edit(editor.document, b)), true, `the edit to ${rel} did not apply`);
  return editor.document;
}

/**
 * Completion items of `kind` at `pos`. The server answers on the document version it was sent; asks again briefly
 * until `ready` holds, so a request that overtook the typed change is not the one judged. The caller asserts on the
 * last answer either way.
 */
async function completions(doc: vscode.TextDocument, pos: vscode.Position, kind: vscode.CompletionItemKind, ready: (labels: string[]) => boolean): Promise<vscode.CompletionItem[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos);
    // Other providers (word-based suggestions) add `Text` items; only the kind under test is judged.
    const items = (list?.items ?? []).filter(i => i.kind === kind);
    if (ready(items.map(labelOf)) || Date.now() > deadline) return items;
    await new Promise(r => setTimeout(r, 200));
  }
}

function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? []).flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : c.value))).join('\n');
}

/** `text` with the edits applied (they do not overlap; applied from the end). */
function applied(doc: vscode.TextDocument, edits: vscode.TextEdit[]): string {
  let text = doc.getText();
  for (const e of [...edits].sort((a, b) => doc.offsetAt(b.range.start) - doc.offsetAt(a.range.start))) {
    text = text.slice(0, doc.offsetAt(e.range.start)) + e.newText + text.slice(doc.offsetAt(e.range.end));
  }
  return text;
}

/** Replaces the single occurrence of `from` in `text` (the expected result of a rename, one place at a time). */
function replaceOnce(text: string, from: string, to: string): string {
  assert.equal(text.split(from).length, 2, `"${from}" must occur once`);
  return text.replace(from, to);
}

/** The 0-based line of the Markdown heading that is exactly `heading`. */
function headingLine(doc: vscode.TextDocument, heading: string): number {
  const lines = [...Array(doc.lineCount).keys()].filter(i => doc.lineAt(i).text === heading);
  assert.equal(lines.length, 1, `${relOf(doc.uri)} must have one "${heading}" line`);
  return lines[0];
}

async function renameEdits(rel: string, context: string, name: string, newName: string): Promise<Map<string, vscode.TextEdit[]>> {
  const doc = await open(rel);
  const pos = rangeWithin(doc, context, name).start.translate(0, 3);
  const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, pos, newName);
  assert.ok(edit, `no rename edit for ${name}`);
  return new Map(edit.entries().map(([uri, edits]) => [relOf(uri), edits]));
}

suite('editor intelligence in the editor', () => {
  const config = loadConfig();
  let snap: Snapshot;
  let started = 0;
  suiteSetup(async () => {
    started = Date.now();
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    snap = await snapshotWorkspace();
    // The server has indexed the workspace once every file shows its findings: cross-file answers are complete.
    await waitForBaseline(config.cli, 'the workspace to be indexed');
  });
  teardown(() => restoreWorkspace(snap, config.cli));
  suiteTeardown(() => console.log(`editor intelligence suite: ${((Date.now() - started) / 1000).toFixed(1)} s with setup and restores`));

  test('completion in an empty OpenSLO `spec:` offers the SLO spec keys, budgetingMethod as an enum snippet', async () => {
    // A new SLO document typed at the end of the OpenSLO file, the cursor on the empty line under `spec:`.
    const added = '---\napiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: checkout-latency\nspec:\n  \n';
    let end!: number;
    const doc = await type(OPENSLO, (d, b) => { end = d.getText().length; b.insert(d.positionAt(end), added); });
    assert.ok(doc.getText().endsWith(`\n${added}`), 'the file ended with a newline');
    const cursor = doc.positionAt(end + added.length - 1);
    assert.equal(doc.lineAt(cursor.line).text, '  ');

    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const schema = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ext.extensionUri, 'schemas', 'openslo-v1.slo.schema.json'))));
    const specKeys = Object.keys(schema.definitions.spec.properties).sort();
    for (const k of ['budgetingMethod', 'timeWindow', 'objectives', 'indicatorRef']) assert.ok(specKeys.includes(k), `the shipped schema lacks ${k}`);

    const items = await completions(doc, cursor, vscode.CompletionItemKind.Property, l => l.includes('objectives'));
    // Every key of an SLO spec and nothing else (not the document's top-level keys, not SLI keys).
    assert.deepEqual(items.map(labelOf).sort(), specKeys);
    const bm = items.find(i => labelOf(i) === 'budgetingMethod')!;
    assert.ok(bm.insertText instanceof vscode.SnippetString, 'budgetingMethod inserts a snippet');
    assert.equal(bm.insertText.value, 'budgetingMethod: ${1|Occurrences,Timeslices,RatioTimeslices|}');
    assert.equal(show(replaceRange(bm)!), show(new vscode.Range(cursor, cursor)));
    assert.match(typeof bm.documentation === 'string' ? bm.documentation : bm.documentation?.value ?? '', /Occurrences/);
  });

  test('completion in a Runbook\'s spec.alerts offers the workspace\'s alerts, not those already listed', async () => {
    // The workspace's alerts: every `alert:` rule, and every alert an SLO's `alerting: name:` generates (Sloth, Pyrra).
    const textOf = async (glob: string) => (await Promise.all((await vscode.workspace.findFiles(glob)).map(u => vscode.workspace.fs.readFile(u)))).map(b => new TextDecoder().decode(b)).join('\n');
    const ruleAlerts = [...(await textOf('rules/*.yaml')).matchAll(/^\s*- alert:\s*(\S+)\s*$/gm)].map(m => m[1]);
    const sloAlerts = [...(await textOf('slos/*.yaml')).matchAll(/^(\s*)alerting:\s*\n\1\s+name:\s*(\S+)\s*$/gm)].map(m => m[2]);
    for (const a of ['CheckoutDown', 'NodeDiskFilling']) assert.ok(ruleAlerts.includes(a), ruleAlerts.join());
    for (const a of ['CheckoutHighErrorRate', 'LoginHighErrorRate', 'SearchErrorBudgetBurn']) assert.ok(sloAlerts.includes(a), sloAlerts.join());
    // `alerts: [CheckoutHighErrorRate]` → `alerts: [CheckoutHighErrorRate, |]`
    const listed = 'alerts: [CheckoutHighErrorRate]';
    let doc = await open(YAML_RUNBOOK);
    const at = positionIn(doc, listed, listed.length - 1);
    doc = await type(YAML_RUNBOOK, (_d, b) => b.insert(at, ', '));
    const cursor = at.translate(0, 2);
    assert.equal(doc.lineAt(cursor.line).text.slice(0, cursor.character), '  alerts: [CheckoutHighErrorRate, ');

    const expected = [...new Set([...ruleAlerts, ...sloAlerts, ...IMPLIED_ALERTS])].filter(a => a !== 'CheckoutHighErrorRate').sort();
    const items = await completions(doc, cursor, vscode.CompletionItemKind.Event, l => l.includes('CheckoutDown'));
    assert.deepEqual(items.map(labelOf).sort(), expected);
    // Alerts that still need a runbook say so (and sort first); covered ones say they have one.
    const detail = (name: string) => items.find(i => labelOf(i) === name)?.detail ?? '';
    assert.match(detail('CheckoutDown'), /^no runbook yet · critical · checkout\.rules · checkout-alerts\.yaml$/);
    assert.match(detail('CheckoutLatencyHigh'), /^has a runbook · /);
    const sort = (name: string) => items.find(i => labelOf(i) === name)?.sortText ?? name;
    assert.ok(sort('CheckoutDown') < sort('CheckoutLatencyHigh'), `${sort('CheckoutDown')} < ${sort('CheckoutLatencyHigh')}`);
  });

  test('completion inside a runbook_url value offers the runbook paths, then the headings after `#`', async () => {
    const doc = await open(RULES);
    const value = rangeOf(doc, LATENCY_LINK);
    // Runbooks: every Markdown file and every YAML `kind: Runbook`, as paths relative to rules/.
    const expected: string[] = [];
    for (const uri of await vscode.workspace.findFiles('**/*.{md,yaml,yml}')) {
      const rel = relOf(uri);
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      if (rel.endsWith('.md') || /^kind:\s*Runbook\s*$/m.test(text)) expected.push(`../${rel}`);
    }
    assert.ok(expected.includes('../runbooks/checkout-high-error-rate.yaml') && expected.includes(`../${MD_RUNBOOK}`), expected.join());

    const afterDir = value.start.translate(0, '../runbooks/'.length);
    const items = await completions(doc, afterDir, vscode.CompletionItemKind.File, l => l.length > 0);
    assert.deepEqual(items.map(labelOf).sort(), expected.sort());
    // The whole value is replaced, so picking a path does not leave the old one's tail behind.
    for (const i of items) assert.equal(show(replaceRange(i)!), show(value), labelOf(i));
    // One Markdown file with a section per alert: each section is offered directly.
    const sections = (await completions(doc, afterDir, vscode.CompletionItemKind.Reference, l => l.length > 0)).map(labelOf).sort();
    assert.deepEqual(sections, ['checkoutpaymentsslow', 'checkoutqueuebacklog', 'checkoutqueuestalled'].map(a => `../runbooks/platform.md#${a}`));

    // After `#`: the headings of the file before it, as anchors.
    const md = await open(MD_RUNBOOK);
    const anchors = [...Array(md.lineCount).keys()].map(i => /^#+\s+(.*)$/.exec(md.lineAt(i).text)?.[1]).filter((h): h is string => !!h)
      .map(h => `../${MD_RUNBOOK}#${h.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')}`);
    assert.ok(anchors.includes(LATENCY_LINK), anchors.join());
    const afterHash = positionIn(doc, LATENCY_LINK, LATENCY_LINK.indexOf('#') + 1);
    const headings = await completions(doc, afterHash, vscode.CompletionItemKind.Reference, l => l.length > 0);
    assert.deepEqual(headings.map(labelOf).sort(), anchors.sort());
  });

  test('hover on `objective: 99.9` of the 30-day Sloth SLO shows 43m 12s of allowed bad time', async () => {
    const doc = await open(SLOTH);
    const target = rangeWithin(doc, 'objective: 99.9', '99.9');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, target.start.translate(0, 2));
    const text = hoverText(hovers);
    // 0.1 % of 30 days = 2592 s = 43m 12s; of one day 86.4 s; the page tier fires above 14.4 × 0.1 %.
    assert.ok(text.includes('error budget **0.1%** = **43m 12s** of bad time per 30d'), text);
    assert.ok(text.includes('| day | 1m 26s |'), text);
    assert.ok(text.includes('| page quick | 1h / 5m | 14.4× | 1.44% |'), text);
    const mine = hovers.find(h => hoverText([h]).includes('43m 12s'))!;
    assert.equal(show(mine.range!), show(target), 'the hover covers the target value');
  });

  test('outline of the rules file: the group, its recording rule and its alerts by name', async () => {
    const doc = await open(RULES);
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    const rules = [...doc.getText().matchAll(/^\s*- (alert|record):\s*(\S+)\s*$/gm)].map(m => ({ kind: m[1], name: m[2] }));
    assert.equal(rules.length, 6);
    const K = vscode.SymbolKind;
    assert.deepEqual(
      (symbols ?? []).map(s => [s.name, K[s.kind], s.children.map(c => [c.name, K[c.kind]])]),
      [['checkout.rules', 'Namespace', rules.map(r => [r.name, r.kind === 'alert' ? 'Event' : 'Function'])]],
    );
    const group = symbols[0];
    assert.equal(show(group.selectionRange), show(rangeWithin(doc, '- name: checkout.rules', 'checkout.rules')));
    for (const c of group.children) {
      const want = rangeWithin(doc, `${c.kind === K.Event ? 'alert' : 'record'}: ${c.name}\n`, c.name);
      assert.equal(show(c.selectionRange), show(want), c.name);
      assert.ok(c.range.contains(want) && group.range.contains(c.range), `${c.name}'s range ${show(c.range)}`);
    }
  });

  test('workspace symbols find CheckoutHighErrorRate: the rule and the Sloth SLO that names it', async () => {
    const found = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'CheckoutHighErrorRate');
    const named = (found ?? []).filter(s => s.name === 'CheckoutHighErrorRate');
    const rules = await open(RULES);
    const sloth = await open(SLOTH);
    assert.deepEqual(named.map(s => `${where(s.location.uri, s.location.range)} ${vscode.SymbolKind[s.kind]}`).sort(), [
      `${where(rules.uri, rangeWithin(rules, 'alert: CheckoutHighErrorRate', 'CheckoutHighErrorRate'))} Event`,
      `${where(sloth.uri, rangeWithin(sloth, 'name: CheckoutHighErrorRate', 'CheckoutHighErrorRate'))} Event`,
    ].sort());
    assert.equal(named.find(s => relOf(s.location.uri) === RULES)?.containerName, 'checkout.rules · checkout-alerts.yaml');
  });

  test('go to definition on a runbook_url lands on its Markdown heading; on a Runbook entry, on the alert', async () => {
    const rules = await open(RULES);
    const md = await open(MD_RUNBOOK);
    const line = headingLine(md, '## Mitigation');
    const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', rules.uri, positionIn(rules, LATENCY_LINK, 5));
    const norm = (d: vscode.Location | vscode.LocationLink) => ('targetUri' in d ? where(d.targetUri, d.targetSelectionRange ?? d.targetRange) : where(d.uri, d.range));
    assert.deepEqual((defs ?? []).map(norm), [where(md.uri, md.lineAt(line).range)]);

    const rb = await open(YAML_RUNBOOK);
    const sloth = await open(SLOTH);
    const toAlert = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', rb.uri, rangeWithin(rb, '[CheckoutHighErrorRate]', 'CheckoutHighErrorRate').start.translate(0, 4));
    assert.deepEqual((toAlert ?? []).map(norm).sort(), [
      where(rules.uri, rangeWithin(rules, 'alert: CheckoutHighErrorRate', 'CheckoutHighErrorRate')),
      where(sloth.uri, rangeWithin(sloth, 'name: CheckoutHighErrorRate', 'CheckoutHighErrorRate')),
    ].sort());
  });

  test('references of an alert: its rule, the Sloth SLO naming it, the Runbook listing it and the links to that runbook', async () => {
    const rules = await open(RULES);
    const sloth = await open(SLOTH);
    const rb = await open(YAML_RUNBOOK);
    const name = rangeWithin(rules, 'alert: CheckoutHighErrorRate', 'CheckoutHighErrorRate');
    const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', rules.uri, name.start.translate(0, 2));
    assert.deepEqual((refs ?? []).map(r => where(r.uri, r.range)).sort(), [
      where(rules.uri, name),
      where(rules.uri, rangeOf(rules, '../runbooks/checkout-high-error-rate.yaml')),
      where(sloth.uri, rangeWithin(sloth, 'name: CheckoutHighErrorRate', 'CheckoutHighErrorRate')),
      // The scalar as written, quotes included (how definitions and references cover YAML scalars).
      where(sloth.uri, rangeOf(sloth, '"../runbooks/checkout-high-error-rate.yaml"')),
      where(rb.uri, rangeWithin(rb, '[CheckoutHighErrorRate]', 'CheckoutHighErrorRate')),
    ].sort());
  });

  test('document links on the rules file: every runbook link value, the Markdown one at its heading', async () => {
    const rules = await open(RULES);
    const md = await open(MD_RUNBOOK);
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', rules.uri);
    // Every `runbook_url:` (and the misspelled `runbook:`) value in the file is one link over exactly its value.
    const values = [...Array(rules.lineCount).keys()].flatMap(i => {
      const m = /^(\s*runbook(?:_url)?:\s*)(\S+)\s*$/.exec(rules.lineAt(i).text);
      return m ? [new vscode.Range(i, m[1].length, i, m[1].length + m[2].length)] : [];
    });
    assert.equal(values.length, 4);
    assert.deepEqual((links ?? []).map(l => show(l.range)).sort(), values.map(show).sort());
    const latency = links.find(l => l.range.isEqual(rangeOf(rules, LATENCY_LINK)));
    assert.ok(latency?.target, 'the CheckoutLatencyHigh link has no target');
    assert.equal(relOf(latency.target), MD_RUNBOOK);
    assert.equal(latency.target.fragment, `L${headingLine(md, '## Mitigation') + 1}`, 'the link opens the runbook at its Mitigation heading');
    const yamlLink = links.find(l => l.range.isEqual(rangeOf(rules, '../runbooks/checkout-high-error-rate.yaml')));
    assert.equal(yamlLink?.target && relOf(yamlLink.target), YAML_RUNBOOK);
  });

  test('renaming an alert edits its rule, the Sloth SLO naming it and the Runbook listing it, and nothing else', async () => {
    const edits = await renameEdits(RULES, 'alert: CheckoutHighErrorRate', 'CheckoutHighErrorRate', 'CheckoutErrorBudgetBurn');
    assert.deepEqual([...edits.keys()].sort(), [RULES, YAML_RUNBOOK, SLOTH].sort());
    const expect = async (rel: string, from: string, to: string) => {
      const doc = await open(rel);
      assert.equal(applied(doc, edits.get(rel)!), replaceOnce(doc.getText(), from, to), rel);
    };
    await expect(RULES, 'alert: CheckoutHighErrorRate', 'alert: CheckoutErrorBudgetBurn');
    await expect(YAML_RUNBOOK, 'alerts: [CheckoutHighErrorRate]', 'alerts: [CheckoutErrorBudgetBurn]');
    await expect(SLOTH, 'name: CheckoutHighErrorRate', 'name: CheckoutErrorBudgetBurn');
    // Asked, not applied: the workspace is untouched.
    assert.deepEqual(vscode.workspace.textDocuments.filter(d => d.isDirty).map(d => relOf(d.uri)), []);
  });

  test('renaming an alert with a Markdown section renames the heading and the link\'s anchor to it', async () => {
    const edits = await renameEdits(RULES, 'alert: CheckoutPaymentsSlow', 'CheckoutPaymentsSlow', 'CheckoutPaymentsDegraded');
    assert.deepEqual([...edits.keys()].sort(), [RULES, 'runbooks/platform.md'].sort());
    const rules = await open(RULES);
    const md = await open('runbooks/platform.md');
    assert.equal(applied(rules, edits.get(RULES)!), replaceOnce(replaceOnce(rules.getText(), 'alert: CheckoutPaymentsSlow', 'alert: CheckoutPaymentsDegraded'), 'platform.md#checkoutpaymentsslow', 'platform.md#checkoutpaymentsdegraded'));
    assert.equal(applied(md, edits.get('runbooks/platform.md')!), replaceOnce(md.getText(), '## CheckoutPaymentsSlow', '## CheckoutPaymentsDegraded'));
    const prep = await vscode.commands.executeCommand<{ range: vscode.Range; placeholder: string }>('vscode.prepareRename', rules.uri, positionIn(rules, 'alert: CheckoutPaymentsSlow', 10));
    assert.equal(prep?.placeholder, 'CheckoutPaymentsSlow');
    assert.equal(show(prep.range), show(rangeWithin(rules, 'alert: CheckoutPaymentsSlow', 'CheckoutPaymentsSlow')));
  });
});
