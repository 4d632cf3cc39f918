import type { SourceFile } from '../source';
import type { WorkspaceView } from '../workspace';
import { asMap, asScalar, asSeq, getMap, getScalar, getSeq, getString, type YMap, type YNode, type YScalar } from '../yaml/ast';
import type { Detected } from '../formats/detect';
import { embeddedText, substitute, type EmbeddedText } from './embedded';
import { isDefinitelyLogQL } from './logql';

/**
 * Where PromQL lives in the formats SLO Lens reads, and the text Prometheus will actually run there:
 *  - `expr` of alerting and recording rules (plain files and PrometheusRule CRDs; in Loki ruler files it is LogQL);
 *  - Sloth `error_query`/`total_query`/`error_ratio_query` (camelCase in the CRD), rendered with `{{.window}}` = 1m,
 *    as `sloth validate` does;
 *  - Pyrra indicator `metric` fields;
 *  - OpenSLO metric source queries when the source is Prometheus (v1 `metricSource`, v2alpha `dataSourceRef`/`Spec`,
 *    v1alpha `source`/`queryType`), with `{{.window}}` rendered too (Sloth reads OpenSLO v1alpha);
 *  - slo-generator `filter_*` and `expression` with the Prometheus backend (`[window` rendered as `[60s`).
 * Alert annotations and labels are Go templates, not PromQL, and are not sites.
 */
export type SiteKind = 'rule' | 'sloth' | 'pyrra' | 'openslo' | 'slo-generator';

export interface PromQLSite {
  kind: SiteKind;
  /** The key the query is under (`expr`, `errorQuery`, `metric`, `query`, `filter_good`). */
  key: string;
  node: YScalar;
  docIndex: number;
  /** The query as Prometheus receives it (templates rendered). */
  text: string;
  /**
   * The same text with offsets back into the file. Built on first use: only a finding needs it, and for a large rule
   * file decoding every scalar again would cost more than parsing the PromQL.
   */
  readonly query: EmbeddedText;
  /** Sloth events queries must contain `{{.window}}`; set for those, with whether it does. */
  windowTemplate?: { required: boolean; present: boolean };
  /** Go template actions other than `{{.window}}` that Sloth would not render (`{{.service}}`), in source offsets. */
  readonly unknownTemplates?: { text: string; start: number; end: number }[];
  /**
   * Set in Loki ruler documents (one of its expressions is unmistakably LogQL): the offset of that expression, so a
   * finding on another one can say why the document reads as Loki.
   */
  logqlAt?: number;
  /** OpenSLO: the query is PromQL only if this DataSource (looked up in the workspace) is a Prometheus one. */
  dataSourceRef?: string;
}

/** Sloth's own check: `{{ *\.window *}}` (pkg/common/validation/promql.go). */
export const WINDOW_TEMPLATE = /\{\{\s*\.window\s*\}\}/g;
// Bounded: with `[^}]*`, a query of thousands of `{{` and no `}}` took seconds (each `{{` scanned to the end).
const ANY_TEMPLATE = /\{\{[^}]{0,256}\}\}/g;

const cache = new WeakMap<SourceFile, PromQLSite[]>();

/**
 * Every PromQL site in a file. The sites are computed once per file version; OpenSLO queries whose data source is a
 * reference are kept only when `ws` resolves it to a Prometheus DataSource (without `ws`, they are left out).
 */
export function promqlSites(file: SourceFile, ws?: WorkspaceView): PromQLSite[] {
  let all = cache.get(file);
  if (!all) {
    all = [];
    for (const { doc, detected } of file.docs) if (detected) collect(file, detected, doc.index, all);
    cache.set(file, all);
  }
  if (!all.some(s => s.dataSourceRef !== undefined)) return all;
  return all.filter(s => s.dataSourceRef === undefined || (ws !== undefined && isPrometheusDataSource(s.dataSourceRef, ws)));
}

function collect(file: SourceFile, d: Detected, docIndex: number, out: PromQLSite[]): void {
  const add = (kind: SiteKind, key: string, node: YScalar | null, render: 'none' | 'window' | 'slo-generator' = 'none', requireWindow = false, dataSourceRef?: string) => {
    if (!node || node.value === null) return;
    const site = makeSite(file.text, kind, key, node, docIndex, render, requireWindow);
    if (dataSourceRef !== undefined) site.dataSourceRef = dataSourceRef;
    out.push(site);
  };
  switch (d.format) {
    case 'prometheus-rules': case 'prometheus-rule-crd': {
      const root = d.format === 'prometheus-rules' ? d.root : getMap(d.root, 'spec');
      const start = out.length;
      for (const g of getSeq(root, 'groups')?.items ?? []) {
        for (const r of getSeq(asMap(g), 'rules')?.items ?? []) add('rule', 'expr', getScalar(asMap(r), 'expr'));
      }
      // A Loki ruler document is all LogQL: one expression with a line filter or parser marks every one.
      const docSites = out.slice(start);
      const logql = docSites.find(s => isDefinitelyLogQL(s.text));
      if (logql) for (const s of docSites) s.logqlAt = logql.node.start;
      return;
    }
    case 'sloth-v1': case 'sloth-crd': {
      const spec = d.format === 'sloth-v1' ? d.root : getMap(d.root, 'spec');
      for (const item of getSeq(spec, 'slos')?.items ?? []) {
        const sli = getMap(asMap(item), 'sli');
        const events = getMap(sli, 'events');
        const raw = getMap(sli, 'raw');
        for (const key of ['error_query', 'errorQuery', 'total_query', 'totalQuery']) add('sloth', key, getScalar(events, key), 'window', true);
        for (const key of ['error_ratio_query', 'errorRatioQuery']) add('sloth', key, getScalar(raw, key), 'window');
      }
      return;
    }
    case 'pyrra': {
      const indicator = getMap(getMap(d.root, 'spec'), 'indicator');
      for (const kind of ['ratio', 'latency']) {
        const m = getMap(indicator, kind);
        for (const part of ['errors', 'success', 'total']) add('pyrra', 'metric', getScalar(getMap(m, part), 'metric'));
      }
      add('pyrra', 'metric', getScalar(getMap(getMap(indicator, 'latencyNative'), 'total'), 'metric'));
      add('pyrra', 'metric', getScalar(getMap(indicator, 'bool_gauge'), 'metric'));
      return;
    }
    case 'slo-generator': {
      const spec = getMap(d.root, 'spec');
      if (!/prometheus/i.test(getString(spec, 'backend') ?? '')) return;
      const sli = getMap(spec, 'service_level_indicator');
      for (const key of ['filter_good', 'filter_bad', 'filter_valid', 'expression']) add('slo-generator', key, getScalar(sli, key), 'slo-generator');
      return;
    }
    case 'openslo-v1': case 'openslo-v1alpha': case 'openslo-v2alpha':
      opensloQueries(d.root, 0, (key, node, ref) => add('openslo', key, node, 'window', false, ref));
      return;
  }
}

function makeSite(source: string, kind: SiteKind, key: string, node: YScalar, docIndex: number, render: 'none' | 'window' | 'slo-generator', requireWindow: boolean): PromQLSite {
  // The rendered text comes straight from the parser's decoded value; the offset map is built only when asked for.
  let text = node.text;
  let build = () => embeddedText(source, node);
  let hasUnknownTemplates = false;
  const windowTemplate = render === 'window' && requireWindow ? { required: true, present: new RegExp(WINDOW_TEMPLATE.source).test(text) } : undefined;
  if (render === 'window') {
    text = text.replace(WINDOW_TEMPLATE, '1m');
    hasUnknownTemplates = new RegExp(ANY_TEMPLATE.source).test(text);
    build = () => substitute(embeddedText(source, node), WINDOW_TEMPLATE, '1m');
  } else if (render === 'slo-generator') {
    // slo-generator replaces `[window` with `[<seconds>s` before querying.
    text = text.replace(/\[window\b/g, '[60s');
    build = () => substitute(embeddedText(source, node), /\[window\b/g, '[60s');
  }
  let query: EmbeddedText | undefined;
  let unknown: PromQLSite['unknownTemplates'] | null = null;
  return {
    kind, key, node, docIndex, text, windowTemplate,
    get query() { return query ??= build(); },
    get unknownTemplates() {
      if (!hasUnknownTemplates) return undefined;
      if (unknown === null) {
        const q = this.query;
        unknown = [...q.text.matchAll(ANY_TEMPLATE)].map(m => ({ text: m[0], start: q.starts[m.index ?? 0], end: q.ends[(m.index ?? 0) + m[0].length - 1] }));
      }
      return unknown;
    },
  };
}

const PROMETHEUS_TYPES = /^(prometheus|thanos|mimir|cortex|victoria-?metrics)$/i;

type Found = (key: string, node: YScalar, dataSourceRef?: string) => void;

/** OpenSLO metric queries anywhere in an object (inline indicators, SLI objects, composite objectives). */
function opensloQueries(map: YMap, depth: number, found: Found): void {
  if (depth > 12) return;
  // v1: metricSource {type?, metricSourceRef?, spec {query}}
  const ms = getMap(map, 'metricSource');
  if (ms) source(getString(ms, 'type'), getString(ms, 'metricSourceRef'), getMap(ms, 'spec'), found);
  // v2alpha: {dataSourceRef | dataSourceSpec {type}, spec {query}}
  if (getMap(map, 'spec') && (getMap(map, 'dataSourceSpec') || getString(map, 'dataSourceRef') !== undefined)) {
    source(getString(getMap(map, 'dataSourceSpec'), 'type'), getString(map, 'dataSourceRef'), getMap(map, 'spec'), found);
  }
  // v1alpha: {source, queryType, query}
  if (getString(map, 'queryType') !== undefined || getString(map, 'source') !== undefined) {
    if (/^promql$/i.test(getString(map, 'queryType') ?? '') || /^(prometheus|sloth)$/i.test(getString(map, 'source') ?? '')) {
      const q = getScalar(map, 'query');
      if (q) found('query', q);
    }
  }
  for (const p of map.pairs) {
    const child = asMap(p.value);
    if (child && asScalar(p.key)?.text !== 'metricSource') opensloQueries(child, depth + 1, found);
    for (const item of asSeq(p.value)?.items ?? []) { const m = asMap(item as YNode); if (m) opensloQueries(m, depth + 1, found); }
  }
}

/** A metric source is Prometheus when its type says so, or (decided at check time) when its DataSource is. */
function source(type: string | undefined, ref: string | undefined, spec: YMap | null, found: Found): void {
  const q = getScalar(spec, 'query') ?? getScalar(spec, 'promql');
  if (!q) return;
  const key = q === getScalar(spec, 'query') ? 'query' : 'promql';
  if (type !== undefined) { if (PROMETHEUS_TYPES.test(type.trim())) found(key, q); return; }
  if (ref) found(key, q, ref);
}

function isPrometheusDataSource(ref: string, ws: WorkspaceView): boolean {
  return ws.objects('DataSource', ref).some(o => PROMETHEUS_TYPES.test((getString(getMap(o.item.node, 'spec'), 'type') ?? '').trim()));
}
