import { describe, expect, it } from 'vitest';
import { parseQuantity, quantityChoices, readLadderParams } from './ladderSettings';

describe('ladder settings', () => {
  it('reads saved params, falling back field by field on anything it cannot use', () => {
    expect(readLadderParams(undefined)).toEqual({ instrument: null, aggregated: null, defaultQuantity: 1, confirmOrders: false, autoCentre: true, guardTicks: 20 });
    const saved = { instrument: { connectionId: 'embedded', exchange: 'CME', symbol: 'ESZ6', tickSize: '0.25' }, aggregated: null, defaultQuantity: 5, confirmOrders: true, autoCentre: false, guardTicks: 8 };
    expect(readLadderParams(saved)).toEqual(saved);
    expect(readLadderParams({ ...saved, instrument: { symbol: 'ESZ6' }, defaultQuantity: -3, guardTicks: 'x' })).toEqual({ ...saved, instrument: null, defaultQuantity: 1, guardTicks: 20 });
    // A layout from before aggregated ladders has no such field; a broken one is dropped.
    const brent = { ...saved, instrument: null, aggregated: { definitionId: 'agg-1', name: 'Brent' } };
    expect(readLadderParams(brent)).toEqual(brent);
    expect(readLadderParams({ ...brent, aggregated: { definitionId: 'Not An Id', name: 'Brent' } }).aggregated).toBeNull();
  });

  it('offers multiples of the default quantity', () => {
    expect(quantityChoices(1)).toEqual([1, 2, 5, 10, 25, 50]);
    expect(quantityChoices(1_000_000)).toEqual([1e6, 2e6, 5e6, 1e7, 2.5e7, 5e7]);
  });

  it('reads typed quantities, with M for millions, and refuses the rest', () => {
    expect(parseQuantity('5')).toBe(5);
    expect(parseQuantity(' 1,000,000 ')).toBe(1_000_000);
    expect(parseQuantity('2.5m')).toBe(2_500_000);
    expect(parseQuantity('1.1M')).toBe(1_100_000);
    expect(parseQuantity('0')).toBeNull();
    expect(parseQuantity('-1')).toBeNull();
    expect(parseQuantity('1.5')).toBeNull();
    expect(parseQuantity('abc')).toBeNull();
    expect(parseQuantity('')).toBeNull();
    expect(parseQuantity('1.0000001m')).toBeNull();
  });
});
