import { describe, expect, it } from 'vitest';
import { TickSize } from '../../src-shared/pricing';
import { MarketBook, type IncrementEntry } from './MarketBook';

const tick = TickSize.parse('0.25');

function book(): MarketBook {
  const b = new MarketBook('CME', 'ESZ6', tick);
  b.snapshot(10, [
    { type: '0', price: '5000.00', size: 5, orders: 2 },
    { type: '0', price: '4999.75', size: 7, orders: 1 },
    { type: '1', price: '5000.50', size: 3, orders: 1 },
    { type: '1', price: '5000.25', size: 4, orders: 3 },
    { type: '2', price: '5000.25', size: 1, orders: 0 },
  ]);
  return b;
}

const change = (rptSeq: number, fields: Partial<IncrementEntry>): IncrementEntry => ({ action: '1', type: '0', price: '5000.00', size: 1, orders: 1, rptSeq, ...fields });

describe('MarketBook', () => {
  it('builds the ladder view from a snapshot: flat [tick, quantity, orders] from the best price out', () => {
    expect(book().view(false)).toEqual({
      exchange: 'CME',
      symbol: 'ESZ6',
      tickSize: '0.25',
      seq: 10,
      bids: [20000, 5, 2, 19999, 7, 1],
      asks: [20001, 4, 3, 20002, 3, 1],
      lastTick: 20001,
      lastQuantity: 1,
      volumeAtPrice: [],
      stale: false,
    });
  });

  it('counts every trade print, two alike included; a snapshot repeating the last trade counts none', () => {
    const b = book();
    expect(b.lastTrade()).toEqual({ ticks: 20001, quantity: 1, count: 1 });
    b.increment(change(11, { type: '2', price: '5000.25', size: 1, orders: 0 }));
    b.increment(change(12, { type: '2', price: '5000.25', size: 1, orders: 0 }));
    expect(b.lastTrade()).toEqual({ ticks: 20001, quantity: 1, count: 3 });
    b.snapshot(12, [{ type: '2', price: '5000.25', size: 1, orders: 0 }]);
    expect(b.lastTrade()!.count).toBe(3);
    expect(b.depth()).toEqual({ bids: [], asks: [] });
  });

  it('applies increments in RptSeq order: new, change, delete and trades with volume at price', () => {
    const b = book();
    expect(b.increment(change(11, { action: '0', price: '5000.25', size: 2, orders: 1 }))).toBe('applied');
    expect(b.increment(change(12, { action: '2', type: '1', price: '5000.25', size: 0, orders: 0 }))).toBe('applied');
    expect(b.increment(change(13, { action: '0', type: '2', price: '5000.25', size: 3, orders: 0 }))).toBe('applied');
    expect(b.increment(change(14, { action: '0', type: '2', price: '5000.25', size: 2, orders: 0 }))).toBe('applied');
    const view = b.view(false);
    expect([view.bids.slice(0, 3), view.asks.slice(0, 3), view.lastTick, view.lastQuantity, view.volumeAtPrice, view.seq]).toEqual([
      [20001, 2, 1],
      [20002, 3, 1],
      20001,
      2,
      [20001, 5],
      14,
    ]);
  });

  it('reports an old entry, a gap, and entries before any snapshot, without applying them', () => {
    const b = book();
    expect(b.increment(change(10, { size: 99 }))).toBe('old');
    expect(b.increment(change(12, { size: 99 }))).toBe('gap');
    expect(b.view(false).bids.slice(0, 3)).toEqual([20000, 5, 2]);
    b.invalidate();
    expect(b.increment(change(11, { size: 99 }))).toBe('unsynced');
    expect(new MarketBook('CME', 'ESZ6', tick).increment(change(1, {}))).toBe('unsynced');
  });

  it('marks to the last trade, else the mid, and finds the price that sweeps a quantity', () => {
    const b = book();
    expect(b.mark()!.toString()).toBe('20001/4');
    const noTrades = new MarketBook('CME', 'ESZ6', tick);
    noTrades.snapshot(1, [
      { type: '0', price: '5000.00', size: 5, orders: 1 },
      { type: '1', price: '5000.25', size: 5, orders: 1 },
    ]);
    expect(noTrades.mark()!.toString()).toBe('40001/8');
    expect([b.sweepTicks('sell', 5), b.sweepTicks('sell', 6), b.sweepTicks('sell', 100), b.sweepTicks('buy', 4), b.sweepTicks('buy', 5)]).toEqual([20000, 19999, 19999, 20001, 20002]);
    expect(new MarketBook('CME', 'ESZ6', tick).sweepTicks('buy', 1)).toBeUndefined();
  });
});
