import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSource } from '../../server/src/engine/source';
import { alertNameInHeading, isAlertLikeName, sectionOf, slugify } from '../../server/src/engine/model/runbooks';

/** The Markdown runbook model: GitHub anchors, sections, which files and headings are runbooks, and for which alerts. */

const md = (path: string, text: string) => loadSource('file://' + path, path, text, 1);

test('slugify follows GitHub (github-slugger): lower case, punctuation dropped, one dash per space', () => {
  assert.equal(slugify('Alert Name: "KubeAPIDown"'), 'alert-name-kubeapidown');
  assert.equal(slugify('Foo & Bar'), 'foo--bar');
  assert.equal(slugify('`KubePodCrashLooping`'), 'kubepodcrashlooping');
  assert.equal(slugify('[Node](http://x) down'), 'node-down');
  assert.equal(slugify('snake_case-and-dash'), 'snake_case-and-dash');
  assert.equal(slugify('Ünïcödé Überschrift'), 'ünïcödé-überschrift');
});

test('duplicate headings get -1, -2 like GitHub', () => {
  const f = md('/w/a.md', '# A\n## Meaning\n## Meaning\n## Meaning\n');
  assert.deepEqual(f.model.headings.map(h => h.slug), ['a', 'meaning', 'meaning-1', 'meaning-2']);
});

test('headings inside code fences are not headings; setext headings are', () => {
  const f = md('/w/a.md', 'Title\n=====\n\n```sh\n# not a heading\n```\n~~~\n## nor this\n~~~\nSub\n---\n');
  assert.deepEqual(f.model.headings.map(h => [h.text, h.level]), [['Title', 1], ['Sub', 2]]);
});

test('sections and their synonyms; alert names in headings', () => {
  assert.equal(sectionOf('Mitigation'), 'mitigation');
  assert.equal(sectionOf('4. Remediation:'), 'mitigation');
  assert.equal(sectionOf('**How to fix**'), 'mitigation');
  assert.equal(sectionOf('Troubleshooting'), 'diagnosis');
  assert.equal(sectionOf('Description'), undefined);
  assert.deepEqual(alertNameInHeading('Alert Name: "KubePodCrashLooping"'), { name: 'KubePodCrashLooping', explicit: true });
  assert.deepEqual(alertNameInHeading('`TargetDown`'), { name: 'TargetDown', explicit: false });
  assert.ok(isAlertLikeName('TargetDown') && isAlertLikeName('node_down') && !isAlertLikeName('Description') && !isAlertLikeName('README'));
});

test('a file with one alert heading is one runbook, named by file and heading', () => {
  const f = md('/w/runbooks/checkout-down.md', '# CheckoutDown\n\n## Meaning\nx\n\n## Mitigation\nRoll back.\n');
  assert.equal(f.model.runbooks.length, 1);
  const rb = f.model.runbooks[0];
  assert.deepEqual(rb.alerts.map(a => a.name), ['checkout-down', 'CheckoutDown']);
  assert.equal(rb.hasMitigation, true);
  assert.equal(f.text.slice(rb.span.start, rb.span.end), 'CheckoutDown');
  assert.equal(rb.anchor, undefined);
});

test('several alert headings are one runbook each, with their anchors', () => {
  const f = md('/w/platform.md', '# Platform\n\n## QueueStalled\n### Meaning\nx\n### Mitigation\ny\n\n## QueueBacklog\n### Diagnosis\n#### Check the logs\nz\n### Mitigation\n<!-- todo -->\n');
  assert.deepEqual(f.model.runbooks.map(r => [r.name, r.anchor, r.hasMitigation]), [['QueueStalled', 'queuestalled', true], ['QueueBacklog', 'queuebacklog', false]]);
  // The empty Mitigation is located, so runbook/incomplete can point at it.
  const rb = f.model.runbooks[1];
  assert.equal(f.text.slice(rb.mitigation!.start, rb.mitigation!.end), 'Mitigation');
});

test('kubernetes-mixin style: `Alert Name:` headings with emphasized labels', () => {
  const f = md('/w/runbook.md', '##### Alert Name: "KubeAPIDown"\n+ *Message*: down\n+ *Action*: Check the apiserver pods.\n\n##### Alert Name: "KubeletDown"\n+ *Severity*: critical\n');
  assert.deepEqual(f.model.runbooks.map(r => [r.name, r.anchor, r.hasMitigation]), [['KubeAPIDown', 'alert-name-kubeapidown', true], ['KubeletDown', 'alert-name-kubeletdown', false]]);
});

test('front matter names alerts explicitly and is not scanned for headings', () => {
  const f = md('/w/runbooks/queue.md', '---\ntitle: Queue\nalerts: [QueueStalled, QueueBacklog]\n# a YAML comment, not a heading\n---\n# Queue problems\n## Meaning\nx\n## Mitigation\ny\n');
  assert.deepEqual(f.model.headings.map(h => h.text), ['Queue problems', 'Meaning', 'Mitigation']);
  assert.deepEqual(f.model.runbooks[0].alerts.map(a => a.name), ['QueueStalled', 'QueueBacklog', 'Queue', 'queue', 'Queue problems']);
  const span = f.model.runbooks[0].alerts[1].span;
  assert.equal(f.text.slice(span.start, span.end), 'QueueBacklog');
});

test('ordinary Markdown is not a runbook, and index pages take their folder name', () => {
  assert.equal(md('/w/README.md', '# Service\n## Description\nx\n## Usage\ny\n## Impact of outages\nz\n').model.runbooks.length, 0);
  const f = md('/w/runbooks/node-down/index.md', '## Meaning\nx\n## Mitigation\ny\n');
  assert.deepEqual(f.model.runbooks[0].alerts.map(a => a.name), ['node-down']);
});

test('YAML Runbook: mitigation steps must say something', () => {
  const doc = (mitigation: string) => loadSource('file:///w/r.yaml', '/w/r.yaml', `apiVersion: slo-lens.dev/v1\nkind: Runbook\nmetadata:\n  name: r\nspec:\n  alerts: [A]\n${mitigation}`, 1).model.runbooks[0];
  assert.equal(doc('').hasMitigation, false);
  assert.equal(doc('  mitigation: []\n').hasMitigation, false);
  assert.equal(doc('  mitigation:\n    - title: ""\n').hasMitigation, false);
  assert.equal(doc('  mitigation:\n    - command: ./fix.sh\n').hasMitigation, true);
  assert.ok(doc('  mitigation: []\n').mitigation);
});
