import { describe, expect, it } from 'vitest';
import { columnWidths, isLadderColumn, ladderColumns } from './LadderColumns';

describe('ladder columns', () => {
  it('puts buys left of the price and sells right of it', () => {
    const ids = ladderColumns.map((column) => column.id);
    expect(ids.indexOf('buys')).toBeLessThan(ids.indexOf('price'));
    expect(ids.indexOf('bid')).toBeLessThan(ids.indexOf('price'));
    expect(ids.indexOf('sells')).toBeGreaterThan(ids.indexOf('price'));
    expect(ids.indexOf('ask')).toBeGreaterThan(ids.indexOf('price'));
  });

  it('splits a width into whole pixels that add up to it', () => {
    for (const width of [0, 7, 333, 480, 1001.6]) {
      const widths = columnWidths(width);
      expect(widths).toHaveLength(ladderColumns.length);
      expect(widths.every((w) => Number.isInteger(w) && w >= 0)).toBe(true);
      expect(widths.reduce((sum, w) => sum + w, 0)).toBe(Math.floor(width));
    }
    const [buys, bid, price] = columnWidths(480);
    expect(price).toBeGreaterThan(bid!);
    expect(buys).toBe(bid);
  });

  it('knows its column ids', () => {
    expect(isLadderColumn('bid')).toBe(true);
    expect(isLadderColumn('row')).toBe(false);
    expect(isLadderColumn(undefined)).toBe(false);
  });
});
