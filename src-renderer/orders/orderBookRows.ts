import type { OrderStatus, OrderView, ParentOrderView, ParentStatus } from '../../src-shared/ipc/contract';
import { contractOf, isAmendable, matchesParty, type OrderFilter } from './orderFilter';

type StatusGroup = 'working' | 'filled' | 'cancelled' | 'rejected';
export type StatusLook = 'pending' | 'working' | 'filled' | 'done' | 'rejected';

/**
 * One row of the Order Book: an order, an Aggregator parent, or a parent's child order (an
 * order too, shown beneath its parent in its leg's colour). Parents are in aggregated terms:
 * lots, working/filled as main's exact texts, the average aggregated price.
 */
export interface OrderBookRow {
  /** The grid's row id: an order's key, or `parent:` and the parent's key. */
  readonly id: string;
  readonly kind: 'order' | 'parent' | 'child';
  /** What cancel and modify act on: the order's key or the parent's. */
  readonly key: string;
  /** A child's parent row id. */
  readonly parentId: string | null;
  /** The colour band: the aggregated instrument's on a parent, the leg's on a child. */
  readonly band: string | null;
  /** A child's leg alias. */
  readonly leg: string | null;
  readonly updatedAt: number;
  readonly status: string;
  readonly look: StatusLook;
  readonly group: StatusGroup;
  readonly side: 'buy' | 'sell';
  readonly quantity: number;
  /** The contract's symbol, or the aggregated instrument's name. */
  readonly symbol: string;
  readonly exchange: string;
  /** The contract filter's key (`EXCHANGE|SYMBOL`; `Aggregator|name` for a parent). */
  readonly contract: string;
  readonly price: string | null;
  readonly filled: string;
  /** Open quantity: an order's leaves, a parent's working lots. */
  readonly leaves: string;
  readonly avgPrice: string | null;
  readonly account: string;
  readonly trader: string;
  readonly type: string;
  readonly tif: string;
  readonly text: string;
  readonly clOrdId: string;
  readonly orderId: string | null;
  readonly algoId: string | null;
  /** Cancel and modify are offered (a child is worked by its parent, never by hand). */
  readonly amendable: boolean;
}

const orderLook: Record<OrderStatus, StatusLook> = {
  PendingNew: 'pending',
  PendingReplace: 'pending',
  PendingCancel: 'pending',
  Working: 'working',
  PartiallyFilled: 'working',
  Filled: 'filled',
  Cancelled: 'done',
  Expired: 'done',
  Rejected: 'rejected',
};

const orderGroup: Record<OrderStatus, StatusGroup> = {
  PendingNew: 'working',
  PendingReplace: 'working',
  PendingCancel: 'working',
  Working: 'working',
  PartiallyFilled: 'working',
  Filled: 'filled',
  Cancelled: 'cancelled',
  Expired: 'cancelled',
  Rejected: 'rejected',
};

const parentStatus: Record<ParentStatus, { text: string; look: StatusLook; group: StatusGroup }> = {
  working: { text: 'Working', look: 'working', group: 'working' },
  paused: { text: 'Paused', look: 'pending', group: 'working' },
  cancelling: { text: 'Cancelling', look: 'pending', group: 'working' },
  filled: { text: 'Filled', look: 'filled', group: 'filled' },
  cancelled: { text: 'Cancelled', look: 'done', group: 'cancelled' },
  rejected: { text: 'Rejected', look: 'rejected', group: 'rejected' },
};

export function parentRowId(key: string): string {
  return `parent:${key}`;
}

/** An order's row; beneath `parent` in its leg's colour when it is one of its children. */
export function orderRow(order: OrderView, parent: ParentOrderView | undefined): OrderBookRow {
  const child = parent?.children.find((c) => c.key === order.key);
  const leg = child === undefined ? undefined : parent?.legs.find((l) => l.legIndex === child.legIndex);
  return {
    id: order.key,
    kind: child === undefined ? 'order' : 'child',
    key: order.key,
    parentId: child === undefined || parent === undefined ? null : parentRowId(parent.key),
    band: leg?.legColour ?? null,
    leg: leg?.alias ?? null,
    updatedAt: order.updatedAt,
    status: order.status,
    look: orderLook[order.status],
    group: orderGroup[order.status],
    side: order.side,
    quantity: order.quantity,
    symbol: order.symbol,
    exchange: order.exchange,
    contract: contractOf(order),
    price: order.price,
    filled: String(order.filled),
    leaves: String(order.leaves),
    avgPrice: order.avgPrice,
    account: order.account,
    trader: order.trader,
    type: order.type,
    tif: order.tif,
    text: order.text,
    clOrdId: order.clOrdId,
    orderId: order.orderId,
    algoId: order.algoId,
    amendable: child === undefined && isAmendable(order),
  };
}

export function parentRow(parent: ParentOrderView): OrderBookRow {
  const status = parentStatus[parent.status];
  return {
    id: parentRowId(parent.key),
    kind: 'parent',
    key: parent.key,
    parentId: null,
    band: parent.colour,
    leg: null,
    updatedAt: parent.updatedAt,
    status: status.text,
    look: status.look,
    group: status.group,
    side: parent.side,
    quantity: parent.quantity,
    symbol: parent.instrument,
    exchange: [...new Set(parent.legs.map((leg) => leg.exchange))].join('+'),
    contract: `Aggregator|${parent.instrument}`,
    price: parent.price,
    filled: parent.filled,
    leaves: parent.working,
    avgPrice: parent.averagePrice,
    account: parent.account,
    trader: parent.trader,
    type: 'aggregated',
    tif: '',
    text: parent.text,
    clOrdId: parent.key,
    orderId: null,
    algoId: null,
    amendable: parent.status === 'working' || parent.status === 'paused',
  };
}

export function matchesRow(row: OrderBookRow, filter: OrderFilter): boolean {
  if (filter.status !== 'all' && row.group !== filter.status) return false;
  if (filter.contract !== null && row.contract !== filter.contract) return false;
  return matchesParty(row, { ...filter, contract: null });
}

/**
 * Whether a row shows under the filters with some parents collapsed: a parent shows when it or
 * one of its children matches; a child shows when its parent is expanded and either matches.
 */
export function rowShows(row: OrderBookRow, filter: OrderFilter, collapsed: ReadonlySet<string>, rowOf: (id: string) => OrderBookRow | undefined, childrenOf: (parentId: string) => Iterable<OrderBookRow>): boolean {
  if (row.kind === 'parent') {
    if (matchesRow(row, filter)) return true;
    for (const child of childrenOf(row.id)) if (matchesRow(child, filter)) return true;
    return false;
  }
  const parent = row.parentId === null ? undefined : rowOf(row.parentId);
  if (!parent) return matchesRow(row, filter);
  return !collapsed.has(parent.id) && (matchesRow(row, filter) || matchesRow(parent, filter));
}

/**
 * Rows in their sorted order, each parent followed by its children (in their sorted order):
 * the grid's own sort puts them anywhere. A child whose parent is not among the rows stays where
 * the sort put it.
 */
export function beneathParents<T>(rows: readonly T[], idOf: (row: T) => string, parentIdOf: (row: T) => string | null): T[] {
  const present = new Set(rows.map(idOf));
  const children = new Map<string, T[]>();
  for (const row of rows) {
    const parent = parentIdOf(row);
    if (parent === null || !present.has(parent)) continue;
    const list = children.get(parent);
    if (list) list.push(row);
    else children.set(parent, [row]);
  }
  const out: T[] = [];
  for (const row of rows) {
    const parent = parentIdOf(row);
    if (parent !== null && present.has(parent)) continue;
    out.push(row, ...(children.get(idOf(row)) ?? []));
  }
  return out;
}
