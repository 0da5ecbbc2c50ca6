import type { Order } from './Order';

const PAGE_SIZE = 1024;

interface Page {
  readonly slots: (Order | undefined)[];
  live: number;
}

/**
 * Orders by order id. Ids are handed out in sequence, so they live in pages of 1024 array
 * slots: a lookup is a small map read and an array index, much cheaper than one large Map
 * holding every resting order, and a page is dropped once all its orders are gone, so a
 * long run keeps only the pages that still hold orders.
 */
export class OrderIndex {
  private readonly pages = new Map<number, Page>();
  private count = 0;

  get(orderId: number): Order | undefined {
    const key = Math.floor(orderId / PAGE_SIZE);
    return this.pages.get(key)?.slots[orderId - key * PAGE_SIZE];
  }

  has(orderId: number): boolean {
    return this.get(orderId) !== undefined;
  }

  /** Adds or re-adds an order (idempotent). */
  set(order: Order): void {
    const key = Math.floor(order.orderId / PAGE_SIZE);
    let page = this.pages.get(key);
    if (!page) {
      page = { slots: new Array<Order | undefined>(PAGE_SIZE).fill(undefined), live: 0 };
      this.pages.set(key, page);
    }
    const slot = order.orderId - key * PAGE_SIZE;
    if (page.slots[slot] === undefined) {
      page.live++;
      this.count++;
    }
    page.slots[slot] = order;
  }

  delete(orderId: number): void {
    const key = Math.floor(orderId / PAGE_SIZE);
    const page = this.pages.get(key);
    if (!page) return;
    const slot = orderId - key * PAGE_SIZE;
    if (page.slots[slot] === undefined) return;
    page.slots[slot] = undefined;
    this.count--;
    if (--page.live === 0) this.pages.delete(key);
  }

  get size(): number {
    return this.count;
  }

  /** Every order, by ascending order id. */
  *values(): IterableIterator<Order> {
    for (const key of [...this.pages.keys()].sort((a, b) => a - b)) {
      for (const order of this.pages.get(key)!.slots) if (order) yield order;
    }
  }
}
