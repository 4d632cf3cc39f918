/**
 * Numbers as SLO files and messages write them: percents without float noise (99.9, not 99.90000000000001), and
 * decimal-point shifts done on the digits so a quick fix turns `0.999` into exactly `99.9`.
 */

/** A number with at most `digits` decimals and no trailing zeros: 93.0555… → "93.06", 0.1 + 0.2 → "0.3". */
export function formatNumber(n: number, digits = 4): string {
  if (!Number.isFinite(n)) return n > 0 ? '∞' : '-∞';
  const fixed = n.toFixed(digits);
  const trimmed = fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
  if (trimmed === '0' || trimmed === '-0') {
    // Tiny but non-zero values (an error budget of 5e-7) must not print as 0.
    if (n === 0) return '0';
    const places = Math.min(20, Math.ceil(-Math.log10(Math.abs(n))) + 1);
    return n.toFixed(places).replace(/0+$/, '').replace(/\.$/, '');
  }
  return trimmed;
}

/** A fraction as a percent: 0.999 → "99.9%", 0.0005 → "0.05%". */
export function formatPercent(fraction: number, digits = 4): string {
  return `${formatNumber(fraction * 100, digits)}%`;
}

/**
 * Moves the decimal point of a number written in `text` by `places` (2: ×100, −2: ÷100), on the digits, so no float
 * rounding creeps in: "0.999" → "99.9", "99.95" → "0.9995", "100" → "1". Returns undefined for text that is not a
 * plain decimal (exponents, `.inf`).
 */
export function shiftDecimal(text: string, places: number): string | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const sign = m[1] === '-' ? '-' : '';
  const digits = m[2] + (m[3] ?? '');
  let point = m[2].length + places;
  let all = digits;
  if (point < 0) { all = '0'.repeat(-point) + all; point = 0; }
  if (point > all.length) all = all + '0'.repeat(point - all.length);
  let int = all.slice(0, point).replace(/^0+/, '') || '0';
  const frac = all.slice(point).replace(/0+$/, '');
  if (int === '') int = '0';
  const out = frac ? `${int}.${frac}` : int;
  return out === '0' ? '0' : sign + out;
}
