import { describe, expect, it } from 'vitest';
import { aggregateDepth } from './AggregatedBook';
import { AggregatedLattice } from './AggregatedLattice';
import { DepthWalker, type LegDepth } from './DepthWalker';
import { LotUnits } from './LotUnits';

// Brent: CME BZ (tick 0.05, ratio 1) and ICE BRN (tick 0.01, ratio 2: two contracts a lot).
const legs = [
  { minTick: '0.05', multiplier: '1', priceOffset: '0' },
  { minTick: '0.01', multiplier: '1', priceOffset: '0' },
];
const ratios = [1, 2];
const cme: LegDepth = { bids: [1499, 10, 2, 1498, 4, 1], asks: [1500, 3, 1, 1501, 8, 2] }; // 74.95 / 75.00 in 0.05s
const ice: LegDepth = { bids: [7498, 9, 3, 7495, 6, 2], asks: [7500, 5, 1, 7501, 1, 1, 7503, 4, 2] };

const show = (l: AggregatedLattice, levels: ReturnType<typeof aggregateDepth>) =>
  levels.map((level) => `${l.priceText(level.row)} ${level.quantity} = ${level.legs.map((x) => `L${x.leg}:${x.quantity}(${x.legQuantity})`).join(' ')}`);

describe('aggregateDepth: the merged depth of the legs at aggregated rows', () => {
  const exact = AggregatedLattice.of({ legs, tickOverride: null });

  it('merges asks best first with the per-leg breakdown in aggregated lots (floor(leg qty / ratio))', () => {
    expect(show(exact, aggregateDepth(exact, ratios, [cme, ice], [true, true], 'ask'))).toEqual([
      '75.00 5 = L0:3(3) L1:2(5)',
      '75.03 2 = L1:2(4)',
      '75.05 8 = L0:8(8)',
    ]); // ICE 75.01 shows 1 contract: less than a lot, so no row
  });

  it('merges bids best first', () => {
    expect(show(exact, aggregateDepth(exact, ratios, [cme, ice], [true, true], 'bid'))).toEqual([
      '74.98 4 = L1:4(9)',
      '74.95 13 = L0:10(10) L1:3(6)',
      '74.90 4 = L0:4(4)',
    ]);
  });

  it('skips an unavailable leg and a leg without a book, and stops at maxRows', () => {
    expect(show(exact, aggregateDepth(exact, ratios, [cme, ice], [false, true], 'ask'))).toEqual(['75.00 2 = L1:2(5)', '75.03 2 = L1:2(4)']);
    expect(show(exact, aggregateDepth(exact, ratios, [undefined, ice], [true, true], 'bid', 1))).toEqual(['74.98 4 = L1:4(9)']);
  });

  it('with an override tick, groups leg levels on rows less favourable to the trader', () => {
    const coarse = AggregatedLattice.of({ legs, tickOverride: '0.05' });
    expect(show(coarse, aggregateDepth(coarse, [1, 1], [cme, ice], [true, true], 'ask'))).toEqual([
      '75.00 8 = L0:3(3) L1:5(5)',
      '75.05 13 = L0:8(8) L1:5(5)', // ICE 75.01 and 75.03 shown at 75.05
    ]);
    expect(show(coarse, aggregateDepth(coarse, [1, 1], [cme, ice], [true, true], 'bid'))).toEqual([
      '74.95 25 = L0:10(10) L1:15(15)', // ICE 74.98 and 74.95 shown at 74.95
      '74.90 4 = L0:4(4)',
    ]);
  });
});

describe('DepthWalker', () => {
  it('reports each leg\'s best and worst price within a row and takes off claimed quantity', () => {
    const coarse = AggregatedLattice.of({ legs, tickOverride: '0.05' });
    const claimed = new Map([[7500, 5]]);
    const walker = new DepthWalker(coarse, 'ask', [cme, ice], [true, true], (leg, ticks, q) => (leg === 1 ? q - (claimed.get(ticks) ?? 0) : q));
    expect(walker.next()).toEqual({ row: coarse.rowOf('75.00'), parts: [{ leg: 0, legQuantity: 3, orders: 1, bestTicks: 1500, worstTicks: 1500 }] });
    expect(walker.next()).toEqual({
      row: coarse.rowOf('75.05'),
      parts: [
        { leg: 0, legQuantity: 8, orders: 2, bestTicks: 1501, worstTicks: 1501 },
        { leg: 1, legQuantity: 5, orders: 3, bestTicks: 7501, worstTicks: 7503 },
      ],
    });
    expect(walker.next()).toBeUndefined();
  });
});

describe('LotUnits', () => {
  it('counts lots and every leg contract in whole units of 1/lcm(ratios)', () => {
    const units = new LotUnits([1, 2, 3]);
    expect(units.perLot).toBe(6);
    expect(units.perContract).toEqual([6, 3, 2]);
    expect(units.text(9)).toBe('1.5');
    expect(units.text(8)).toBe('1 1/3');
    expect(units.text(2)).toBe('1/3');
    expect(units.text(12)).toBe('2');
  });

  it('refuses ratios whose common multiple is too large to count exactly', () => {
    expect(() => new LotUnits([997, 991, 983])).toThrow(/least common multiple above 1,000,000/);
    expect(() => new LotUnits([0])).toThrow(/whole number from 1/);
  });
});
