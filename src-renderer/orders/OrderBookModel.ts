import type { OrderView, ParentOrderView } from '../../src-shared/ipc/contract';
import { orderRow, parentRow, type OrderBookRow } from './orderBookRows';

export interface OrderSource {
  get(key: string): OrderView | undefined;
  all(): Iterable<OrderView>;
}

export interface ParentSource {
  get(key: string): ParentOrderView | undefined;
  all(): Iterable<ParentOrderView>;
  parentOf(childKey: string): ParentOrderView | undefined;
}

/**
 * The Order Book's rows from the orders and the Aggregator parents, kept by row id, with each
 * parent's children: what the grid shows and what its filter and grouping read. A change of
 * either stream gives back only the rows it changed (a parent's change re-reads its children,
 * whose colour band and place come from it).
 */
export class OrderBookModel {
  private readonly rows = new Map<string, OrderBookRow>();
  private readonly children = new Map<string, Set<string>>();

  constructor(
    private readonly orders: OrderSource,
    private readonly parents: ParentSource,
  ) {}

  row(id: string): OrderBookRow | undefined {
    return this.rows.get(id);
  }

  *childrenOf(parentId: string): IterableIterator<OrderBookRow> {
    for (const id of this.children.get(parentId) ?? []) {
      const row = this.rows.get(id);
      if (row) yield row;
    }
  }

  /** Every row, anew. */
  rebuild(): OrderBookRow[] {
    this.rows.clear();
    this.children.clear();
    const all: OrderBookRow[] = [];
    for (const parent of this.parents.all()) all.push(this.put(parentRow(parent)));
    for (const order of this.orders.all()) all.push(this.put(orderRow(order, this.parents.parentOf(order.key))));
    return all;
  }

  ordersChanged(orders: readonly OrderView[]): OrderBookRow[] {
    return orders.map((order) => this.put(orderRow(order, this.parents.parentOf(order.key))));
  }

  parentsChanged(parents: readonly ParentOrderView[]): OrderBookRow[] {
    const changed: OrderBookRow[] = [];
    for (const parent of parents) {
      changed.push(this.put(parentRow(parent)));
      for (const child of parent.children) {
        const order = this.orders.get(child.key);
        if (order) changed.push(this.put(orderRow(order, parent)));
      }
    }
    return changed;
  }

  private put(row: OrderBookRow): OrderBookRow {
    const before = this.rows.get(row.id);
    if (before?.parentId != null && before.parentId !== row.parentId) this.children.get(before.parentId)?.delete(row.id);
    if (row.parentId !== null) {
      let set = this.children.get(row.parentId);
      if (!set) this.children.set(row.parentId, (set = new Set()));
      set.add(row.id);
    }
    this.rows.set(row.id, row);
    return row;
  }
}
