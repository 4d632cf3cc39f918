import { Engine } from '../engine/engine';
import { defaultConfig } from '../engine/config';
import { loadSource, languageOf, type SourceFile } from '../engine/source';
import { warmupFiles } from '../engine/warmup';
import { toDiagnostic } from './convert';
import { URI } from './uri';

/**
 * Checks a made-up workspace of every format (engine/warmup.ts) in a throwaway engine while the server is idle after
 * start, so that V8 has compiled and optimised the parser, the PromQL grammar and the rules before the user opens a
 * big file: open → diagnostics of a 13k-line rules file in a fresh server, median of 9: see docs/BENCHMARKS.md.
 *
 * One file per step, and a step only when nothing real is waiting (`busy`): a document opened meanwhile is checked
 * first and waits for one step at most. Nothing is published, nothing touches the disk; the engine is dropped at the
 * end. A server whose initial workspace scan already checked many files is warm and skips it.
 */
export interface Warmup { readonly running: boolean }

/** Rounds over the files, each with other names (a round costs ≈ 60–120 ms of CPU cold, less once warm). */
const ROUNDS = 3;
/** Checks made by the workspace scan after which the server counts as warm already. */
const WARM_AFTER_CHECKS = 200;
const ROOT = '/slo-lens-warmup';

export function startWarmup(opts: { checks: () => number; busy: () => boolean; onError: (e: unknown) => void; onDone?: (ms: number) => void }): Warmup {
  const state = { running: true };
  if (process.env.SLO_LENS_NO_WARMUP) { state.running = false; return state; }
  const engine = new Engine(defaultConfig(), [ROOT]);
  const steps: (() => void)[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const files = warmupFiles(ROOT, round);
    const loaded: SourceFile[] = [];
    for (const f of files) {
      steps.push(() => {
        const file = loadSource(URI.file(f.path), f.path, f.text, 1, { language: languageOf(f.path) ?? undefined });
        loaded.push(file);
        engine.update(file);
      });
    }
    for (const f of files) steps.push(() => check(engine, URI.file(f.path)));
    steps.push(() => { for (const f of loaded) engine.remove(f.uri); });
  }
  let cpu = 0;
  let started = false;
  const next = () => {
    if (opts.busy()) { setTimeout(next, 20); return; }
    // Decided once the work queued at start is done: the checks of a scanned workspace warm the server as well.
    if (!started) { started = true; if (opts.checks() >= WARM_AFTER_CHECKS) steps.length = 0; }
    const step = steps.shift();
    if (!step) { state.running = false; if (cpu > 0) opts.onDone?.(cpu); return; }
    const t = performance.now();
    try { step(); } catch (e) { state.running = false; opts.onError(e); return; }
    cpu += performance.now() - t;
    setImmediate(next);
  };
  setImmediate(next);
  return state;
}

/** A check as the server makes one: findings, then the diagnostics they would be published as. */
function check(engine: Engine, uri: string): void {
  const file = engine.workspace.get(uri);
  if (!file) return;
  const findings = engine.findings(uri);
  findings.forEach((f, i) => toDiagnostic(file, f, i));
}
