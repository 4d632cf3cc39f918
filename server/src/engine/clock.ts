/**
 * Milliseconds from an arbitrary origin, for timing rules. `performance.now()` would do, but the first use of the
 * `performance` global loads Node's perf_hooks modules: ~3 ms of a cold `slo-lens check` (docs/BENCHMARKS.md).
 */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
