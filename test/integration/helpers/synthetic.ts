import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Synthetic request counters for one service, written as OpenMetrics for `promtool tsdb create-blocks-from
 * openmetrics`, plus the numbers a correct budget must show, computed from the same samples.
 *
 * Series `http_requests_total{job="api",code=…}`: 200 at ~1000–1059/min, 404 at 5/min, 500 at 1/min (3 every 100th
 * step), 503 at 200/min during a 3-hour incident 10 days before the end, and 503 at 40/min during the last 45
 * minutes (so the 1h burn differs from the 30d one).
 */

export interface Synthetic {
  start: number;
  end: number;
  step: number;
  /** Per series: labels and cumulative [t, value] samples. */
  series: { code: string; points: [number, number][] }[];
}

export function generate(end: number, days: number, step: number): Synthetic {
  const start = end - days * 86_400;
  const incident = end - 10 * 86_400;
  const perStep = step / 60;
  const rates: { code: string; perMin: (i: number, t: number) => number }[] = [
    { code: '200', perMin: i => 1000 + (i % 60) },
    { code: '404', perMin: () => 5 },
    { code: '500', perMin: i => (i % 100 === 0 ? 3 : 1) },
    { code: '503', perMin: (_i, t) => (t > incident && t <= incident + 3 * 3600 ? 200 : t > end - 45 * 60 ? 40 : 0) },
  ];
  const series = rates.map(r => ({ code: r.code, points: [] as [number, number][] }));
  const values = rates.map(() => 0);
  for (let t = start, i = 0; t <= end; t += step, i++) {
    rates.forEach((r, k) => {
      if (t > start) values[k] += r.perMin(i, t) * perStep;
      series[k].points.push([t, values[k]]);
    });
  }
  return { start, end, step, series };
}

/** Writes one OpenMetrics file per day (time-ordered, each with the header and `# EOF`); returns their paths. */
export function writeOpenMetrics(data: Synthetic, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const header = '# HELP http_requests Total HTTP requests.\n# TYPE http_requests counter\n';
  const byDay = new Map<number, string[]>();
  const n = data.series[0].points.length;
  for (let i = 0; i < n; i++) {
    const t = data.series[0].points[i][0];
    const day = Math.floor(t / 86_400);
    let lines = byDay.get(day);
    if (!lines) byDay.set(day, lines = []);
    for (const s of data.series) lines.push(`http_requests_total{job="api",code="${s.code}"} ${s.points[i][1]} ${t}`);
  }
  const files: string[] = [];
  for (const [day, lines] of byDay) {
    const f = join(dir, `${day}.om`);
    writeFileSync(f, header + lines.join('\n') + '\n# EOF\n');
    files.push(f);
  }
  return files;
}

/**
 * The error ratio (5xx / all) over (q − w, q] straight from the samples: the counters' increase between the last
 * sample at or before q − w and the last sample at or before q. This is what the data says, independent of how
 * Prometheus extrapolates `increase()` at the range edges.
 */
export function trueErrorRatio(data: Synthetic, q: number, windowSec: number): number {
  let bad = 0, total = 0;
  for (const s of data.series) {
    const at = (t: number) => { let v = 0; for (const [pt, pv] of s.points) { if (pt <= t) v = pv; else break; } return v; };
    const inc = at(q) - at(q - windowSec);
    total += inc;
    if (s.code.startsWith('5')) bad += inc;
  }
  return total > 0 ? bad / total : NaN;
}

/** The same ratio as Prometheus 2.x `increase()` computes it (extrapolation and the zero clamp), for reference. */
export function prometheusErrorRatio(data: Synthetic, q: number, windowSec: number): number {
  let bad = 0, total = 0;
  const rs = q - windowSec;
  for (const s of data.series) {
    const pts = s.points.filter(([t]) => t >= rs && t <= q);
    if (pts.length < 2) continue;
    const [t0, v0] = pts[0], [t1, v1] = pts[pts.length - 1];
    const result = v1 - v0;
    const sampled = t1 - t0, avg = sampled / (pts.length - 1), thr = avg * 1.1;
    let toStart = t0 - rs; const toEnd = q - t1;
    if (result > 0 && v0 >= 0) { const toZero = sampled * (v0 / result); if (toZero < toStart) toStart = toZero; }
    const ext = sampled + (toStart < thr ? toStart : avg / 2) + (toEnd < thr ? toEnd : avg / 2);
    const inc = result * (ext / sampled);
    total += inc;
    if (s.code.startsWith('5')) bad += inc;
  }
  return total > 0 ? bad / total : NaN;
}
