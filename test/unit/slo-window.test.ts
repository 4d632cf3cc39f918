import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../server/src/engine/engine';
import { loadSource } from '../../server/src/engine/source';
import { resolveConfig } from '../../server/src/engine/config';
import { effectiveWindow } from '../../server/src/engine/slo/window';
import { budgetSubjects } from '../../server/src/engine/budget/subjects';
import { hoverAt } from '../../server/src/engine/intel/hover';

// The hover and the live budget must measure an SLO over the same window.
const slo = `apiVersion: sre.google.com/v2
kind: ServiceLevelObjective
metadata:
  name: payments-availability
spec:
  description: x
  backend: prometheus
  method: good_bad_ratio
  service_level_indicator:
    filter_good: http_requests_total{code!~"5.."}
    filter_valid: http_requests_total
  goal: 0.999
`;

test('slo-generator: hover and budget use the policy\'s longest step as the window', () => {
  const engine = new Engine(resolveConfig('/w'), ['/w']);
  const file = loadSource('file:///w/slo.yaml', '/w/slo.yaml', slo, 1);
  engine.update(file);
  const view = engine.workspace.view().view;
  const w = effectiveWindow(file.model.slos[0], { workspace: view });
  assert.equal(w?.text, '28d');
  const subject = budgetSubjects([file], view, {})[0];
  assert.equal(subject.window?.ms, w?.ms);
  const hover = hoverAt(file, slo.indexOf('0.999') + 1, { workspace: view, config: engine.config });
  assert.match(hover?.markdown ?? '', /40m 19s\*\* of bad time per 28d/);
});
