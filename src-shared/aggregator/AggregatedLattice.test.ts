import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PricingError, Rational, TickSize } from '../pricing';
import { AggregatedLattice } from './AggregatedLattice';

type Leg = { minTick: string; multiplier?: string; priceOffset?: string };
const lattice = (legs: Leg[], tickOverride: string | null = null) =>
  AggregatedLattice.of({ legs: legs.map((l) => ({ multiplier: '1', priceOffset: '0', ...l })), tickOverride });

/** The aggregated price text of a leg price, via its row (exact lattices only). */
function aggregatedText(l: AggregatedLattice, leg: number, legPrice: string): string {
  const ticks = l.legs[leg]!.tick.ticksOf(legPrice);
  const row = l.rowOfLeg(leg, ticks, 'bid');
  expect(l.rowOfLeg(leg, ticks, 'ask')).toBe(row);
  return l.priceText(row);
}

describe('AggregatedLattice: the common tick and its origin', () => {
  it.each([
    ['Brent: CME 0.05 and ICE 0.01', [{ minTick: '0.05' }, { minTick: '0.01' }], '0.01', '0'],
    ['the same tick on every leg', [{ minTick: '0.25' }, { minTick: '0.25' }, { minTick: '0.25' }], '0.25', '0'],
    ['ticks with no common decimal step: 0.25 and 0.1', [{ minTick: '0.25' }, { minTick: '0.1' }], '0.05', '0'],
    ['fraction 1/32 multiplier on a 1/32 tick beside 0.01', [{ minTick: '1/32', multiplier: '1/32' }, { minTick: '0.01' }], '0.0000390625', '0'],
    ['decimal multipliers: 0.25 × 0.1 and 0.01 × 2', [{ minTick: '0.25', multiplier: '0.1' }, { minTick: '0.01', multiplier: '2' }], '0.005', '0'],
    ['an offset of 1.125 ticks refines the tick', [{ minTick: '0.01' }, { minTick: '0.01', priceOffset: '1.125' }], '0.00125', '0'],
    ['a negative offset of 0.5 ticks', [{ minTick: '0.01' }, { minTick: '0.01', priceOffset: '-0.5' }], '0.005', '0'],
    ['equal offsets shift the rows, not the tick', [{ minTick: '0.01', priceOffset: '0.5' }, { minTick: '0.01', priceOffset: '0.5' }], '0.01', '0.005'],
    ['a whole offset changes nothing', [{ minTick: '0.05' }, { minTick: '0.05', priceOffset: '2' }], '0.05', '0'],
    ['offset after the multiplier: 2 ticks of 0.01 × 3', [{ minTick: '0.01', multiplier: '3', priceOffset: '0.5' }, { minTick: '0.01', multiplier: '3', priceOffset: '0.5' }], '0.03', '0.015'],
  ])('%s → tick %s, origin %s', (_name, legs, tick, origin) => {
    const l = lattice(legs);
    expect(l.tickText).toBe(tick);
    expect(l.origin.equals(Rational.parse(origin))).toBe(true);
    expect(l.exact).toBe(true);
    expect(l.overridden).toBe(false);
  });

  it('prices every leg by price × m + o × t × m (offset in leg ticks, after the multiplier)', () => {
    const l = lattice([
      { minTick: '0.05' },
      { minTick: '0.01', multiplier: '2', priceOffset: '3' },
      { minTick: '0.01', priceOffset: '1.125' },
    ]);
    expect(l.tickText).toBe('0.00125');
    expect(l.decimals).toBe(5);
    expect(aggregatedText(l, 0, '75.05')).toBe('75.05000');
    expect(aggregatedText(l, 1, '37.50')).toBe('75.06000'); // 37.50 × 2 + 3 × 0.01 × 2
    expect(aggregatedText(l, 2, '75.00')).toBe('75.01125'); // 75.00 + 1.125 × 0.01
    expect(l.legs[1]!.aggregatedOf(Rational.parse('37.505')).toDecimalString()).toBe('75.07'); // a fill between ticks
  });

  it('prices 1/32 fractions of a 1/64-tick bond exactly', () => {
    const l = lattice([{ minTick: '1/64', multiplier: '1/32' }, { minTick: '1/64', multiplier: '1/32', priceOffset: '0.5' }]);
    expect(l.tickText).toBe('0.000244140625'); // 1/4096: half of a leg's 1/2048 step
    expect(aggregatedText(l, 0, '110.015625')).toBe('3.437988281250');
    expect(aggregatedText(l, 1, '110.015625')).toBe('3.438232421875');
  });

  it('reads and writes row prices, refusing one off the lattice with the tick named', () => {
    const l = lattice([{ minTick: '0.01', priceOffset: '0.5' }, { minTick: '0.01', priceOffset: '0.5' }]);
    const row = l.rowOf('75.005');
    expect(l.priceText(row)).toBe('75.005');
    expect(l.priceText(row + 1)).toBe('75.015');
    expect(l.rowOf('75.0050')).toBe(row);
    expect(() => l.rowOf('75.01')).toThrow('price "75.01" is not on the aggregated tick 0.01 from 0.005');
    expect(() => l.rowOf('abc')).toThrow(PricingError);
    expect(() => lattice([{ minTick: '0.25' }, { minTick: '0.25' }]).rowOf('100.1')).toThrow('price "100.1" is not on the aggregated tick 0.25');
  });

  it('shows rows without a finite decimal (a 1/3 multiplier) rounded but distinct, and reads them back', () => {
    const l = lattice([{ minTick: '0.01', multiplier: '1/3' }, { minTick: '0.01', multiplier: '1/3' }]);
    expect(l.tickText).toBe('1/300');
    expect(l.decimals).toBeUndefined();
    const row = l.rowOfLeg(0, 7500, 'bid'); // 75.00 / 3
    expect(l.priceText(row)).toBe('25.0000');
    expect(l.priceText(row + 1)).toBe('25.0033');
    expect(l.rowOf('25.0033')).toBe(row + 1);
    expect(l.legTicksForLimit(0, row + 1, 'buy')).toBe(7501);
  });

  it('refuses legs it cannot price, naming the leg', () => {
    expect(() => lattice([{ minTick: '0.01' }, { minTick: '1/3' }])).toThrow(/^leg 2: tick size "1\/3" has no exact decimal form/);
    expect(() => lattice([{ minTick: '0.01', multiplier: '0' }, { minTick: '0.01' }])).toThrow('leg 1: multiplier "0" must be above zero');
    expect(() => lattice([{ minTick: '0.01', priceOffset: '1.5x' }])).toThrow(PricingError);
    expect(() => lattice([{ minTick: '0.01' }], '0')).toThrow('override tick "0" must be above zero');
  });
});

describe('AggregatedLattice: the override tick', () => {
  const l = lattice([{ minTick: '0.01' }, { minTick: '0.05' }], '0.05');

  it.each([
    // [leg, leg price, book side, row price]: between rows, asks go up and bids down.
    [0, '75.01', 'ask', '75.05'],
    [0, '75.04', 'ask', '75.05'],
    [0, '75.05', 'ask', '75.05'],
    [0, '75.01', 'bid', '75.00'],
    [0, '75.04', 'bid', '75.00'],
    [0, '75.05', 'bid', '75.05'],
    [0, '-0.01', 'bid', '-0.05'],
    [0, '-0.01', 'ask', '0.00'],
    [1, '75.10', 'bid', '75.10'],
  ] as const)('leg %i %s on the %s side shows on row %s', (leg, price, side, rowPrice) => {
    expect(l.priceText(l.rowOfLeg(leg, l.legs[leg]!.tick.ticksOf(price), side))).toBe(rowPrice);
  });

  it('is the override, keeps the computed tick, and is not exact for the finer leg', () => {
    expect(l.tickText).toBe('0.05');
    expect(l.computedTick.toDecimalString()).toBe('0.01');
    expect(l.overridden).toBe(true);
    expect(l.exact).toBe(false);
  });

  it('keeps the offsets\' phase modulo the override tick', () => {
    const shifted = lattice([{ minTick: '0.01', priceOffset: '0.5' }, { minTick: '0.01', priceOffset: '0.5' }], '0.05');
    expect(shifted.priceText(shifted.rowOf('75.005'))).toBe('75.005');
    expect(shifted.priceText(shifted.rowOfLeg(0, 7501, 'ask'))).toBe('75.055');
  });
});

describe('AggregatedLattice: leg price for an aggregated limit', () => {
  it.each([
    // legs: CME 0.05 and ICE 0.01 × 2 (so rows of 0.01 against leg steps of 0.05 and 0.02)
    [0, '75.03', 'buy', '75.00'],
    [0, '75.03', 'sell', '75.05'],
    [0, '75.05', 'buy', '75.05'],
    [0, '75.05', 'sell', '75.05'],
    [1, '150.03', 'buy', '75.01'],
    [1, '150.03', 'sell', '75.02'],
    [1, '150.04', 'sell', '75.02'],
  ] as const)('leg %i, limit %s, %s → %s (never worse than the limit)', (leg, limit, side, legPrice) => {
    const l = lattice([{ minTick: '0.05' }, { minTick: '0.01', multiplier: '2' }]);
    const ticks = l.legTicksForLimit(leg, l.rowOf(limit), side);
    expect(l.legs[leg]!.tick.priceOf(ticks)).toBe(legPrice);
  });

  it('with offsets and multipliers, the leg price is the best one not worse than the limit, for any limit', () => {
    const ticks = ['0.01', '0.05', '0.25', '1/32', '1/64', '0.00001', '0.5'];
    const multipliers = ['1', '2', '0.1', '1/32', '3', '0.25', '1/3'];
    const leg = fc.record({
      minTick: fc.constantFrom(...ticks),
      multiplier: fc.constantFrom(...multipliers),
      priceOffset: fc.integer({ min: -5000, max: 5000 }).map((n) => Rational.of(n, 1000).toDecimalString()),
    });
    fc.assert(
      fc.property(fc.array(leg, { minLength: 1, maxLength: 4 }), fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.constantFrom('buy', 'sell'), (legs, row, side) => {
        const l = AggregatedLattice.of({ legs, tickOverride: null });
        const limit = l.priceOf(row);
        l.legs.forEach((pricing, i) => {
          const k = l.legTicksForLimit(i, row, side);
          const at = pricing.aggregatedOfTicks(k);
          const next = pricing.aggregatedOfTicks(side === 'buy' ? k + 1 : k - 1);
          if (side === 'buy') {
            expect(at.compare(limit)).toBeLessThanOrEqual(0);
            expect(next.compare(limit)).toBeGreaterThan(0);
          } else {
            expect(at.compare(limit)).toBeGreaterThanOrEqual(0);
            expect(next.compare(limit)).toBeLessThan(0);
          }
          // Every leg price lies exactly on a row of the computed lattice.
          const r = l.rowOfLeg(i, k, 'bid');
          expect(l.priceOf(r).equals(at)).toBe(true);
        });
        // The common tick is the largest such: it divides every leg step and the shifts' differences exactly.
        for (const p of l.legs) expect(p.step.div(l.tick).isInteger()).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('maps huge tick counts exactly (bigint path)', () => {
    const l = lattice([{ minTick: '0.00001', multiplier: '1/3' }, { minTick: '0.00001' }]);
    const k = 2 ** 50;
    const row = l.rowOfLeg(0, k, 'bid');
    expect(l.priceOf(row).equals(l.legs[0]!.aggregatedOfTicks(k))).toBe(true);
    expect(l.legTicksForLimit(0, row, 'buy')).toBe(k);
    expect(TickSize.parse('0.00001').priceOf(k)).toBe('11258999068.42624');
  });
});
