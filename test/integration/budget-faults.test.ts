import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { loadSource } from '../../server/src/engine/source';
import { Workspace } from '../../server/src/engine/workspace';
import { budgetSubjects } from '../../server/src/engine/budget/subjects';
import { computeBudgets } from '../../server/src/engine/budget/compute';
import { PrometheusClient } from '../../server/src/engine/budget/prometheus';
import type { BudgetStatus, BudgetSubject } from '../../server/src/engine/budget/types';
import { CLI, runCli, sloFiles, workspace } from './helpers/workspace';

// The fault matrix: a tiny local HTTP server misbehaves in every way we know of, and each SLO must end with a clear
// status (never a crash, never a hang past the timeout). The mode is the first path segment of the base URL.

const TOKEN = 'tok-3f9a-secret';
const hits = new Map<string, number>();
let queryHits = 0;
const authSeen: string[] = [];
let server: Server;
let other: Server;
let base = '';
let otherBase = '';
let refusedUrl = '';

function vector(query: string, value: string): string {
  const tags = [...query.matchAll(/"slo_lens_q", "(\d+)"/g)].map(m => m[1]);
  const result = tags.length ? tags.map(t => ({ metric: { slo_lens_q: t }, value: [1, value] })) : [{ metric: {}, value: [1, value] }];
  return JSON.stringify({ status: 'success', data: { resultType: 'vector', result } });
}

async function body(req: IncomingMessage): Promise<string> {
  let s = '';
  for await (const c of req) s += c;
  return s;
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x');
  const [, mode, ...rest] = url.pathname.split('/');
  const path = '/' + rest.join('/');
  if (path.startsWith('/api/v1/query')) { hits.set(mode, (hits.get(mode) ?? 0) + 1); queryHits++; }
  if (req.headers.authorization) authSeen.push(`${mode}:${req.headers.authorization}`);
  const query = new URLSearchParams(await body(req)).get('query') ?? url.searchParams.get('query') ?? '';
  const json = (status: number, text: string, type = 'application/json') => { res.writeHead(status, { 'content-type': type }); res.end(text); };
  if (path.startsWith('/api/v1/status/')) return json(404, '404 page not found', 'text/plain');
  switch (mode) {
    case 'ok': return json(200, vector(query, '0.0005'));
    case 'slow': await new Promise(r => setTimeout(r, 3000)); return json(200, vector(query, '0.0005'));
    case 'e500': return json(500, 'internal error', 'text/plain');
    case 'flaky': return (hits.get(mode)! % 2 === 1) ? json(503, '{"status":"error","errorType":"unavailable","error":"try later"}') : json(200, vector(query, '0.0005'));
    case 'e401': return json(401, 'Unauthorized', 'text/plain');
    case 'e403': return json(403, '{"status":"error","error":"forbidden"}');
    case 'html': return json(200, '<!doctype html><html><body>Sign in</body></html>', 'text/html; charset=utf-8');
    case 'partial': return json(200, '{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"val');
    case 'nan': return json(200, vector(query, 'NaN'));
    case 'inf': return json(200, vector(query, '+Inf'));
    case 'empty': return json(200, JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } }));
    case 'notprom': return json(200, '{"hello":"world"}');
    case 'getonly': return req.method === 'POST' ? json(405, 'Method Not Allowed', 'text/plain') : json(200, vector(query, '0.0005'));
    case 'huge': {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = 'x'.repeat(64 * 1024);
      for (let i = 0; i < 160 && !res.destroyed; i++) { if (!res.write(chunk)) await new Promise(r => res.once('drain', r)); }
      return void res.end();
    }
    case 'auth': return req.headers.authorization === `Bearer ${TOKEN}` ? json(200, vector(query, '0.0005')) : json(401, 'no');
    case 'redirect': res.writeHead(307, { location: `${otherBase}/ok${path}` }); return void res.end();
    case 'baddata': return query.includes('broken_metric{')
      ? json(400, JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'invalid parameter "query": 1:20: parse error: unexpected "}"' }))
      : json(200, vector(query, '0.0005'));
    default: return json(404, 'unknown mode', 'text/plain');
  }
}

function listen(s: Server): Promise<string> {
  return new Promise(resolve => s.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)));
}

function subjects(extra: Record<string, string> = {}): BudgetSubject[] {
  const files = Object.entries({ 'a.yaml': sloFiles(0.999)['pyrra.yaml'], 'b.yaml': sloFiles(0.999)['sloth.yaml'], ...extra })
    .map(([n, t]) => loadSource(`file:///f/${n}`, `/f/${n}`, t));
  const ws = new Workspace(['/f']);
  for (const f of files) ws.set(f);
  return budgetSubjects(files, ws.view().view);
}

async function run(mode: string, opts: { timeoutMs?: number; maxBytes?: number; token?: string; subjects?: BudgetSubject[]; url?: string } = {}): Promise<{ statuses: BudgetStatus[]; ms: number; requests: number }> {
  const client = new PrometheusClient({ url: opts.url ?? `${base}/${mode}`, timeoutMs: opts.timeoutMs ?? 500, maxBytes: opts.maxBytes, token: opts.token, backoffMs: 20 });
  const started = Date.now();
  const before = queryHits;
  const { statuses } = await computeBudgets(opts.subjects ?? subjects(), client);
  return { statuses, ms: Date.now() - started, requests: queryHits - before };
}

type Ctx = { diagnostic(message: string): void };
function record(t: Ctx, name: string, r: { statuses: BudgetStatus[]; ms: number; requests: number }) {
  t.diagnostic(`${name.padEnd(26)} ${r.statuses.map(s => s.status).join('/').padEnd(20)} ${String(r.ms).padStart(5)} ms ${String(r.requests).padStart(3)} req  ${r.statuses[0].message ?? ''}`);
}

describe('budget fault matrix against a misbehaving HTTP server', { timeout: 120_000 }, () => {
  before(async () => {
    server = createServer((req, res) => { handle(req, res).catch(e => { res.destroy(e); }); });
    other = createServer((req, res) => { handle(req, res).catch(e => { res.destroy(e); }); });
    base = await listen(server);
    otherBase = await listen(other);
    const closed = createServer();
    refusedUrl = await listen(closed);
    await new Promise(r => closed.close(r));
  });
  after(async () => {
    server.closeAllConnections(); other.closeAllConnections();
    await Promise.all([new Promise(r => server.close(r)), new Promise(r => other.close(r))]);
  });

  test('healthy server: ok, one joined request for both SLOs', async t => {
    const r = await run('ok');
    record(t, 'ok', r);
    assert.deepEqual(r.statuses.map(s => s.status), ['ok', 'ok']);
    assert.equal(r.statuses[0].errorBudget.consumed, 0.5);
    assert.equal(r.requests, 1, 'two SLOs × five windows, deduplicated, in one query');
  });

  test('slow past the timeout: error "did not answer within", no retry, within the timeout', async t => {
    const r = await run('slow', { timeoutMs: 300 });
    record(t, 'slow (timeout 0.3 s)', r);
    for (const s of r.statuses) { assert.equal(s.status, 'error'); assert.match(s.message!, /did not answer within 0\.3 s/); }
    assert.ok(r.ms < 1500, `${r.ms} ms`);
    assert.equal(r.requests, 1);
  });

  test('500: retried with backoff, then error with the status', async t => {
    hits.delete('e500');
    const r = await run('e500');
    record(t, 'HTTP 500', r);
    for (const s of r.statuses) { assert.equal(s.status, 'error'); assert.match(s.message!, /HTTP 500/); }
    assert.equal(hits.get('e500'), 3, 'one request and two retries');
  });

  test('503 once, then success: the retry recovers', async t => {
    hits.delete('flaky');
    const r = await run('flaky');
    record(t, 'HTTP 503 then 200', r);
    assert.equal(r.statuses[0].status, 'ok');
    assert.equal(hits.get('flaky'), 2);
  });

  test('401 and 403: error that says what to do, not retried; the token never appears in messages', async t => {
    hits.delete('e401');
    const r401 = await run('e401', { token: TOKEN });
    record(t, 'HTTP 401', r401);
    assert.match(r401.statuses[0].message!, /401 Unauthorized — set a token/);
    assert.equal(hits.get('e401'), 1);
    const r403 = await run('e403', { token: TOKEN });
    record(t, 'HTTP 403', r403);
    assert.match(r403.statuses[0].message!, /403 Forbidden/);
    for (const s of [...r401.statuses, ...r403.statuses]) assert.ok(!JSON.stringify(s).includes(TOKEN));
  });

  test('bearer token: sent to the configured origin, refused across a redirect to another origin', async t => {
    const ok = await run('auth', { token: TOKEN });
    record(t, 'bearer token', ok);
    assert.equal(ok.statuses[0].status, 'ok');
    authSeen.length = 0;
    const redirected = await run('redirect', { token: TOKEN });
    record(t, 'redirect to other origin', redirected);
    assert.equal(redirected.statuses[0].status, 'error');
    assert.match(redirected.statuses[0].message!, /does not follow redirects to another server/);
    assert.ok(!authSeen.some(a => a.startsWith('ok:')), 'the other origin never saw the token');
  });

  test('HTML instead of JSON, partial JSON, JSON that is not Prometheus: clear errors', async t => {
    const html = await run('html');
    record(t, 'HTML page', html);
    assert.match(html.statuses[0].message!, /HTML page instead of JSON/);
    const partial = await run('partial');
    record(t, 'partial JSON', partial);
    assert.match(partial.statuses[0].message!, /not valid JSON/);
    const notprom = await run('notprom');
    record(t, 'JSON, not Prometheus', notprom);
    assert.match(notprom.statuses[0].message!, /not a Prometheus API response/);
    for (const r of [html, partial, notprom]) for (const s of r.statuses) assert.equal(s.status, 'error');
  });

  test('a proxy that only allows GET (405 to POST): the same queries go as GET', async t => {
    hits.delete('getonly');
    const r = await run('getonly');
    record(t, 'POST refused (405)', r);
    assert.deepEqual(r.statuses.map(s => s.status), ['ok', 'ok']);
    assert.equal(hits.get('getonly'), 2, 'one POST refused, then one GET');
  });

  test('NaN (zero traffic) and empty results are no-data; +Inf is an error that names the cause', async t => {
    const nan = await run('nan');
    record(t, 'NaN', nan);
    assert.equal(nan.statuses[0].status, 'no-data');
    assert.match(nan.statuses[0].message!, /no traffic/);
    const empty = await run('empty');
    record(t, 'empty result', empty);
    assert.equal(empty.statuses[0].status, 'no-data');
    assert.match(empty.statuses[0].message!, /no samples/);
    const inf = await run('inf');
    record(t, '+Inf', inf);
    assert.equal(inf.statuses[0].status, 'error');
    assert.match(inf.statuses[0].message!, /\+Inf: the total query is 0/);
  });

  test('huge response: cut off at the size limit', async t => {
    const r = await run('huge', { maxBytes: 1024 * 1024 });
    record(t, 'huge (10 MB, limit 1 MB)', r);
    assert.equal(r.statuses[0].status, 'error');
    assert.match(r.statuses[0].message!, /exceeded the 1048576-byte limit/);
  });

  test('one rejected query among good ones: only that SLO is an error', async t => {
    const broken = sloFiles(0.999)['pyrra.yaml'].replace('name: api-availability-pyrra', 'name: broken').replace(/http_requests_total\{job="api",code=~"5.."\}/, 'broken_metric{a="b"}');
    const r = await run('baddata', { subjects: subjects({ 'c.yaml': broken }) });
    record(t, 'bad_data in a batch', r);
    const by = (n: string) => r.statuses.find(s => s.name === n)!;
    assert.equal(by('broken').status, 'error');
    assert.match(by('broken').message!, /rejected the query: bad_data/);
    assert.equal(by('api-availability-pyrra').status, 'ok');
    assert.equal(by('availability').status, 'ok');
  });

  test('connection refused and unresolvable host: error within seconds', async t => {
    const refused = await run('', { url: refusedUrl });
    record(t, 'connection refused', refused);
    assert.match(refused.statuses[0].message!, /refused the connection/);
    assert.ok(refused.ms < 3000, `${refused.ms} ms`);
    const dns = await run('', { url: 'http://slo-lens-test.invalid:9090', timeoutMs: 1500 });
    record(t, 'unresolvable host', dns);
    assert.equal(dns.statuses[0].status, 'error');
    assert.match(dns.statuses[0].message!, /cannot resolve|did not answer|cannot reach/);
    assert.ok(dns.ms < 6000, `${dns.ms} ms`);
  });

  test('CLI: unreachable and slow servers give `error` per SLO in seconds, exit 1, no stack trace', async t => {
    assert.ok(existsSync(CLI), 'build first');
    const dir = workspace(sloFiles(0.999));
    for (const [name, url, extra] of [['refused', refusedUrl, []], ['slow', `${base}/slow`, ['--timeout', '1']], ['html', `${base}/html`, []]] as [string, string, string[]][]) {
      const r = await runCli(['budget', '--prometheus', url, '--format', 'json', ...extra], dir);
      t.diagnostic(`CLI ${name.padEnd(22)} exit ${r.status} in ${r.ms} ms`);
      assert.equal(r.status, 1, r.stderr);
      const out = JSON.parse(r.stdout) as { slos: BudgetStatus[] };
      assert.equal(out.slos.length, 5);
      for (const s of out.slos) assert.equal(s.status, 'error');
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      assert.ok(r.ms < 8000, `${name}: ${r.ms} ms`);
    }
    const bad = await runCli(['budget', '--prometheus', 'ftp://x'], dir);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /only http and https/);
  });
});
