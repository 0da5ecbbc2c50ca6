import { describe, expect, it } from 'vitest';
import type { AdminBook } from '../src-gateway/admin/instrumentControl';
import { differencesFromBook, type PaintedRow } from './ladderBook';

const book: AdminBook = {
  exchange: 'CME',
  symbol: 'ESZ6',
  seq: 42,
  bids: [
    { price: '6000.00', quantity: 12, orders: 2 },
    { price: '5999.50', quantity: 1_250_000, orders: 9 },
  ],
  asks: [{ price: '6000.25', quantity: 7, orders: 1 }],
  lastTrade: null,
};

/** What a ladder showing `book` exactly paints, from 6000.50 down to 5999.50. */
function exact(): PaintedRow[] {
  return [
    { tick: 24002, price: '6000.50', bid: '', ask: '' },
    { tick: 24001, price: '6000.25', bid: '', ask: '7' },
    { tick: 24000, price: '6000.00', bid: '12', ask: '' },
    { tick: 23999, price: '5999.75', bid: '', ask: '' },
    { tick: 23998, price: '5999.50', bid: '1.25M', ask: '' },
  ];
}

describe('differencesFromBook', () => {
  it('finds none when every row shows the book, blank where it has no level', () => {
    expect(differencesFromBook(exact(), book, '0.25')).toEqual([]);
  });

  it('names a stale quantity, a quantity the book no longer has, and one it is missing', () => {
    const rows = exact();
    rows[1] = { ...rows[1]!, ask: '8' };
    rows[3] = { ...rows[3]!, bid: '3' };
    rows[2] = { ...rows[2]!, bid: '' };
    expect(differencesFromBook(rows, book, '0.25')).toEqual([
      '6000.25 ask shows "8", the gateway has "7"',
      '6000.00 bid shows "", the gateway has "12"',
      '5999.75 bid shows "3", the gateway has ""',
    ]);
  });

  it('names a row whose price is not its tick, a gap in the prices, and an empty ladder', () => {
    const rows = exact();
    rows[0] = { ...rows[0]!, price: '6000.75' };
    rows.splice(3, 1);
    expect(differencesFromBook(rows, book, '0.25')).toEqual(['row 0 (tick 24002) shows price 6000.75, not 6000.50', 'row 3 (5999.50) does not follow 6000.00']);
    expect(differencesFromBook([], book, '0.25')).toEqual(['no rows on screen']);
  });
});
