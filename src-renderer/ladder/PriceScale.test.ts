import { describe, expect, it } from 'vitest';
import { AggregatedLattice } from '../../src-shared/aggregator';
import { TickSize } from '../../src-shared/pricing';
import { latticeScale, tickScale } from './PriceScale';

const leg = (minTick: string, fields: { multiplier?: string; priceOffset?: string } = {}) => ({ minTick, multiplier: fields.multiplier ?? '1', priceOffset: fields.priceOffset ?? '0' });

describe('PriceScale', () => {
  it('names a contract ladder’s steps by its ticks', () => {
    const scale = tickScale(TickSize.parse('0.25'));
    expect(scale.priceOf(24001)).toBe('6000.25');
    expect(scale.stepOf('6000.25')).toBe(24001);
    expect(() => scale.stepOf('6000.1')).toThrow(/not a multiple/);
    expect(scale.id).toBe(tickScale('0.25').id);
    expect(scale.id).not.toBe(tickScale('0.5').id);
  });

  it('names an aggregated ladder’s steps by its lattice rows, the offsets’ phase included', () => {
    // ICE 0.01 and CME 0.05: rows of 0.01 from 0.
    const brent = latticeScale(AggregatedLattice.of({ legs: [leg('0.01'), leg('0.05')], tickOverride: null }));
    expect(brent.priceOf(7500)).toBe('75.00');
    expect(brent.stepOf('75.05')).toBe(7505);
    expect(brent.stepOf('75')).toBe(7500);
    // A half-tick offset on 0.05 rows: rows at …0.025, …0.075.
    const shifted = latticeScale(AggregatedLattice.of({ legs: [leg('0.05', { priceOffset: '0.5' }), leg('0.05', { priceOffset: '0.5' })], tickOverride: null }));
    expect(shifted.priceOf(1500)).toBe('75.025');
    expect(shifted.stepOf('75.025')).toBe(1500);
    expect(() => shifted.stepOf('75.00')).toThrow(/not on the aggregated tick 0.05 from 0.025/);
    expect(shifted.id).not.toBe(brent.id);
  });
});
