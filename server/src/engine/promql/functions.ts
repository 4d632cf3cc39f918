/**
 * PromQL function signatures, from Prometheus's promql/parser/functions.go. Used to check argument counts and types
 * the way Prometheus's parser does (`expected type range vector in call to function "rate", got instant vector`).
 * A function that the grammar knows but this table does not is never flagged: the table only makes the check stricter
 * where it is sure.
 */

export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string' | 'none';

export interface FunctionSignature {
  argTypes: ValueType[];
  /** 0: exactly argTypes.length; n > 0: the last argument is optional up to n times; -1: the last repeats without limit. */
  variadic: number;
  returnType: ValueType;
  /** Removed from current Prometheus, but still accepted by the versions people run (2.x). */
  legacy?: boolean;
}

const v: ValueType = 'vector';
const m: ValueType = 'matrix';
const s: ValueType = 'scalar';
const str: ValueType = 'string';

const sig = (argTypes: ValueType[], returnType: ValueType = v, variadic = 0): FunctionSignature => ({ argTypes, variadic, returnType });

export const FUNCTIONS: Readonly<Record<string, FunctionSignature>> = {
  abs: sig([v]), absent: sig([v]), absent_over_time: sig([m]),
  acos: sig([v]), acosh: sig([v]), asin: sig([v]), asinh: sig([v]), atan: sig([v]), atanh: sig([v]),
  avg_over_time: sig([m]), ceil: sig([v]), changes: sig([m]),
  clamp: sig([v, s, s]), clamp_max: sig([v, s]), clamp_min: sig([v, s]),
  cos: sig([v]), cosh: sig([v]), count_over_time: sig([m]),
  days_in_month: sig([v], v, 1), day_of_month: sig([v], v, 1), day_of_week: sig([v], v, 1), day_of_year: sig([v], v, 1),
  deg: sig([v]), delta: sig([m]), deriv: sig([m]),
  double_exponential_smoothing: sig([m, s, s]),
  exp: sig([v]), first_over_time: sig([m]), floor: sig([v]),
  histogram_avg: sig([v]), histogram_count: sig([v]), histogram_sum: sig([v]),
  histogram_stddev: sig([v]), histogram_stdvar: sig([v]),
  histogram_fraction: sig([s, s, v]), histogram_quantile: sig([s, v]),
  holt_winters: { ...sig([m, s, s]), legacy: true },
  hour: sig([v], v, 1), idelta: sig([m]), increase: sig([m]), irate: sig([m]),
  label_join: sig([v, str, str, str], v, -1), label_replace: sig([v, str, str, str, str]),
  last_over_time: sig([m]), ln: sig([v]), log10: sig([v]), log2: sig([v]),
  mad_over_time: sig([m]), max_over_time: sig([m]), min_over_time: sig([m]),
  minute: sig([v], v, 1), month: sig([v], v, 1),
  pi: sig([], s), predict_linear: sig([m, s]), present_over_time: sig([m]),
  quantile_over_time: sig([s, m]), rad: sig([v]), rate: sig([m]), resets: sig([m]),
  round: sig([v, s], v, 1), scalar: sig([v], s), sgn: sig([v]), sin: sig([v]), sinh: sig([v]),
  sort: sig([v]), sort_desc: sig([v]), sort_by_label: sig([v, str], v, -1), sort_by_label_desc: sig([v, str], v, -1),
  sqrt: sig([v]), stddev_over_time: sig([m]), stdvar_over_time: sig([m]), sum_over_time: sig([m]),
  tan: sig([v]), tanh: sig([v]), time: sig([], s), timestamp: sig([v]),
  ts_of_first_over_time: sig([m]), ts_of_last_over_time: sig([m]), ts_of_max_over_time: sig([m]), ts_of_min_over_time: sig([m]),
  vector: sig([s]), year: sig([v], v, 1),
};

/**
 * Functions the current grammar no longer knows, with a known function of at most the same length that has the same
 * argument shape: the text is parsed with the stand-in (padded with spaces, so offsets do not move) and checked
 * against the legacy signature.
 */
export const LEGACY_STAND_INS: Readonly<Record<string, string>> = { holt_winters: 'rate' };

/** Aggregation operators and the parameter each takes (none, a scalar, or a string). */
export const AGGREGATIONS: Readonly<Record<string, ValueType | null>> = {
  sum: null, avg: null, count: null, min: null, max: null, group: null, stddev: null, stdvar: null,
  topk: s, bottomk: s, quantile: s, limitk: s, limit_ratio: s, count_values: str,
};

export const TYPE_NAMES: Record<ValueType, string> = {
  scalar: 'scalar', vector: 'instant vector', matrix: 'range vector', string: 'string', none: 'nothing',
};
