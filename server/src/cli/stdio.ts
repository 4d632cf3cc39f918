import { fstatSync, writeSync } from 'node:fs';

/**
 * Output for the CLI without `process.stdout`/`process.stderr`: creating either loads Node's stream modules (and `tty`
 * loads `net`), ~10 ms of a cold `slo-lens check` that prints one report (docs/BENCHMARKS.md). Text goes to the file
 * descriptor with writeSync; if the descriptor is a non-blocking pipe that is full (EAGAIN), the rest — and everything
 * written to that descriptor after it, to keep the order — goes through the stream after all, which Node flushes
 * before the process exits. A reader that went away (EPIPE, `| head`) ends the output quietly, as it does for other
 * command-line tools.
 */
export function writeFd(fd: 1 | 2, text: string): void {
  const stream = () => fd === 1 ? process.stdout : process.stderr;
  // Windows consoles want the stream (it converts to UTF-16); raw bytes would garble `×` and `→` there.
  if (process.platform === 'win32' || streamed.has(fd)) { stream().write(text); return; }
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return;
      if (code !== 'EAGAIN') throw e;
      streamed.add(fd);
      stream().write(buf.subarray(off));
      return;
    }
  }
}
/** Descriptors that fell back to their stream (see writeFd). */
const streamed = new Set<number>();

/**
 * Whether a descriptor is a terminal (for colour). Pipes, files and sockets are answered from fstat; only a character
 * device (a terminal, or /dev/null) asks `tty`, which costs its module load.
 */
export function isTerminal(fd: 1 | 2): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return (require('node:tty') as typeof import('node:tty')).isatty(fd);
}
