import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parser } from '@prometheus-io/lezer-promql';
import { hasErrorNode } from '../../server/src/engine/promql/parse';

const SEEDS = [
  'sum by (job, route) (rate(http_requests_total{job="api", code=~"5.."}[5m])) / sum by (job, route) (rate(http_requests_total{job="api"}[5m])) > 0.05',
  'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="api"}[5m]))) > 1',
  'avg_over_time(up{job="api"}[5m]) < 0.5 and on (instance) predict_linear(node_filesystem_avail_bytes[6h], 4 * 3600) < 0',
  'absent(up == 1) or increase(errors_total[1h] offset 1d) >= 3 unless ignoring (pod) group_left max without (a) (b)[5m:1m] @ 1700000000',
  '-foo{a!~"x|y"} ^ 2 % bar atan2 baz != bool 1',
];

/** Deterministic pseudo-random edits (deletions, insertions, duplications) of the seeds: broken and valid texts. */
function* texts(): Generator<string> {
  let x = 12345;
  const rnd = (n: number) => { x = (x * 1103515245 + 12345) & 0x7fffffff; return x % n; };
  const chars = '(){}[],"\'=~!<>+-*/^% abc5m1.e:@#\n\\';
  for (const s of SEEDS) {
    yield s;
    for (let k = 0; k < 400; k++) {
      let t = s;
      for (let e = 0, n = 1 + rnd(3); e < n; e++) {
        const at = rnd(t.length + 1);
        const op = rnd(3);
        t = op === 0 ? t.slice(0, at) + t.slice(at + 1) : op === 1 ? t.slice(0, at) + chars[rnd(chars.length)] + t.slice(at) : t.slice(0, at) + t.slice(at, at + rnd(8)) + t.slice(at);
      }
      yield t;
    }
  }
}

test('the buffer scan for error nodes agrees with a walk of the tree', () => {
  let broken = 0, fine = 0;
  for (const t of texts()) {
    const tree = parser.parse(t);
    let walked = false;
    tree.iterate({ enter: n => { if (n.type.isError) walked = true; return !walked; } });
    assert.equal(hasErrorNode(tree), walked, t);
    if (walked) broken++; else fine++;
  }
  assert.ok(broken > 500 && fine > 50, `${broken} broken, ${fine} fine`);
});
