// Figures → table. Medians and 95th percentiles, ratios against the goals of issue 7, and the machine they ran on.
import { cpus, totalmem } from 'node:os';

export function median(xs) {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Nearest-rank 95th percentile. */
export function p95(xs) {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)] : NaN;
}

export function machine() {
  const c = cpus();
  return { nproc: c.length, cpu: (c[0]?.model ?? 'unknown').trim(), ramGiB: totalmem() / 1024 ** 3, date: new Date().toISOString().slice(0, 10) };
}

const ms = v => Number.isFinite(v) ? (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`) : '—';
const mib = v => Number.isFinite(v) ? `${Math.round(v)} MiB` : '—';
const ratio = (a, b) => Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN;

/**
 * Builds the rows. Each row: what, ours, theirs, ratio (ours / theirs), goal, verdict. A goal is either a ratio
 * (`≤ 0.25×`) or an absolute limit; rows without a goal are context.
 */
export function rows(r) {
  const out = [];
  const add = (what, ours, theirs, fmt, goal) => {
    const q = ratio(ours, theirs);
    let ok = '';
    if (goal?.ratio !== undefined) ok = Number.isFinite(q) ? (q <= goal.ratio ? 'yes' : 'NO') : 'n/a';
    else if (goal?.max !== undefined) ok = Number.isFinite(ours) ? (ours <= goal.max ? 'yes' : 'NO') : 'n/a';
    out.push([what, fmt(ours), fmt(theirs), Number.isFinite(q) ? `${q.toFixed(2)}×` : '', goal?.text ?? '', ok]);
  };
  add('open → diagnostics (fresh server, median)', median(r.freshOpen.ours), median(r.freshOpen.yamlLs), ms, { ratio: 0.5, text: '≤ 0.5× yaml-ls' });
  add('open → diagnostics (fresh server, opened at once)', median(r.freshAtOnce ?? []), NaN, ms);
  add('open → diagnostics (warm server)', r.ours.warmOpenMs, r.yamlLs?.warmOpenMs, ms);
  add('edit → diagnostics (median)', median(r.ours.editMs), median(r.yamlLs?.editMs ?? []), ms, { ratio: 0.25, text: '≤ 0.25× yaml-ls' });
  add('edit → diagnostics (p95)', p95(r.ours.editMs), p95(r.yamlLs?.editMs ?? []), ms);
  add('memory after edits (RSS)', r.ours.rss, r.yamlLs?.rss, mib, { ratio: 1, text: 'no higher than yaml-ls' });
  add('check (median wall)', median(r.check.ours), median(r.check.promtool), ms, { ratio: 0.5, text: '≤ 0.5× promtool' });
  add(`workspace ${r.ws.files} files: index + all diagnostics`, r.ws.readyMs, NaN, ms, { max: r.ws.goalMs, text: `≤ ${ms(r.ws.goalMs)}` });
  add(`workspace ${r.ws.files} files: RSS when idle`, r.ws.rss, NaN, mib, { max: 500, text: '≤ 500 MiB' });
  add('workspace: edit → dependents re-checked', r.ws.editMs, NaN, ms);
  out.push(['workspace: files re-checked by one edit', `${r.ws.rechecked} of ${r.ws.files}`, '', '', `dependents only (${r.ws.expectedRecheck})`,
    r.ws.rechecked <= r.ws.expectedRecheck ? 'yes' : 'NO']);
  add('server start → first diagnostics (median)', median(r.start.ours), median(r.start.yamlLs ?? []), ms, { max: 300, text: '≤ 300 ms' });
  return out;
}

export function table(header, body) {
  const all = [header, ...body];
  const w = header.map((_, i) => Math.max(...all.map(r => String(r[i]).length)));
  const line = r => '| ' + r.map((c, i) => String(c).padEnd(w[i])).join(' | ') + ' |';
  return [line(header), '|' + w.map(n => '-'.repeat(n + 2)).join('|') + '|', ...body.map(line)].join('\n');
}

export function render(r) {
  const m = r.machine;
  const head = [
    `SLO Lens benchmark${r.smoke ? ' (smoke: small inputs, figures are not meaningful)' : ''}`,
    `date ${m.date}; ${m.nproc} × ${m.cpu}; ${m.ramGiB.toFixed(1)} GiB RAM; node ${r.nodeVersion} for both servers; ${r.yamlLsVersion ? `yaml-language-server ${r.yamlLsVersion}` : 'yaml-language-server not available'}; ${r.promtoolVersion ?? 'promtool not available'}`,
    `inputs: rules file ${r.rulesLines} lines, ${r.alerts} alerts; ${r.edits} edits; workspace ${r.ws.files} files; ${r.runs} runs of each command`,
    '',
  ];
  return head.join('\n') + table(['measure', 'slo-lens', 'yaml-ls / promtool', 'ratio', 'goal', 'met'], rows(r));
}
