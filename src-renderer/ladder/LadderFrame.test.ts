import { describe, expect, it } from 'vitest';
import type { BookView, OrderView } from '../../src-shared/ipc/contract/trading';
import { TickSize } from '../../src-shared/pricing';
import { LadderFrame, RowFlag } from './LadderFrame';
import { PriceColumn } from './PriceColumn';
import { tickScale } from './PriceScale';
import { WorkingOrders } from './WorkingOrders';

const book: BookView = {
  exchange: 'CME',
  symbol: 'ESZ6',
  tickSize: '0.25',
  seq: 7,
  // best first: bids down from 100, asks up from 101, with one level far outside the window
  bids: [100, 5, 1, 99, 7, 2, 97, 1, 1, 10, 9, 9],
  asks: [101, 3, 1, 102, 8, 3, 190, 4, 4],
  lastTick: 101,
  lastQuantity: 2,
  volumeAtPrice: [101, 40, 100, 12, 10, 99],
  stale: false,
};

function order(fields: Partial<OrderView>): OrderView {
  return {
    key: 'k1', clOrdId: 'k1', orderId: null, connectionId: 'embedded', trader: 'trader1', account: '11111',
    exchange: 'CME', symbol: 'ESZ6', side: 'buy', type: 'limit', tif: 'day', quantity: 5, price: '24.75',
    stopPrice: null, filled: 0, leaves: 5, avgPrice: null, status: 'Working', text: '', algoId: null, updatedAt: 0,
    ...fields,
  };
}

describe('LadderFrame', () => {
  it('puts each level, the last trade and the volume on the row of its tick', () => {
    const column = new PriceColumn(9, 100); // ticks 104 … 96
    const frame = new LadderFrame();
    frame.fill(column, book, null);
    const at = (tick: number) => column.rowOf(tick);
    expect(frame.rows).toBe(9);
    expect([...frame.ticks]).toEqual([104, 103, 102, 101, 100, 99, 98, 97, 96]);
    expect(frame.bids[at(100)]).toBe(5);
    expect(frame.bids[at(99)]).toBe(7);
    expect(frame.bids[at(98)]).toBe(0);
    expect(frame.bids[at(97)]).toBe(1);
    expect(frame.asks[at(101)]).toBe(3);
    expect(frame.asks[at(102)]).toBe(8);
    expect(frame.asks.reduce((sum, q) => sum + q, 0)).toBe(11);
    expect(frame.bids.reduce((sum, q) => sum + q, 0)).toBe(13);
    expect(frame.lasts[at(101)]).toBe(2);
    expect(frame.volumes[at(101)]).toBe(40);
    expect(frame.volumes[at(100)]).toBe(12);
    expect(frame.flags[at(100)]! & RowFlag.bestBid).toBeTruthy();
    expect(frame.flags[at(101)]! & RowFlag.bestAsk).toBeTruthy();
    expect(frame.flags[at(101)]! & RowFlag.lastTrade).toBeTruthy();
    expect(frame.flags[at(99)]).toBe(0);
  });

  it('clears what the previous frame had', () => {
    const column = new PriceColumn(9, 100);
    const frame = new LadderFrame();
    frame.fill(column, book, null, 2);
    expect(frame.flags[2]! & RowFlag.cursor).toBeTruthy();
    frame.fill(column, { ...book, bids: [], asks: [], lastTick: null, volumeAtPrice: [] }, null);
    expect(frame.bids.every((q) => q === 0)).toBe(true);
    expect(frame.asks.every((q) => q === 0)).toBe(true);
    expect(frame.lasts.every((q) => q === 0)).toBe(true);
    expect(frame.flags.every((f) => f === 0)).toBe(true);
  });

  it('shows the working orders at their prices, buys and sells apart, pending ones flagged', () => {
    const tickSize = TickSize.parse('0.25');
    const working = WorkingOrders.of(
      [
        order({ key: 'a', price: '24.75', leaves: 5 }),
        order({ key: 'b', price: '24.75', leaves: 2, status: 'PendingNew' }),
        order({ key: 'c', side: 'sell', price: '25.5', leaves: 1, status: 'PartiallyFilled' }),
        order({ key: 'd', price: '24.5', status: 'Filled', leaves: 0 }),
        order({ key: 'e', price: '24.5', status: 'Cancelled' }),
        order({ key: 'f', price: '24', account: '22222' }),
        order({ key: 'g', price: '24.1' }), // off the tick lattice: not drawable
        order({ key: 'h', type: 'market', price: null }),
      ],
      tickScale(tickSize),
      (o) => o.account === '11111',
    );
    expect(working.at('buy', 99)).toEqual({ quantity: 7, keys: ['a', 'b'], pending: true });
    expect(working.at('sell', 102)).toEqual({ quantity: 1, keys: ['c'], pending: false });
    expect(working.buys.size).toBe(1);
    expect(working.sells.size).toBe(1);

    const column = new PriceColumn(9, 100);
    const frame = new LadderFrame();
    frame.fill(column, null, working);
    expect(frame.buys[column.rowOf(99)]).toBe(7);
    expect(frame.sells[column.rowOf(102)]).toBe(1);
    expect(frame.flags[column.rowOf(99)]! & RowFlag.buyPending).toBeTruthy();
    expect(frame.flags[column.rowOf(102)]! & RowFlag.sellPending).toBeFalsy();
    expect(frame.bids.every((q) => q === 0)).toBe(true);
  });

  it('keeps what an Aggregator order shows beyond its quantity (band, legs) on its row, and forgets it next frame', () => {
    const working = new WorkingOrders();
    Object.assign(working.entry('buy', 99), { quantity: 3, keys: ['p1'], band: '#e0a040', legs: [{ alias: 'ICE', colour: '#3fa7ff', quantity: 2, price: '24.75' }] });
    Object.assign(working.entry('buy', 98), { quantity: 0, keys: ['p1'], legs: [{ alias: 'CME', colour: '#ff5f5f', quantity: 1, price: '24.50' }] });
    working.entry('sell', 102).quantity = 4;
    const column = new PriceColumn(9, 100);
    const frame = new LadderFrame();
    frame.fill(column, null, working);
    expect(frame.buys[column.rowOf(99)]).toBe(3);
    expect(frame.buyMarks[column.rowOf(99)]).toBe(working.at('buy', 99));
    expect(frame.buyMarks[column.rowOf(98)]?.legs?.[0]?.alias).toBe('CME');
    expect(frame.sells[column.rowOf(102)]).toBe(4);
    expect(frame.sellMarks.every((at) => at === undefined)).toBe(true);
    frame.fill(column, null, null);
    expect(frame.buyMarks.every((at) => at === undefined)).toBe(true);
  });

  it('invalidate makes every value unlike any real frame', () => {
    const frame = new LadderFrame();
    frame.resize(3);
    frame.invalidate();
    const real = new LadderFrame();
    real.fill(new PriceColumn(3, 0), null, null);
    for (let row = 0; row < 3; row++) {
      expect(frame.bids[row]).not.toBe(real.bids[row]);
      expect(frame.ticks[row]).not.toBe(real.ticks[row]);
      expect(frame.flags[row]).not.toBe(real.flags[row]);
    }
  });
});
