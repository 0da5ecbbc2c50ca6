import { describe, expect, it } from 'vitest';
import { Order } from './Order';
import { OrderIndex } from './OrderIndex';

const order = (id: number) => new Order(id, 'A', 'X', 'buy', 'limit', 'gtc', 1, 100, undefined, id);

describe('OrderIndex', () => {
  it('finds, replaces and forgets orders by id, across pages and beyond 2^32', () => {
    const index = new OrderIndex();
    const ids = [1, 2, 1023, 1024, 5000, 2 ** 32 + 7, 20261122000001];
    for (const id of ids) index.set(order(id));
    expect(index.size).toBe(ids.length);
    for (const id of ids) expect(index.get(id)?.orderId).toBe(id);
    expect(index.get(3)).toBeUndefined();
    expect(index.get(2 ** 32 + 8)).toBeUndefined();
    index.set(index.get(5000)!); // idempotent
    expect(index.size).toBe(ids.length);
    index.delete(1024);
    index.delete(1024);
    index.delete(999_999);
    expect(index.has(1024)).toBe(false);
    expect(index.size).toBe(ids.length - 1);
  });

  it('lists orders by ascending id whatever the order they came in', () => {
    const index = new OrderIndex();
    for (const id of [4096, 3, 70_000, 1025, 2]) index.set(order(id));
    expect([...index.values()].map((o) => o.orderId)).toEqual([2, 3, 1025, 4096, 70_000]);
  });

  it('keeps no page once its orders are gone', () => {
    const index = new OrderIndex();
    for (let id = 1; id <= 10_000; id++) index.set(order(id));
    for (let id = 1; id <= 10_000; id++) if (id !== 9_999) index.delete(id);
    expect([...index.values()].map((o) => o.orderId)).toEqual([9_999]);
    expect((index as unknown as { pages: Map<number, unknown> }).pages.size).toBe(1);
  });
});
