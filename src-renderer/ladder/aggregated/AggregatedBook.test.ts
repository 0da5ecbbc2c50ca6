import { describe, expect, it } from 'vitest';
import { AggregatedLattice } from '../../../src-shared/aggregator';
import { aggregatorDefinitionSchema, type AggregatedBookView } from '../../../src-shared/ipc/contract';
import { latticeScale } from '../PriceScale';
import { AggregatedBook, ladderBookOf } from './AggregatedBook';

const definition = aggregatorDefinitionSchema.parse({
  id: 'brent',
  name: 'Brent',
  colour: '#e0a040',
  connectionId: 'embedded',
  algoId: '4242',
  taking: {},
  joining: {},
  rebalance: {},
  legs: [
    { exchange: 'ICE', symbol: 'BRNF7', alias: 'ICE', ratio: 1, minTick: '0.01', legColour: '#3fa7ff' },
    { exchange: 'CME', symbol: 'BZF7', alias: 'CME', ratio: 2, minTick: '0.05', legColour: '#ff5f5f' },
  ],
});

const view: AggregatedBookView = {
  definitionId: 'brent',
  bids: [{ row: 7495, quantity: 4, legs: [[0, 4, 4]] }],
  asks: [
    { row: 7500, quantity: 5, legs: [[0, 2, 2], [1, 3, 7]] },
    { row: 7505, quantity: 4, legs: [[1, 4, 8]] },
  ],
  lastRow: 7500,
  lastQuantity: 2,
  legs: [
    { available: true, reason: '' },
    { available: false, reason: 'CME closed' },
  ],
};

describe('AggregatedBook', () => {
  it('gives the ladder the merged depth as rows, best first, and the last trade on its row', () => {
    expect(ladderBookOf(view, 'Brent', 3)).toEqual({
      exchange: 'AGGREGATOR',
      symbol: 'Brent',
      tickSize: '1',
      seq: 3,
      bids: [7495, 4, 1],
      asks: [7500, 5, 2, 7505, 4, 1],
      lastTick: 7500,
      lastQuantity: 2,
      volumeAtPrice: [],
      stale: false,
    });
  });

  it('breaks a level down by leg for the hover, with contracts where a ratio is not one', () => {
    const book = new AggregatedBook(definition, latticeScale(AggregatedLattice.of(definition)));
    expect(book.levelTitle('ask', 7500)).toBeNull();
    book.set(view);
    expect(book.levelTitle('ask', 7500)).toBe('Ask 5 @ 75.00: ICE 2, CME 3 (7 contracts)');
    expect(book.levelTitle('bid', 7495)).toBe('Bid 4 @ 74.95: ICE 4');
    expect(book.levelTitle('bid', 7500)).toBeNull();
    expect(book.store.book?.asks.slice(0, 3)).toEqual([7500, 5, 2]);
  });

  it('says which legs are down and why; blocks orders only when none can trade', () => {
    const book = new AggregatedBook(definition, latticeScale(AggregatedLattice.of(definition)));
    expect(book.legs.getState().legs.map((leg) => [leg.alias, leg.available, leg.reason])).toEqual([
      ['ICE', false, 'waiting for main'],
      ['CME', false, 'waiting for main'],
    ]);
    book.set(view);
    expect(book.legs.getState().legs.map((leg) => [leg.alias, leg.colour, leg.available, leg.reason])).toEqual([
      ['ICE', '#3fa7ff', true, ''],
      ['CME', '#ff5f5f', false, 'CME closed'],
    ]);
    expect(book.legsBlock()).toBeNull();
    const before = book.legs.getState();
    book.set({ ...view, asks: [] });
    expect(book.legs.getState()).toBe(before);
    book.set({ ...view, legs: [{ available: false, reason: 'ICE closed' }, { available: false, reason: 'CME closed' }] });
    expect(book.legsBlock()).toBe('No leg can trade: ICE ICE closed; CME CME closed');
  });
});
