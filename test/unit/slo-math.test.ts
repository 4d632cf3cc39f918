import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DAY_MS, HOUR_MS, MINUTE_MS, allowedBadTime, budgetPercentFor, errorBudget, factorFor, lowestFiringTarget, maxBurnRate,
  nines, ninesTable, pyrraTiers, shiftDecimal, sloGeneratorTiers, slothTiers, SLO_GENERATOR_DEFAULT_POLICY,
  SRE_WORKBOOK_TIERS, tierCanFire, tierStatus, unreachableTiers, formatPercent, formatNumber, timeToExhaustion,
} from '../../server/src/engine/slo';
import { formatDuration, toPromDuration } from '../../server/src/engine/durations';

// The numbers below are the ones in DESIGN.md "Error budget math" and reference/slo-formats.md §5/§6.

test('allowed bad time: 99.9 % over 30d is 43m 12s, 99.999 % is 26s', () => {
  assert.equal(formatDuration(allowedBadTime(0.999, 30 * DAY_MS)), '43m 12s');
  assert.equal(formatDuration(allowedBadTime(0.99999, 30 * DAY_MS)), '26s');
  assert.equal(allowedBadTime(1, 30 * DAY_MS), 0);
  assert.equal(allowedBadTime(1.2, 30 * DAY_MS), 0, 'a target above 100 % has no budget, not a negative one');
  assert.equal(errorBudget(0.95), 1 - 0.95);
});

test('max burn rate is 1 ÷ budget, infinite at 100 %', () => {
  assert.ok(Math.abs(maxBurnRate(0.99) - 100) < 1e-9);
  assert.equal(maxBurnRate(1), Infinity);
});

test('tierCanFire: factor × (1 − target) must stay below 1', () => {
  assert.equal(tierCanFire(14.4, 0.95), true, 'home-wifi 95 %: 14.4 × 0.05 = 0.72');
  assert.equal(tierCanFire(14.4, 0.9), false, '14.4 × 0.1 = 1.44');
  assert.equal(tierCanFire(2, 0.5), false, 'exactly 1 cannot be exceeded');
  assert.equal(tierCanFire(2, 0.5, true), true, '`gte` reaches the boundary when every event fails');
  assert.equal(tierCanFire(14.4, lowestFiringTarget(14.4)), false, 'the boundary itself, despite float noise');
  assert.equal(tierCanFire(14.4, lowestFiringTarget(14.4) + 1e-6), true);
  assert.equal(tierCanFire(200, 0.99), false, 'go-sdk latency-too-high with a 99 % SLO');
  assert.equal(tierCanFire(200, 0.996), true, 'reachable above 99.5 %');
});

test('lowest firing targets (slo-formats §6 H3)', () => {
  const pct = (f: number) => formatPercent(lowestFiringTarget(f), 2);
  assert.deepEqual([14.4, 6, 3].map(pct), ['93.06%', '83.33%', '66.67%'], 'Sloth 30d');
  assert.deepEqual([13.44, 5.6, 2.8].map(pct), ['92.56%', '82.14%', '64.29%'], 'Sloth 28d');
  assert.deepEqual([14, 7, 2].map(pct), ['92.86%', '85.71%', '50%'], 'Pyrra');
  assert.equal(formatNumber(lowestFiringTarget(9), 4), '0.8889', 'slo-generator default 9× step');
  assert.equal(lowestFiringTarget(1), 0);
  assert.equal(lowestFiringTarget(0.5), 0);
});

test('Sloth tiers: 30d 14.4/6/3/1, 28d 13.44/5.6/2.8/0.933, none for other periods', () => {
  const t30 = slothTiers(30 * DAY_MS)!;
  assert.deepEqual(t30.map(t => t.factor), [14.4, 6, 3, 1]);
  assert.deepEqual(t30.map(t => t.name), ['page quick', 'page slow', 'ticket quick', 'ticket slow']);
  assert.deepEqual(t30.map(t => [toPromDuration(t.longWindowMs), toPromDuration(t.shortWindowMs!)]), [['1h', '5m'], ['6h', '30m'], ['1d', '2h'], ['3d', '6h']]);
  assert.deepEqual(t30.map(t => t.budgetPercent), [2, 5, 10, 10]);
  const t28 = slothTiers(28 * DAY_MS)!;
  assert.deepEqual(t28.map(t => formatNumber(t.factor, 3)), ['13.44', '5.6', '2.8', '0.933']);
  assert.equal(slothTiers(7 * DAY_MS), undefined);
});

test('Sloth factor formula round-trips with the budget share', () => {
  assert.equal(factorFor(2, 30 * DAY_MS, HOUR_MS), 14.4);
  assert.ok(Math.abs(budgetPercentFor(14.4, 30 * DAY_MS, HOUR_MS) - 2) < 1e-9);
  // The 7d example catalog (examples/windows/7d.yaml): 8 % in 1h → 13.44.
  assert.ok(Math.abs(factorFor(8, 7 * DAY_MS, HOUR_MS) - 13.44) < 1e-9);
});

test('Pyrra tiers: factors 14/7/2/1, windows scaled from 28d and rounded to the minute', () => {
  const t28 = pyrraTiers(28 * DAY_MS);
  assert.deepEqual(t28.map(t => t.factor), [14, 7, 2, 1]);
  assert.deepEqual(t28.map(t => [toPromDuration(t.longWindowMs), toPromDuration(t.shortWindowMs!), toPromDuration(t.forMs!)]),
    [['1h', '5m', '2m'], ['6h', '30m', '15m'], ['1d', '2h', '1h'], ['4d', '6h', '3h']]);
  const t30 = pyrraTiers(30 * DAY_MS);
  assert.deepEqual(t30.map(t => [toPromDuration(t.longWindowMs), toPromDuration(t.shortWindowMs!)]),
    [['1h4m', '5m'], ['6h26m', '32m'], ['1d1h43m', '2h9m'], ['4d6h51m', '6h26m']], 'reference/slo-formats.md §5');
  // pyrra-dev/pyrra#1028: below ~2.8 days the fast tier's short window rounds to 0 (`burnrate0s`).
  assert.equal(pyrraTiers(12 * HOUR_MS)[0].shortWindowMs, 0);
  assert.ok(pyrraTiers(3 * DAY_MS)[0].shortWindowMs! >= MINUTE_MS);
});

test('SRE workbook and slo-generator tables', () => {
  assert.deepEqual(SRE_WORKBOOK_TIERS.map(t => [t.factor, t.budgetPercent]), [[14.4, 2], [6, 5], [1, 10]]);
  for (const t of SRE_WORKBOOK_TIERS) assert.ok(Math.abs(budgetPercentFor(t.factor, 30 * DAY_MS, t.longWindowMs) - t.budgetPercent) < 1e-9, t.name);
  const steps = sloGeneratorTiers(SLO_GENERATOR_DEFAULT_POLICY);
  assert.deepEqual(steps.map(s => [s.name, s.factor, s.alerts]), [['1 hour', 9, true], ['12 hours', 3, true], ['7 days', 1.5, false], ['28 days', 1, false]]);
  assert.deepEqual(unreachableTiers(steps, 0.85).map(s => s.name), ['1 hour'], '1 ÷ 0.15 = 6.67 < 9');
  assert.deepEqual(unreachableTiers(slothTiers(30 * DAY_MS)!, 0.5).map(t => t.name), ['page quick', 'page slow', 'ticket quick']);
  assert.deepEqual(unreachableTiers(slothTiers(30 * DAY_MS)!, 0.95), []);
  const status = tierStatus(slothTiers(30 * DAY_MS)!, 0.9);
  assert.deepEqual(status.map(s => [s.canFire, formatNumber(s.threshold, 3), formatPercent(s.lowestTarget, 2)]),
    [[false, '1.44', '93.06%'], [true, '0.6', '83.33%'], [true, '0.3', '66.67%'], [true, '0.1', '0%']]);
});

test('nines', () => {
  assert.ok(Math.abs(nines(0.999) - 3) < 1e-9);
  assert.equal(nines(1), Infinity);
  const rows = ninesTable(30 * DAY_MS, [0.99, 0.999]);
  assert.deepEqual(rows.map(r => formatDuration(r.allowedBadMs)), ['7h 12m', '43m 12s']);
  assert.equal(formatDuration(timeToExhaustion(14.4, 30 * DAY_MS)), '2d 2h');
});

test('numbers: percents without float noise, decimal shifts on the digits', () => {
  assert.equal(formatPercent(0.999), '99.9%');
  assert.equal(formatPercent(1 - 0.999), '0.1%');
  assert.equal(formatPercent(0.0000005, 6), '0.00005%');
  assert.equal(formatNumber(0.0000005, 4), '0.0000005');
  assert.equal(shiftDecimal('0.999', 2), '99.9');
  assert.equal(shiftDecimal('99.9', -2), '0.999');
  assert.equal(shiftDecimal('99.95', -2), '0.9995');
  assert.equal(shiftDecimal('0.99', 2), '99');
  assert.equal(shiftDecimal('.5', 2), '50');
  assert.equal(shiftDecimal('100', -2), '1');
  assert.equal(shiftDecimal('5', -2), '0.05');
  assert.equal(shiftDecimal('1e-3', 2), undefined);
  assert.equal(shiftDecimal('', 2), undefined);
});
