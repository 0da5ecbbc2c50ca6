import type { Order } from './Order';

/** All resting orders at one price on one side, in time priority (a FIFO of intrusive links). */
export class PriceLevel {
  head: Order | null = null;
  tail: Order | null = null;
  /** Sum of the orders' open quantity. */
  quantity = 0;
  orders = 0;

  constructor(
    readonly price: number,
    /** Sort key: larger is better (price for bids, -price for asks). */
    readonly key: number,
  ) {}

  /** Joins the back of the queue. */
  append(order: Order): void {
    order.level = this;
    order.prev = this.tail;
    order.next = null;
    if (this.tail) this.tail.next = order;
    else this.head = order;
    this.tail = order;
    this.quantity += order.leaves;
    this.orders++;
  }

  /** Joins the queue at its priority stamp (used when orders are restored after a restart). */
  insertByPriority(order: Order): void {
    let after = this.tail;
    while (after && after.priority > order.priority) after = after.prev;
    if (after === this.tail) {
      this.append(order);
      return;
    }
    const before = after ? after.next! : this.head!;
    order.level = this;
    order.prev = after;
    order.next = before;
    before.prev = order;
    if (after) after.next = order;
    else this.head = order;
    this.quantity += order.leaves;
    this.orders++;
  }

  /** Leaves the queue; the order's open quantity no longer counts here. */
  remove(order: Order): void {
    if (order.prev) order.prev.next = order.next;
    else this.head = order.next;
    if (order.next) order.next.prev = order.prev;
    else this.tail = order.prev;
    order.prev = null;
    order.next = null;
    order.level = null;
    this.quantity -= order.leaves;
    this.orders--;
  }

  isEmpty(): boolean {
    return this.head === null;
  }
}
