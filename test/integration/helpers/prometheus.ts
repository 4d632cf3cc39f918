import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generate, writeOpenMetrics, type Synthetic } from './synthetic';

/**
 * Debian's Prometheus on 127.0.0.1 with backfilled synthetic counters (reference/offline-testing.md section C):
 * provisioned through scripts/provision.mjs when missing (a failure to provision fails the suite, never skips it),
 * backfilled with promtool before start, retention well above the data's age, stopped by PID.
 */

export interface RunningPrometheus { url: string; data: Synthetic; queryTime: number; dir: string; stop(): Promise<void>; timings: Record<string, number> }

function which(name: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** prometheus and promtool binaries, installing the Debian package when they are missing. */
export async function ensurePrometheus(): Promise<{ prometheus: string; promtool: string }> {
  if (!which('prometheus') || !which('promtool')) {
    const provision = await import(pathToFileURL(join(__dirname, '..', '..', '..', 'scripts', 'provision.mjs')).href) as { ensureDebianPackages(p: string[]): void };
    provision.ensureDebianPackages(['prometheus']);
  }
  const prometheus = which('prometheus');
  const promtool = which('promtool');
  if (!prometheus || !promtool) throw new Error('prometheus/promtool still missing after provisioning the Debian package');
  return { prometheus, promtool };
}

async function runParallel(cmds: string[][], limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < cmds.length) {
      const [cmd, ...args] = cmds[next++];
      await new Promise<void>((resolve, reject) => {
        const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        p.stderr.on('data', d => { err += d; });
        p.on('error', reject);
        p.on('exit', code => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err.slice(-2000)}`))));
      });
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

export async function startPrometheus(opts: { days?: number; step?: number } = {}): Promise<RunningPrometheus> {
  const timings: Record<string, number> = {};
  let t = Date.now();
  const { prometheus, promtool } = await ensurePrometheus();
  timings.provision = Date.now() - t;
  const dir = mkdtempSync(join(tmpdir(), 'slo-lens-prom-'));
  // Data ends an hour ago (minute-aligned): recent enough for any retention, old enough to be a finished past.
  const end = Math.floor(Date.now() / 3_600_000) * 3600 - 3600;
  t = Date.now();
  const data = generate(end, opts.days ?? 31, opts.step ?? 60);
  const parts = writeOpenMetrics(data, join(dir, 'parts'));
  timings.generate = Date.now() - t;
  t = Date.now();
  const tsdb = join(dir, 'data');
  mkdirSync(tsdb);
  await runParallel(parts.map(p => [promtool, 'tsdb', 'create-blocks-from', 'openmetrics', '-q', p, tsdb]), 2);
  timings.backfill = Date.now() - t;
  rmSync(join(dir, 'parts'), { recursive: true, force: true });
  writeFileSync(join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 15s\n  evaluation_interval: 15s\nscrape_configs: []\n');
  let child: ChildProcess | undefined;
  let url = '';
  t = Date.now();
  for (let attempt = 0; attempt < 5 && !url; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 10000);
    const log = join(dir, `prom-${port}.log`);
    child = spawn(prometheus, [
      `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${tsdb}`, '--storage.tsdb.retention.time=400d',
      `--web.listen-address=127.0.0.1:${port}`,
    ], { stdio: ['ignore', 'ignore', 'pipe'], detached: false });
    let out = '';
    child.stderr!.on('data', d => { out += d; });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) break;
      try { const r = await fetch(`http://127.0.0.1:${port}/-/ready`); if (r.ok) { url = `http://127.0.0.1:${port}`; break; } } catch { /* not yet */ }
      await new Promise(r => setTimeout(r, 100));
    }
    if (!url) { child.kill('SIGKILL'); writeFileSync(log, out); }
  }
  if (!url || !child) throw new Error(`prometheus did not become ready; logs in ${dir}: ${existsSync(dir) ? readLogs(dir) : ''}`);
  timings.start = Date.now() - t;
  const proc = child;
  // However the test process ends, Prometheus ends with it.
  const killOnExit = () => { if (proc.exitCode === null) proc.kill('SIGKILL'); };
  process.once('exit', killOnExit);
  return {
    url, data, dir, timings,
    // Not aligned to a sample (Prometheus 2.x and 3.x treat range edges differently), 30 s after the last one.
    queryTime: end + 30,
    stop: async () => {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await Promise.race([new Promise(r => proc.once('exit', r)), new Promise(r => setTimeout(r, 5000))]);
        if (proc.exitCode === null) proc.kill('SIGKILL');
      }
      process.removeListener('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function readLogs(dir: string): string {
  try { return spawnSync('sh', ['-c', `tail -n 20 ${dir}/prom-*.log`], { encoding: 'utf8' }).stdout; } catch { return ''; }
}

