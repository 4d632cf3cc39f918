/**
 * The SLO math others build on (hover, CodeLens, budget, rules): pure functions of plain numbers.
 *
 *   import { allowedBadTime, slothTiers, tierCanFire } from '../slo';
 */
export * from './math';
export * from './tiers';
export * from './numbers';
export * from './describe';
export * from './window';
