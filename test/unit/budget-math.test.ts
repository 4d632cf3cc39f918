import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  allowedBadTimeMs, budgetLevel, burnRate, consumedFraction, errorBudget, fastestBurn, remainingFraction, timeToExhaustionMs,
} from '../../server/src/engine/budget/math';
import { DEFAULT_WARNING_POLICY } from '../../server/src/engine/budget/types';
import { formatBurn, formatPercent, formatTarget, staticBudgetText, compareWorstFirst } from '../../server/src/engine/budget/format';
import { formatDuration } from '../../server/src/engine/durations';

const DAY = 86_400_000;

test('error budget is 1 − target without float noise', () => {
  assert.equal(errorBudget(0.999), 0.001);
  assert.equal(errorBudget(0.995), 0.005);
  assert.equal(errorBudget(0.9995), 0.0005);
  assert.equal(errorBudget(1), 0);
  assert.ok(Number.isNaN(errorBudget(NaN)));
});

test('DESIGN.md example: 99.9 % over 30 d allows 43m 12s; consumed 0.5 at an error ratio of half the budget', () => {
  assert.equal(allowedBadTimeMs(0.999, 30 * DAY), 2_592_000);
  assert.equal(formatDuration(allowedBadTimeMs(0.999, 30 * DAY)), '43m 12s');
  assert.equal(staticBudgetText({ target: 0.999, window: { text: '30d', ms: 30 * DAY } }), '99.9 % over 30d allows 43m 12s of errors');
  const consumed = consumedFraction(0.0005, errorBudget(0.999));
  assert.equal(consumed, 0.5);
  assert.equal(remainingFraction(consumed), 0.5);
  assert.equal(burnRate(0.0004, 0.001), 0.4);
});

test('100 % target: budget 0; no errors burn nothing, any error burns infinitely and exhausts', () => {
  const B = errorBudget(1);
  assert.equal(B, 0);
  assert.equal(allowedBadTimeMs(1, 30 * DAY), 0);
  assert.equal(burnRate(0, B), 0);
  assert.equal(remainingFraction(consumedFraction(0, B)), 1);
  assert.equal(burnRate(1e-9, B), Infinity);
  const remaining = remainingFraction(consumedFraction(1e-9, B));
  assert.equal(remaining, -Infinity);
  assert.equal(budgetLevel(remaining, {}, DEFAULT_WARNING_POLICY), 'exhausted');
  assert.equal(timeToExhaustionMs(remaining, Infinity, 30 * DAY), 0);
  assert.equal(staticBudgetText({ target: 1, window: { text: '30d', ms: 30 * DAY } }), '100 % over 30d allows no errors at all');
});

test('zero traffic: the error ratio is NaN (0/0) and every derived number is NaN, never a throw', () => {
  const e = 0 / 0;
  assert.ok(Number.isNaN(burnRate(e, 0.001)));
  assert.ok(Number.isNaN(consumedFraction(e, 0.001)));
  assert.ok(Number.isNaN(remainingFraction(consumedFraction(e, 0.001))));
  assert.ok(Number.isNaN(timeToExhaustionMs(NaN, 1, 30 * DAY)));
  assert.ok(Number.isNaN(burnRate(e, 0)), 'NaN stays NaN even with a zero budget');
  assert.equal(fastestBurn({ '1h': NaN, '6h': null }), undefined);
});

test('time to exhaustion: remaining × window / burn; never when not burning; now when spent', () => {
  assert.equal(timeToExhaustionMs(0.5, 1, 30 * DAY), 15 * DAY);
  assert.equal(timeToExhaustionMs(0.5, 14.4, 30 * DAY), (0.5 * 30 * DAY) / 14.4);
  assert.equal(timeToExhaustionMs(0.5, 0, 30 * DAY), Infinity);
  assert.equal(timeToExhaustionMs(-0.2, 3, 30 * DAY), 0);
});

test('levels: exhausted at ≤ 0 left, warning below 25 % or at a paging burn, else ok', () => {
  const p = DEFAULT_WARNING_POLICY;
  assert.equal(budgetLevel(0, {}, p), 'exhausted');
  assert.equal(budgetLevel(-0.3, {}, p), 'exhausted');
  assert.equal(budgetLevel(0.2, {}, p), 'warning');
  assert.equal(budgetLevel(0.9, { '1h': 14.4 }, p), 'warning');
  assert.equal(budgetLevel(0.9, { '6h': 6.1 }, p), 'warning');
  assert.equal(budgetLevel(0.9, { '1h': 14.3, '6h': 5.9, '3d': 50 }, p), 'ok');
});

test('properties: consumed + remaining = 1; burn is linear in the error ratio; allowed bad time ≤ window', () => {
  fc.assert(fc.property(fc.double({ min: 0.5, max: 0.99999, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (t, e) => {
    const B = errorBudget(t);
    const c = consumedFraction(e, B);
    assert.ok(Math.abs(c + remainingFraction(c) - 1) < 1e-9);
    assert.ok(Math.abs(burnRate(2 * e, B) - 2 * burnRate(e, B)) <= 1e-9 * Math.max(1, burnRate(e, B)));
    assert.ok(allowedBadTimeMs(t, 30 * DAY) <= 30 * DAY);
  }));
});

test('formatting: targets, percents, burns', () => {
  assert.equal(formatTarget(0.999), '99.9');
  assert.equal(formatTarget(0.99995), '99.995');
  assert.equal(formatPercent(0.6234), '62.3 %');
  assert.equal(formatPercent(null), '–');
  assert.equal(formatPercent(-Infinity), '-∞ %');
  assert.equal(formatBurn(0.4), '0.40×');
  assert.equal(formatBurn(14.4), '14.4×');
  assert.equal(formatBurn(230.2), '230×');
  assert.equal(formatBurn(Infinity), '∞×');
  assert.equal(formatBurn(null), '–');
});

test('worst first: spent before little left before plenty, then errors, no data, unsupported', () => {
  const mk = (name: string, status: string, remaining: number | null) => ({ name, status, errorBudget: { remaining } }) as unknown as Parameters<typeof compareWorstFirst>[0];
  const list = [mk('a', 'ok', 0.9), mk('b', 'unsupported', null), mk('c', 'exhausted', -0.5), mk('d', 'error', null), mk('e', 'warning', 0.1), mk('f', 'no-data', null), mk('g', 'exhausted', null)];
  assert.deepEqual(list.sort(compareWorstFirst).map(s => s.name), ['g', 'c', 'e', 'a', 'd', 'f', 'b']);
});
