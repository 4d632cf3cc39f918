/**
 * LogQL detection. Loki ruler files have the Prometheus rule-file shape, but `expr` is LogQL: stream selectors with
 * line filters and parsers (`{job="x"} |= "error" | json`). Some LogQL happens to be valid PromQL
 * (`count_over_time({job="x"}[5m])`); the rest must not be reported as broken PromQL.
 */

/** Replaces string literal contents with spaces (same length), so markers inside strings do not count. */
export function maskStrings(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|`[^`]*`?/g, m => m.length < 2 ? m : m[0] + ' '.repeat(m.length - 2) + m[m.length - 1]);
}

/** Cheap pre-check: text without any of these cannot match the LogQL markers below. */
const MAYBE_LOGQL = /[|]|!=|!~|bytes_over_time|bytes_rate|rate_counter/;

/** A line filter or pipeline stage after a stream selector or after another stage: `} |= "x"`, `} | json`, `" | logfmt`. */
const PIPELINE = /[}"'`)\]]\s*(?:\|[=~]|!=|!~)\s*["'`]|[}"'`]\s*\|\s*[a-z_]+\b|\|\s*(?:json|logfmt|line_format|label_format|pattern|regexp|unpack|unwrap|drop|keep|decolorize)\b/;

/** Range aggregations that exist only in LogQL. */
const LOGQL_FUNCTIONS = /\b(?:bytes_over_time|bytes_rate|rate_counter)\s*\(/;

/** A stream selector (braces with no metric name) directly inside a range function: `count_over_time({job="x"}[5m])`. */
const STREAM_IN_RANGE_FUNCTION = /\b(?:count_over_time|rate|absent_over_time|sum_over_time|avg_over_time|max_over_time|min_over_time|first_over_time|last_over_time|stdvar_over_time|stddev_over_time|quantile_over_time|bytes_over_time|bytes_rate|rate_counter)\s*\(\s*(?:[0-9.]+\s*,\s*)?\{/;

/** Definitely LogQL: uses syntax PromQL does not have at all. */
export function isDefinitelyLogQL(text: string): boolean {
  if (!MAYBE_LOGQL.test(text)) return false;
  const masked = maskStrings(text);
  return PIPELINE.test(masked) || LOGQL_FUNCTIONS.test(masked);
}

/** Looks like LogQL (for an expression that does not parse as PromQL): definite markers, or a stream selector in a range function. */
export function looksLikeLogQL(text: string): boolean {
  return isDefinitelyLogQL(text) || STREAM_IN_RANGE_FUNCTION.test(maskStrings(text));
}
