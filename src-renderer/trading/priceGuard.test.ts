import { describe, expect, it } from 'vitest';
import type { BookView } from '../../src-shared/ipc/contract';
import { TickSize } from '../../src-shared/pricing';
import { priceNeedsConfirming } from './priceGuard';

const tick = TickSize.parse('0.25');
const price = (t: number) => tick.priceOf(t);
const empty: BookView = { exchange: 'CME', symbol: 'ESZ6', tickSize: '0.25', seq: 1, bids: [], asks: [], lastTick: null, lastQuantity: 0, volumeAtPrice: [], stale: false };
const inside: BookView = { ...empty, bids: [24000, 5, 1], asks: [24002, 5, 1] }; // mid 24001

describe('priceNeedsConfirming', () => {
  it('passes prices up to N ticks from the middle of the inside market', () => {
    expect(priceNeedsConfirming(24001, inside, 10, price)).toBeNull();
    expect(priceNeedsConfirming(24011, inside, 10, price)).toBeNull();
    expect(priceNeedsConfirming(23991, inside, 10, price)).toBeNull();
  });

  it('asks to confirm beyond N ticks, saying how far and from what', () => {
    expect(priceNeedsConfirming(24012, inside, 10, price)).toBe('6003.00 is 11 ticks from the inside market 6000.00 – 6000.50 (more than 10)');
    expect(priceNeedsConfirming(23990, inside, 10, price)).toMatch(/^5997\.50 is 11 ticks/);
  });

  it('measures from a half-tick mid exactly', () => {
    const oneTickWide: BookView = { ...empty, bids: [24000, 1, 1], asks: [24001, 1, 1] }; // mid 24000.5
    expect(priceNeedsConfirming(24005, oneTickWide, 5, price)).toBeNull(); // 4.5 ticks
    expect(priceNeedsConfirming(24006, oneTickWide, 5, price)).toMatch(/is 6 ticks/); // 5.5 ticks
    expect(priceNeedsConfirming(23996, oneTickWide, 5, price)).toBeNull(); // 4.5 ticks
    expect(priceNeedsConfirming(23995, oneTickWide, 5, price)).toMatch(/is 6 ticks/); // 5.5 ticks
  });

  it('falls back to one side, then the last trade, and confirms everything with no market', () => {
    expect(priceNeedsConfirming(24020, { ...empty, bids: [24000, 1, 1] }, 10, price)).toMatch(/from the best bid 6000\.00/);
    expect(priceNeedsConfirming(24005, { ...empty, asks: [24000, 1, 1] }, 10, price)).toBeNull();
    expect(priceNeedsConfirming(24050, { ...empty, lastTick: 24000 }, 10, price)).toMatch(/from the last trade 6000\.00/);
    expect(priceNeedsConfirming(24000, empty, 10, price)).toBe('There is no market to check the price against');
    expect(priceNeedsConfirming(24000, null, 10, price)).toBe('There is no market to check the price against');
  });
});
