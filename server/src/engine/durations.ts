/** Durations as SLO tools write them. All results in milliseconds; undefined when the text is not a duration. */

const MS: Record<string, number> = {
  ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000,
};

/** Prometheus duration (`1h30m`, `5m`, `30d`, `1y`; no months). */
export function parsePromDuration(text: string): number | undefined {
  const t = text.trim();
  if (!/^([0-9]+(ms|s|m|h|d|w|y))+$/.test(t)) return undefined;
  let total = 0;
  for (const m of t.matchAll(/([0-9]+)(ms|s|m|h|d|w|y)/g)) total += Number(m[1]) * MS[m[2]];
  return total;
}

/** OpenSLO v1 duration shorthand: one number and one unit of m h d w M Q Y (case-sensitive: `m` minutes, `M` months). */
export function parseOpenSloDuration(text: string): number | undefined {
  const m = /^([0-9]+)([mhdwMQY])$/.exec(text.trim());
  if (!m) return undefined;
  const unit: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, M: 30 * 86_400_000, Q: 90 * 86_400_000, Y: 365 * 86_400_000 };
  return Number(m[1]) * unit[m[2]];
}

/** Go's time.ParseDuration (`1h0m0s`, `1.5h`, `300ms`), used by Prometheus `for:` fields in some tools. */
export function parseGoDuration(text: string): number | undefined {
  const t = text.trim();
  if (!/^([0-9]*\.?[0-9]+(ns|us|µs|ms|s|m|h))+$/.test(t)) return undefined;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  for (const m of t.matchAll(/([0-9]*\.?[0-9]+)(ns|us|µs|ms|s|m|h)/g)) total += Number(m[1]) * unit[m[2]];
  return total;
}

/**
 * A human duration: `43m 12s`, `7h 12m`, `2d 4h`, `26s`, `864ms`. Two most significant units, so a status bar or a
 * message stays short; sub-second only when the whole value is below a second.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return ms > 0 ? '∞' : '-∞';
  if (ms < 0) return '-' + formatDuration(-ms);
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const units: [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]];
  const rest = Math.round(ms / 1000) * 1000;
  const first = units.findIndex(([, size]) => rest >= size);
  const parts: string[] = [];
  for (const [u, size] of units.slice(first, first + 2)) {
    const n = Math.floor((rest % (units[units.findIndex(x => x[0] === u) - 1]?.[1] ?? Infinity)) / size);
    if (n > 0) parts.push(`${n}${u}`);
  }
  return parts.join(' ') || '0s';
}

/** A compact Prometheus duration for a window, e.g. 2592000000 → `30d`, 5400000 → `1h30m`. */
export function toPromDuration(ms: number): string {
  if (ms <= 0) return '0s';
  let rest = Math.round(ms);
  let out = '';
  for (const [u, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as [string, number][]) {
    if (rest >= size) { out += `${Math.floor(rest / size)}${u}`; rest %= size; }
  }
  return out;
}
