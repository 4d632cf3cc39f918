// Child processes the e2e suites start: each in its own process group (detached = setsid), stopped by group, and
// stopped on every way out of the test process (end, failure, timeout, Ctrl-C) so nothing is left running.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

const groups = new Set();

function killGroup(pid, signal) {
  try { process.kill(-pid, signal); return true; } catch { return false; }
}

process.on('exit', () => { for (const pid of groups) killGroup(pid, 'SIGKILL'); });
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => { for (const pid of groups) killGroup(pid, 'SIGKILL'); process.exit(130); });

/**
 * Starts `cmd` as the leader of a new session and process group. Output goes to `logStream`.
 * @returns {{ child: import('node:child_process').ChildProcess, stop: () => Promise<void> }}
 */
export function startGroup(cmd, args, { env, cwd, logStream } = {}) {
  const child = spawn(cmd, args, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  groups.add(child.pid);
  if (logStream) { child.stdout.pipe(logStream, { end: false }); child.stderr.pipe(logStream, { end: false }); }
  else { child.stdout.resume(); child.stderr.resume(); }
  const exited = new Promise(resolve => child.once('exit', resolve));
  const stop = async () => {
    if (!groups.has(child.pid)) return;
    killGroup(child.pid, 'SIGTERM');
    const t = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 3000);
    await exited;
    // The leader may be gone while children (extension hosts, language servers) still wind down: wait for the group.
    for (let i = 0; i < 50 && killGroup(child.pid, 0); i++) await new Promise(r => setTimeout(r, 100));
    killGroup(child.pid, 'SIGKILL');
    clearTimeout(t);
    groups.delete(child.pid);
  };
  return { child, stop, exited };
}

/** True when any process of the group still exists. */
export function groupAlive(pid) {
  return killGroup(pid, 0);
}

/** A free TCP port on 127.0.0.1, from the kernel (port 0). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

export async function waitForHttp(url, timeoutMs, isAlive = () => true) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`the server exited before ${url} answered`);
    try { const r = await fetch(url); if (r.ok) return; last = `HTTP ${r.status}`; } catch (e) { last = e.message; }
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms (${last})`);
}
