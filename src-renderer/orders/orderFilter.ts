import type { OrderView } from '../../src-shared/ipc/contract';

/** The Order Book's status choices; each order's and parent's status falls in one group (orderBookRows.ts). */
export type StatusFilter = 'all' | 'working' | 'filled' | 'cancelled' | 'rejected';

/** The Order Book's filters; null means any. */
export interface OrderFilter {
  readonly status: StatusFilter;
  readonly trader: string | null;
  readonly account: string | null;
  /** `EXCHANGE|SYMBOL` */
  readonly contract: string | null;
}

export const anyOrder: OrderFilter = { status: 'all', trader: null, account: null, contract: null };

export function contractOf(row: { exchange: string; symbol: string }): string {
  return `${row.exchange}|${row.symbol}`;
}

/** The trader, account and contract filters, shared with Fills. */
export function matchesParty(row: { trader: string; account: string; exchange: string; symbol: string }, filter: Omit<OrderFilter, 'status'>): boolean {
  if (filter.trader !== null && row.trader.toLowerCase() !== filter.trader.toLowerCase()) return false;
  if (filter.account !== null && row.account !== filter.account) return false;
  return filter.contract === null || contractOf(row) === filter.contract;
}

/** An order the trader can still cancel or modify: resting, and not waiting for an answer. */
export function isAmendable(order: OrderView): boolean {
  return (order.status === 'Working' || order.status === 'PartiallyFilled') && order.leaves > 0;
}

/** The distinct values seen, sorted, for a filter's choices. */
export function choicesOf<Row>(rows: Iterable<Row>, value: (row: Row) => string): string[] {
  const seen = new Set<string>();
  for (const row of rows) seen.add(value(row));
  return [...seen].sort();
}
