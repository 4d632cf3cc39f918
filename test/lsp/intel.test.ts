import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, cpSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type {
  CompletionItem, CompletionList, DocumentLink, DocumentSymbol, Hover, Location, Position, SymbolInformation, TextEdit, WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient, REPO_ROOT, fileUri } from '../harness/lspClient';

// Editor intelligence over stdio, driven like an editor: completion, hover, outline, workspace symbols,
// definition/references, document links and rename on the fixture workspace test/fixtures/intel/ws.

const FIXTURE = path.join(REPO_ROOT, 'test/fixtures/intel/ws');

let dir: string;
let client: LspClient;
const abs = (rel: string) => path.join(dir, rel);
const uriOf = (rel: string) => fileUri(abs(rel));
const read = (rel: string) => readFileSync(abs(rel), 'utf8');

/** The position of `needle` in `text` (+ `delta` characters). */
function pos(text: string, needle: string, delta = 0): Position {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `"${needle}" not found`);
  const doc = TextDocument.create('x', 'yaml', 1, text);
  return doc.positionAt(at + delta);
}
const items = (r: CompletionList | CompletionItem[] | null) => (r ? (Array.isArray(r) ? r : r.items) : []);
const labels = (r: CompletionList | CompletionItem[] | null) => items(r).map(i => i.label);
const hoverText = (h: Hover | null) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');

/** Text with a `@@` cursor: opens it as a new document and returns its uri and the cursor position. */
function openWithCursor(rel: string, withCursor: string): { uri: string; position: Position } {
  const at = withCursor.indexOf('@@');
  const text = withCursor.replace('@@', '');
  const uri = client.open(abs(rel), text);
  return { uri, position: TextDocument.create(uri, 'yaml', 1, text).positionAt(at) };
}

describe('editor intelligence over stdio', () => {
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'slo-lens-intel-'));
    cpSync(FIXTURE, dir, { recursive: true });
    client = await LspClient.start({ workspaceFolders: [dir] });
    // workspace/symbol answers once the workspace is indexed: the point from which cross-file answers are complete.
    await client.request('workspace/symbol', { query: '' });
  });
  after(async () => {
    await client?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  test('capabilities', () => {
    const c = client.initializeResult.capabilities;
    assert.equal(c.hoverProvider, true);
    assert.ok(c.completionProvider?.triggerCharacters?.includes('/'));
    assert.equal(c.documentSymbolProvider, true);
    assert.equal(c.workspaceSymbolProvider, true);
    assert.equal(c.definitionProvider, true);
    assert.equal(c.referencesProvider, true);
    assert.deepEqual(c.documentLinkProvider, { resolveProvider: false });
    assert.deepEqual(c.renameProvider, { prepareProvider: true });
    assert.equal(c.documentFormattingProvider, undefined, 'formatting is out of scope');
  });

  test('completion in an empty OpenSLO spec offers budgetingMethod, timeWindow, objectives', async () => {
    const { uri, position } = openWithCursor('slos/new-slo.yaml', 'apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: x\nspec:\n  @@\n');
    const r = await client.completion(uri, position);
    for (const k of ['budgetingMethod', 'timeWindow', 'objectives']) assert.ok(labels(r).includes(k), `${k} in ${labels(r)}`);
    const bm = items(r).find(i => i.label === 'budgetingMethod')!;
    assert.equal(bm.insertTextFormat, 2, 'a snippet with the enum as a choice');
    assert.equal((bm.textEdit as TextEdit).newText, 'budgetingMethod: ${1|Occurrences,Timeslices,RatioTimeslices|}');
    assert.deepEqual((bm.textEdit as TextEdit).range, { start: position, end: position });
    assert.equal(bm.insertTextMode, 1, 'asIs: indentation is already in the text');
    assert.ok(bm.documentation, 'with the schema description');
    client.close(uri);
  });

  test('completion right after typing, on text that does not parse', async () => {
    const uri = client.open(abs('slos/typing.yaml'), 'apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: x\nspec:\n  service: checkout\n');
    const v = client.change(uri, [{ range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } }, text: '  timeWindow: [\n  ob' }]);
    assert.equal(v, 2);
    const r = await client.completion(uri, { line: 7, character: 4 });
    assert.ok(labels(r).includes('objectives'), labels(r).join());
    assert.ok(!labels(r).includes('service'));
    const objectives = items(r).find(i => i.label === 'objectives')!;
    assert.deepEqual((objectives.textEdit as TextEdit).range, { start: { line: 7, character: 2 }, end: { line: 7, character: 4 } });
    client.close(uri);
  });

  test('completion: an alert rule snippet with for, labels and runbook_url', async () => {
    const { uri, position } = openWithCursor('rules/new-rules.yaml', 'groups:\n  - name: g\n    rules:\n      - @@\n');
    const r = await client.completion(uri, position);
    const s = items(r).find(i => i.label === 'alert rule')!;
    assert.ok(s, labels(r).join());
    const text = (s.textEdit as TextEdit).newText;
    for (const k of ['alert:', 'expr:', 'for:', 'labels:', 'severity:', 'annotations:', 'runbook_url: ${6:../runbooks/$1.md}']) assert.ok(text.includes(k), `${k} in ${text}`);
    client.close(uri);
  });

  test('completion: alert names in a Runbook, runbook paths with anchors in runbook_url, refs in OpenSLO', async () => {
    const rb = openWithCursor('runbooks/new-runbook.yaml', 'apiVersion: slo-lens.dev/v1\nkind: Runbook\nmetadata:\n  name: x\nspec:\n  alerts:\n    - @@\n');
    const alerts = items(await client.completion(rb.uri, rb.position)).filter(i => i.kind === 23 /* Event */).map(i => i.label);
    for (const a of ['CheckoutDown', 'CheckoutHighErrorRate', 'CheckoutLatencyHigh']) assert.ok(alerts.includes(a), `${a} in ${alerts}`);
    client.close(rb.uri);

    const url = openWithCursor('rules/new-url.yaml', 'groups:\n  - name: g\n    rules:\n      - alert: CheckoutHighErrorRate\n        expr: up == 0\n        annotations:\n          runbook_url: ../runbooks/checkout.md#@@\n');
    const anchors = labels(await client.completion(url.uri, url.position));
    assert.ok(anchors.includes('../runbooks/checkout.md#checkouthigherrorrate'), anchors.join());
    client.close(url.uri);

    const ref = openWithCursor('slos/new-ref.yaml', 'apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: x\nspec:\n  indicatorRef: @@\n');
    assert.deepEqual(labels(await client.completion(ref.uri, ref.position)), ['checkout-success-ratio']);
    client.close(ref.uri);
  });

  test('completion without client snippet support inserts plain text', async () => {
    const plain = await LspClient.start({ workspaceFolders: [dir], capabilities: { textDocument: { completion: { completionItem: { snippetSupport: false } } } } });
    try {
      const text = 'apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: x\nspec:\n  \n';
      const uri = plain.open(abs('slos/plain.yaml'), text);
      const r = await plain.completion(uri, { line: 5, character: 2 });
      const bm = items(r).find(i => i.label === 'budgetingMethod')!;
      assert.equal(bm.insertTextFormat, 1);
      assert.equal((bm.textEdit as TextEdit).newText, 'budgetingMethod: Occurrences');
    } finally {
      await plain.shutdown();
    }
  });

  test('hover on objective: 99.9 of a 30-day Sloth SLO shows 43m 12s', async () => {
    const text = read('slos/sloth.yaml');
    const uri = client.open(abs('slos/sloth.yaml'), text);
    const h = await client.hover(uri, pos(text, '99.9', 2));
    assert.match(hoverText(h), /43m 12s/);
    assert.match(hoverText(h), /page quick \| 1h \/ 5m \| 14\.4× \| 1\.44% \| can fire/);
    assert.deepEqual(h?.range, { start: pos(text, '99.9'), end: pos(text, '99.9', 4) });
    client.close(uri);
  });

  test('hover on an alert name shows its runbook summary and link; on a key, the schema description', async () => {
    const text = read('rules/checkout.yaml');
    const uri = client.open(abs('rules/checkout.yaml'), text);
    const h = hoverText(await client.hover(uri, pos(text, 'CheckoutHighErrorRate', 4)));
    assert.match(h, /More than 5 % of checkout requests fail/);
    assert.ok(h.includes(`${uriOf('runbooks/checkout.md')}#L5`), h);
    const key = hoverText(await client.hover(uri, pos(text, 'for: 10m', 1)));
    assert.match(key, /\*\*for\*\*/);
    client.close(uri);
  });

  test('outline: rule groups with alerts and recording rules', async () => {
    const syms = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uriOf('rules/checkout.yaml') } });
    assert.deepEqual(syms.map(s => [s.name, s.children?.map(c => c.name)]), [
      ['checkout', ['CheckoutHighErrorRate', 'CheckoutLatencyHigh', 'job:http_requests:rate5m']],
      ['checkout-availability', ['CheckoutDown']],
    ]);
    const alert = syms[0].children![0];
    assert.equal(alert.kind, 24 /* Event */);
    assert.deepEqual(alert.selectionRange, { start: pos(read('rules/checkout.yaml'), 'CheckoutHighErrorRate'), end: pos(read('rules/checkout.yaml'), 'CheckoutHighErrorRate', 21) });
  });

  test('workspace symbols: SLOs and alerts, fuzzy', async () => {
    const syms = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'chkerr' });
    assert.equal(syms[0].name, 'CheckoutHighErrorRate');
    assert.equal(syms[0].location.uri, uriOf('rules/checkout.yaml'));
    const slos = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'availability' });
    assert.ok(slos.some(s => s.name === 'requests-availability' && s.location.uri === uriOf('slos/sloth.yaml')));
  });

  test('go to definition: runbook_url jumps to its Markdown heading; Runbook entry → alert; OpenSLO ref → object', async () => {
    const rules = read('rules/checkout.yaml');
    const [toHeading] = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uriOf('rules/checkout.yaml') }, position: pos(rules, '../runbooks/checkout.md', 4) });
    const md = read('runbooks/checkout.md');
    assert.equal(toHeading.uri, uriOf('runbooks/checkout.md'));
    assert.deepEqual(toHeading.range, { start: pos(md, '## CheckoutHighErrorRate'), end: pos(md, '## CheckoutHighErrorRate', 24) });

    const rb = read('runbooks/latency.yaml');
    const [toAlert] = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uriOf('runbooks/latency.yaml') }, position: pos(rb, 'CheckoutLatencyHigh', 1) });
    assert.equal(toAlert.uri, uriOf('rules/checkout.yaml'));
    assert.deepEqual(toAlert.range.start, pos(rules, 'CheckoutLatencyHigh'));

    const slo = read('slos/openslo.yaml');
    const [toSli] = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uriOf('slos/openslo.yaml') }, position: pos(slo, 'indicatorRef: checkout-success-ratio', 16) });
    assert.deepEqual(toSli.range.start, pos(slo, 'name: checkout-success-ratio', 6));
  });

  test('references of an alert: the rule, the runbooks that list it, its runbook link', async () => {
    const rules = read('rules/checkout.yaml');
    const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri: uriOf('rules/checkout.yaml') }, position: pos(rules, 'CheckoutHighErrorRate', 2), context: { includeDeclaration: false } });
    assert.deepEqual(refs.map(r => path.relative(dir, new URL(r.uri).pathname)).sort(), ['rules/checkout.yaml', 'runbooks/checkout.md', 'runbooks/latency.yaml']);
  });

  test('document links: runbooks in the workspace at their heading or name, http URLs mapped into the workspace', async () => {
    const links = await client.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri: uriOf('rules/checkout.yaml') } });
    assert.deepEqual(links.map(l => l.target), [
      `${uriOf('runbooks/checkout.md')}#L5`,
      `${uriOf('runbooks/latency.yaml')}#L4`,
      uriOf('runbooks/checkout/CheckoutDown.md'),
    ]);
  });

  test('rename an alert: the rule, Runbook entries, headings and anchors, as one WorkspaceEdit', async () => {
    const rules = read('rules/checkout.yaml');
    const uri = uriOf('rules/checkout.yaml');
    const at = pos(rules, 'CheckoutHighErrorRate', 3);
    const prep = await client.request<{ range: unknown; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri }, position: at });
    assert.equal(prep.placeholder, 'CheckoutHighErrorRate');
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: at, newName: 'CheckoutErrorBudgetBurn' });
    const after = (rel: string) => TextDocument.applyEdits(TextDocument.create(uriOf(rel), 'yaml', 1, read(rel)), edit.changes![uriOf(rel)]);
    assert.deepEqual(Object.keys(edit.changes!).sort(), [uriOf('rules/checkout.yaml'), uriOf('runbooks/checkout.md'), uriOf('runbooks/latency.yaml')].sort());
    assert.equal(after('rules/checkout.yaml'), rules.replace('alert: CheckoutHighErrorRate', 'alert: CheckoutErrorBudgetBurn').replace('#checkouthigherrorrate', '#checkouterrorbudgetburn'));
    assert.equal(after('runbooks/checkout.md'), read('runbooks/checkout.md').replace('## CheckoutHighErrorRate', '## CheckoutErrorBudgetBurn'));
    assert.equal(after('runbooks/latency.yaml'), read('runbooks/latency.yaml').replace(', CheckoutHighErrorRate]', ', CheckoutErrorBudgetBurn]'));
  });

  test('prepareRename elsewhere is refused with a reason', async () => {
    const rules = read('rules/checkout.yaml');
    await assert.rejects(
      client.request('textDocument/prepareRename', { textDocument: { uri: uriOf('rules/checkout.yaml') }, position: pos(rules, 'severity: critical', 3) }),
      /Only alert names can be renamed/,
    );
  });
});
