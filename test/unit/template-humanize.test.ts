import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../server/src/engine/engine';
import { loadSource } from '../../server/src/engine/source';
import { resolveConfig } from '../../server/src/engine/config';

const text = `groups:
  - name: api
    rules:
      - alert: ApiRequestRateHigh
        expr: sum(rate(http_requests_total[5m])) > 100
        annotations:
          # the page text
          summary: "Request rate is {{ $value }} req/s"
`;

function findings(config: ReturnType<typeof resolveConfig>, body: string) {
  const engine = new Engine(config, ['/w']);
  const file = loadSource('file:///w/r.yaml', '/w/r.yaml', body, 1);
  engine.update(file);
  return engine.findings(file.uri).filter(f => f.rule === 'alert/template-humanize');
}

test('alert/template-humanize is opt-in, and its fix pipes $value through humanize, keeping the rest', () => {
  assert.equal(findings(resolveConfig('/w'), text).length, 0, 'off by default');
  const on = resolveConfig('/w', { rules: { 'alert/template-humanize': 'info' } });
  const [f] = findings(on, text);
  assert.equal(text.slice(f.span.start, f.span.end), '{{ $value }}');
  const edit = f.fixes![0].edits[0];
  const fixed = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
  assert.equal(fixed, text.replace('{{ $value }}', '{{ $value | humanize }}'));
  assert.equal(findings(on, fixed).length, 0);
});
