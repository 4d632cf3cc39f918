/**
 * A small client for the Prometheus HTTP API (`/api/v1/query`, `/api/v1/query_range`, the status endpoints), which
 * Thanos, Mimir and VictoriaMetrics speak too. Built on Node's fetch. Every failure becomes a PromError whose message
 * says what happened and what to do; nothing is thrown raw, nothing hangs past the timeout.
 *
 * The bearer token is bound to the server's origin: requests only go to the configured URL, and a redirect to
 * another origin is refused rather than followed (so the token never travels there). The token is never part of an
 * error message.
 */

export type PromErrorKind =
  | 'bad-url' | 'refused' | 'dns' | 'timeout' | 'network' | 'tls' | 'redirect' | 'unauthorized' | 'forbidden'
  | 'not-found' | 'server' | 'http' | 'html' | 'invalid-json' | 'too-large' | 'bad-response' | 'query' | 'aborted';

/** Kinds that say the server (not one query) is unusable: no point in sending the other queries of a refresh. */
const SERVER_LEVEL: ReadonlySet<PromErrorKind> = new Set<PromErrorKind>([
  'bad-url', 'refused', 'dns', 'timeout', 'network', 'tls', 'redirect', 'unauthorized', 'forbidden', 'not-found',
  'server', 'http', 'html', 'invalid-json', 'too-large', 'bad-response', 'aborted',
]);

export class PromError extends Error {
  constructor(readonly kind: PromErrorKind, message: string, readonly status?: number) { super(message); this.name = 'PromError'; }
  /** The server as a whole failed (vs. Prometheus rejecting one query). */
  get serverLevel(): boolean { return SERVER_LEVEL.has(this.kind); }
}

export interface PromClientOptions {
  /** Base URL of the API, e.g. http://localhost:9090 or https://host/prometheus (the `/api/v1/…` paths are added). */
  url: string;
  /** Bearer token, sent only to `url`'s origin. */
  token?: string;
  /** Per request, including reading the body. */
  timeoutMs?: number;
  /** Extra attempts after a transient failure (5xx, 429, connection reset/refused). */
  retries?: number;
  /** First backoff; doubles each attempt (with jitter), capped at 2 s. */
  backoffMs?: number;
  /** Largest response body accepted. */
  maxBytes?: number;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

export interface Sample { labels: Record<string, string>; value: number }
export interface Series { labels: Record<string, string>; points: [number, number][] }
export interface PromResult<T> { data: T; warnings: string[] }

/** Prometheus sample values are strings; NaN and ±Inf are spelled `NaN`, `+Inf`, `-Inf`. */
export function parseSampleValue(s: unknown): number {
  if (typeof s === 'number') return s;
  if (typeof s !== 'string') return NaN;
  if (s === '+Inf' || s === 'Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  const n = Number(s);
  return s.trim() === '' ? NaN : n;
}

/** Prometheus durations in status output (`15d`, `90d`, `1y`, `2w3d`), in ms; undefined if none. */
function parseRetention(text: string): number | undefined {
  const m = /(?:^|\s)((?:[0-9]+(?:ms|s|m|h|d|w|y))+)(?:\s|$)/.exec(text);
  if (!m) return undefined;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };
  let total = 0;
  for (const p of m[1].matchAll(/([0-9]+)(ms|s|m|h|d|w|y)/g)) total += Number(p[1]) * unit[p[2]];
  return total > 0 ? total : undefined;
}

const sleep = (ms: number) => new Promise<void>(r => setTimeout(r, ms));

export class PrometheusClient {
  readonly base: URL;
  readonly origin: string;
  private readonly token?: string;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly maxBytes: number;
  private readonly fetchFn: typeof fetch;
  private retention?: Promise<number | undefined>;
  private getOnly = false;
  /** Requests sent (including retries), for tests and the refresh log. */
  requests = 0;

  constructor(opts: PromClientOptions) {
    let base: URL;
    try { base = new URL(opts.url.trim()); } catch { throw new PromError('bad-url', `\`${opts.url}\` is not a URL; write e.g. http://localhost:9090`); }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new PromError('bad-url', `\`${opts.url}\`: only http and https Prometheus URLs are supported`);
    if (base.username || base.password) throw new PromError('bad-url', 'put credentials in the token (SLO Lens: Set Prometheus Token), not in the URL');
    base.search = ''; base.hash = '';
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    this.base = base;
    this.origin = base.origin;
    this.token = opts.token || undefined;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.retries = opts.retries ?? 2;
    this.backoffMs = opts.backoffMs ?? 250;
    this.maxBytes = opts.maxBytes ?? 32 * 1024 * 1024;
    this.fetchFn = opts.fetch ?? fetch;
  }

  /** Instant query at `time` (unix seconds; server's now when omitted). */
  async query(expr: string, time?: number, signal?: AbortSignal): Promise<PromResult<Sample[]>> {
    const params = new URLSearchParams({ query: expr });
    if (time !== undefined) params.set('time', String(time));
    const body = await this.post('api/v1/query', params, signal);
    const data = body.data as { resultType?: unknown; result?: unknown };
    if (data.resultType === 'scalar') {
      const v = data.result as unknown[];
      return { data: [{ labels: {}, value: parseSampleValue(v?.[1]) }], warnings: body.warnings };
    }
    if (data.resultType !== 'vector' || !Array.isArray(data.result)) throw new PromError('bad-response', `expected a vector result from /api/v1/query, got \`${String(data.resultType)}\``);
    return {
      data: data.result.map((r: { metric?: Record<string, string>; value?: unknown[] }) => ({ labels: r.metric ?? {}, value: parseSampleValue(r.value?.[1]) })),
      warnings: body.warnings,
    };
  }

  /** Range query over [start, end] (unix seconds) every `step` seconds. */
  async queryRange(expr: string, start: number, end: number, step: number, signal?: AbortSignal): Promise<PromResult<Series[]>> {
    const params = new URLSearchParams({ query: expr, start: String(start), end: String(end), step: String(step) });
    const body = await this.post('api/v1/query_range', params, signal);
    const data = body.data as { resultType?: unknown; result?: unknown };
    if (data.resultType !== 'matrix' || !Array.isArray(data.result)) throw new PromError('bad-response', `expected a matrix result from /api/v1/query_range, got \`${String(data.resultType)}\``);
    return {
      data: data.result.map((r: { metric?: Record<string, string>; values?: unknown[][] }) => ({
        labels: r.metric ?? {},
        points: (r.values ?? []).map(v => [Number(v[0]), parseSampleValue(v[1])] as [number, number]),
      })),
      warnings: body.warnings,
    };
  }

  /**
   * The server's time-based retention (Prometheus `/api/v1/status/runtimeinfo` `storageRetention`, else the
   * `storage.tsdb.retention.time` flag). Undefined when the server does not say (Thanos, Mimir); never throws.
   */
  retentionMs(): Promise<number | undefined> {
    this.retention ??= (async () => {
      try {
        const info = await this.get('api/v1/status/runtimeinfo');
        const r = (info.data as { storageRetention?: unknown }).storageRetention;
        if (typeof r === 'string') { const ms = parseRetention(r); if (ms) return ms; }
      } catch { /* not Prometheus, or older: try the flags */ }
      try {
        const flags = await this.get('api/v1/status/flags');
        const f = flags.data as Record<string, unknown>;
        const t = f['storage.tsdb.retention.time'] ?? f['storage.tsdb.retention'];
        if (typeof t === 'string') return parseRetention(t) ?? (t === '0s' ? 15 * 86_400_000 : undefined);
      } catch { /* unknown */ }
      return undefined;
    })();
    return this.retention;
  }

  /** POST (long queries fit); a proxy that allows only GET (405) gets the same query as a GET, from then on. */
  private async post(path: string, params: URLSearchParams, signal?: AbortSignal) {
    if (!this.getOnly) {
      try {
        return await this.request(path, { method: 'POST', body: params.toString(), contentType: 'application/x-www-form-urlencoded' }, signal);
      } catch (e) {
        if (!(e instanceof PromError && e.status === 405)) throw e;
        this.getOnly = true;
      }
    }
    return this.request(`${path}?${params.toString()}`, { method: 'GET' }, signal);
  }

  private get(path: string, signal?: AbortSignal) {
    return this.request(path, { method: 'GET' }, signal);
  }

  private async request(path: string, init: { method: string; body?: string; contentType?: string }, signal?: AbortSignal): Promise<{ data: unknown; warnings: string[] }> {
    let attempt = 0;
    for (;;) {
      try {
        return await this.once(new URL(path, this.base), init, signal);
      } catch (e) {
        const err = e instanceof PromError ? e : new PromError('network', String(e));
        const transient = err.kind === 'server' || err.kind === 'refused' || (err.kind === 'network' && !signal?.aborted);
        if (!transient || attempt >= this.retries || signal?.aborted) throw err;
        const delay = Math.min(2000, this.backoffMs * 2 ** attempt) * (0.75 + Math.random() * 0.5);
        attempt++;
        await sleep(delay);
      }
    }
  }

  private async once(url: URL, init: { method: string; body?: string; contentType?: string }, outer?: AbortSignal): Promise<{ data: unknown; warnings: string[] }> {
    const ctl = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; ctl.abort(); }, this.timeoutMs);
    const onOuter = () => ctl.abort();
    outer?.addEventListener('abort', onOuter);
    this.requests++;
    try {
      let target = url;
      for (let hop = 0; ; hop++) {
        const headers: Record<string, string> = { Accept: 'application/json' };
        if (init.contentType) headers['Content-Type'] = init.contentType;
        if (this.token && target.origin === this.origin) headers.Authorization = `Bearer ${this.token}`;
        const res = await this.fetchFn(target, { method: init.method, body: init.body, headers, redirect: 'manual', signal: ctl.signal });
        if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
          const next = new URL(res.headers.get('location')!, target);
          await res.body?.cancel().catch(() => undefined);
          if (next.origin !== this.origin) throw new PromError('redirect', `${this.origin} redirected to ${next.origin}; SLO Lens does not follow redirects to another server (the token stays with the configured one). Set the Prometheus URL to the final address`);
          if (hop >= 3) throw new PromError('redirect', `${url.pathname}: too many redirects`);
          target = next;
          if (res.status === 303 || ((res.status === 301 || res.status === 302) && init.method === 'POST')) {
            // A POST redirected with 301/302/303 would become a GET without the query: say so instead of silently failing.
            throw new PromError('redirect', `${this.origin} redirected ${url.pathname} to ${next.pathname}; set the Prometheus URL to the final address`);
          }
          continue;
        }
        return await this.readBody(res, url);
      }
    } catch (e) {
      if (e instanceof PromError) throw e;
      if (timedOut) throw new PromError('timeout', `${this.origin} did not answer within ${(this.timeoutMs / 1000).toFixed(1)} s`);
      if (outer?.aborted) throw new PromError('aborted', 'the request was cancelled');
      throw this.networkError(e);
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuter);
    }
  }

  private networkError(e: unknown): PromError {
    const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
    const code = cause?.code ?? (e as { code?: string })?.code ?? '';
    const host = this.base.host;
    if (code === 'ECONNREFUSED') return new PromError('refused', `${host} refused the connection: is Prometheus running on that port?`);
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return new PromError('dns', `cannot resolve ${this.base.hostname}: check the Prometheus URL`);
    if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') return new PromError('timeout', `connecting to ${host} timed out`);
    if (/CERT|SSL|TLS|self.signed/i.test(code + ' ' + (cause?.message ?? ''))) return new PromError('tls', `TLS error talking to ${host}: ${cause?.message ?? code}`);
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return new PromError('network', `${host} closed the connection (${code})`);
    return new PromError('network', `cannot reach ${host}: ${cause?.message ?? (e as Error)?.message ?? String(e)}`);
  }

  private async readBody(res: Response, url: URL): Promise<{ data: unknown; warnings: string[] }> {
    const text = await this.readText(res);
    const type = res.headers.get('content-type') ?? '';
    const where = `${this.origin}${url.pathname}`;
    const looksHtml = /html/i.test(type) || /^\s*</.test(text);
    if (res.status === 401) return Promise.reject(new PromError('unauthorized', `${where}: 401 Unauthorized — set a token with "SLO Lens: Set Prometheus Token"`, 401));
    if (res.status === 403) return Promise.reject(new PromError('forbidden', `${where}: 403 Forbidden — the token is not allowed to query this server`, 403));
    if (res.status === 404) return Promise.reject(new PromError('not-found', `${where}: 404 Not Found — no Prometheus API here; check the URL (a path prefix such as /prometheus?)`, 404));
    let body: { status?: unknown; data?: unknown; errorType?: unknown; error?: unknown; warnings?: unknown } | undefined;
    if (!looksHtml && text.trim() !== '') {
      try { body = JSON.parse(text); } catch {
        if (res.status >= 500 || res.status === 429) throw new PromError('server', `${where}: HTTP ${res.status}`, res.status);
        if (res.status < 200 || res.status >= 300) throw new PromError('http', `${where}: HTTP ${res.status} ${text.trim().slice(0, 80)}`, res.status);
        throw new PromError('invalid-json', `${where}: the response is not valid JSON (truncated after ${text.length} bytes?)`, res.status);
      }
    }
    // Prometheus answers query errors with 400 (bad_data) or 422 (execution) and a JSON body: that is one query's fault.
    if (body && body.status === 'error') {
      const msg = `${String(body.errorType ?? 'error')}: ${String(body.error ?? 'unknown error')}`;
      if (res.status === 400 || res.status === 422 || (res.status >= 200 && res.status < 300)) throw new PromError('query', `Prometheus rejected the query: ${msg}`, res.status);
      if (res.status >= 500 || res.status === 429) throw new PromError('server', `${where}: HTTP ${res.status}, ${msg}`, res.status);
      throw new PromError('http', `${where}: HTTP ${res.status}, ${msg}`, res.status);
    }
    if (res.status >= 500 || res.status === 429) throw new PromError('server', `${where}: HTTP ${res.status}${looksHtml ? ' (an HTML error page)' : ''}`, res.status);
    if (res.status < 200 || res.status >= 300) throw new PromError('http', `${where}: HTTP ${res.status}`, res.status);
    if (looksHtml) throw new PromError('html', `${where}: got an HTML page instead of JSON — is the URL the Prometheus API (not a login page or the web UI)?`, res.status);
    if (!body) throw new PromError('invalid-json', `${where}: empty response`, res.status);
    if (body.status !== 'success' || typeof body.data !== 'object' || body.data === null) throw new PromError('bad-response', `${where}: not a Prometheus API response (no \`status: success\` with \`data\`)`, res.status);
    const warnings = Array.isArray(body.warnings) ? body.warnings.map(String) : [];
    return { data: body.data, warnings };
  }

  /** Reads the body up to maxBytes, so a runaway response cannot exhaust memory. */
  private async readText(res: Response): Promise<string> {
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (declared > this.maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw new PromError('too-large', `the response is ${declared} bytes, more than the ${this.maxBytes}-byte limit`);
    }
    if (!res.body) return '';
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > this.maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new PromError('too-large', `the response exceeded the ${this.maxBytes}-byte limit`);
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
}
