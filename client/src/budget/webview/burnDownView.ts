// The burn-down view's script (runs inside the webview; bundled with Chart.js by esbuild into dist/burndown.js).
// Draws budget remaining over the SLO window against the ideal linear burn, and the 1h/6h burn rates against the
// alerting tiers. Colours come from the VS Code theme (CSS variables) and follow theme changes.
import { Chart, Filler, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip, type ChartDataset, type ChartItem } from 'chart.js';
import type { BurnDownData } from '../../../../server/src/engine/budget/burndown';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip, Filler);

/** Messages from the extension. */
export type ToView =
  | { type: 'loading'; title: string }
  | { type: 'error'; title: string; message: string }
  | { type: 'data'; title: string; summary: string; notes: string[]; data: BurnDownData };
/** Messages to the extension. */
export type FromView = { type: 'ready' } | { type: 'refresh' } | { type: 'rendered'; points: number; tiers: number };

// The project compiles without the DOM library; these are the few browser APIs this script touches.
interface Node { textContent: string | null; hidden: boolean; addEventListener(type: string, fn: () => void): void }
declare const document: { getElementById(id: string): Node | null; body: unknown };
declare const window: { addEventListener(type: 'message', fn: (e: { data: ToView }) => void): void };
declare function getComputedStyle(el: unknown): { getPropertyValue(name: string): string };
declare class MutationObserver { constructor(fn: () => void); observe(el: unknown, opts: { attributes: boolean; attributeFilter: string[] }): void }
declare function acquireVsCodeApi(): { postMessage(m: FromView): void };

const vscode = acquireVsCodeApi();
const $ = (id: string) => document.getElementById(id);
let last: Extract<ToView, { type: 'data' }> | undefined;
let charts: Chart[] = [];

function color(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

function when(t: number): string {
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

function show(state: 'loading' | 'error' | 'data', title: string, text = ''): void {
  $('title')!.textContent = title;
  $('status')!.textContent = text;
  $('status')!.hidden = state === 'data';
  $('charts')!.hidden = state !== 'data';
}

function render(msg: Extract<ToView, { type: 'data' }>): void {
  last = msg;
  for (const c of charts) c.destroy();
  charts = [];
  const d = msg.data;
  show('data', msg.title);
  $('summary')!.textContent = msg.summary;
  $('notes')!.textContent = msg.notes.join(' · ');
  const fg = color('--vscode-foreground', '#ccc');
  const muted = color('--vscode-descriptionForeground', '#999');
  const grid = color('--vscode-editorWidget-border', 'rgba(128,128,128,0.3)');
  const font = { family: color('--vscode-font-family', 'sans-serif'), size: Number.parseInt(color('--vscode-font-size', '12'), 10) || 12 };
  Chart.defaults.color = fg;
  Chart.defaults.font = { ...Chart.defaults.font, ...font };
  const xScale = {
    type: 'linear' as const, min: d.start * 1000, max: d.end * 1000, grid: { color: grid },
    ticks: { maxTicksLimit: 8, callback: (v: string | number) => when(Number(v)).slice(5) },
  };
  const common = {
    animation: false as const, responsive: true, maintainAspectRatio: false, parsing: false as const, normalized: true,
    interaction: { mode: 'nearest' as const, axis: 'x' as const, intersect: false },
    plugins: { legend: { labels: { boxWidth: 12 } }, tooltip: { callbacks: { title: (items: { parsed: { x: number | null } }[]) => when(Number(items[0]?.parsed.x ?? 0)) } } },
  };
  const pts = (xs: [number, number][], scale = 1) => xs.map(([t, v]) => ({ x: t * 1000, y: v * scale }));

  const remaining: ChartDataset<'line'>[] = [
    { label: 'Budget remaining', data: pts(d.remaining, 100), borderColor: color('--vscode-charts-blue', '#3794ff'), pointRadius: 0, borderWidth: 2 },
    { label: 'Ideal (linear burn)', data: pts(d.ideal, 100), borderColor: muted, borderDash: [6, 4], pointRadius: 0, borderWidth: 1 },
  ];
  charts.push(new Chart($('remaining') as unknown as ChartItem, {
    type: 'line', data: { datasets: remaining },
    options: { ...common, scales: { x: xScale, y: { grid: { color: grid }, title: { display: true, text: '% of budget' }, suggestedMin: 0, suggestedMax: 100 } } },
  }));

  const burnColors: Record<string, string> = { '1h': color('--vscode-charts-orange', '#d18616'), '6h': color('--vscode-charts-purple', '#b180d7') };
  const burn: ChartDataset<'line'>[] = d.burn.map(b => ({ label: `Burn rate ${b.window}`, data: pts(b.points), borderColor: burnColors[b.window], pointRadius: 0, borderWidth: 1.5 }));
  for (const t of d.tiers) {
    burn.push({
      label: `${t.name} ${t.factor}×`, data: [{ x: d.start * 1000, y: t.factor }, { x: d.end * 1000, y: t.factor }], pointRadius: 0, borderWidth: 1,
      borderDash: [4, 4], borderColor: t.severity === 'page' || t.severity === 'critical' ? color('--vscode-charts-red', '#f14c4c') : color('--vscode-charts-yellow', '#cca700'),
    });
  }
  charts.push(new Chart($('burn') as unknown as ChartItem, {
    type: 'line', data: { datasets: burn },
    options: { ...common, scales: { x: xScale, y: { grid: { color: grid }, title: { display: true, text: '× budget rate' }, suggestedMin: 0 } } },
  }));
  vscode.postMessage({ type: 'rendered', points: d.remaining.length, tiers: d.tiers.length });
}

window.addEventListener('message', e => {
  const m = e.data;
  if (m.type === 'loading') show('loading', m.title, 'Querying Prometheus…');
  else if (m.type === 'error') show('error', m.title, m.message);
  else if (m.type === 'data') render(m);
});
$('refresh')?.addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
// Theme switches change the body's class: redraw with the new colours.
new MutationObserver(() => { if (last) render(last); }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
vscode.postMessage({ type: 'ready' });
