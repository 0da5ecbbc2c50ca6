import { describe, expect, it } from 'vitest';
import type { OrderView } from '../../src-shared/ipc/contract';
import { RowKeys } from '../grid/RowKeys';
import { matchesRow, orderRow } from './orderBookRows';
import { anyOrder, choicesOf, contractOf, isAmendable, type OrderFilter } from './orderFilter';

function order(key: string, fields: Partial<OrderView> = {}): OrderView {
  return {
    key, clOrdId: key, orderId: null, connectionId: 'embedded', trader: 'trader1', account: '11111', exchange: 'CME', symbol: 'ESZ6',
    side: 'buy', type: 'limit', tif: 'day', quantity: 1, price: '6000.25', stopPrice: null, filled: 0, leaves: 1, avgPrice: null,
    status: 'Working', text: '', algoId: null, updatedAt: 0, ...fields,
  };
}

describe('Order Book filters', () => {
  const orders = [
    order('a'),
    order('b', { status: 'PendingNew' }),
    order('c', { status: 'Filled', leaves: 0 }),
    order('d', { status: 'Expired', leaves: 0 }),
    order('e', { status: 'Rejected', leaves: 0, account: '22222' }),
    order('f', { trader: 'trader2', account: '33333', exchange: 'ICE', symbol: 'BRNF7' }),
  ];
  const keys = (filter: OrderFilter) => orders.filter((o) => matchesRow(orderRow(o, undefined), filter)).map((o) => o.key);

  it('groups statuses the way a trader asks for them', () => {
    expect(keys(anyOrder)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(keys({ ...anyOrder, status: 'working' })).toEqual(['a', 'b', 'f']);
    expect(keys({ ...anyOrder, status: 'filled' })).toEqual(['c']);
    expect(keys({ ...anyOrder, status: 'cancelled' })).toEqual(['d']);
    expect(keys({ ...anyOrder, status: 'rejected' })).toEqual(['e']);
  });

  it('filters by trader (any case), account and contract together', () => {
    expect(keys({ ...anyOrder, trader: 'TRADER2' })).toEqual(['f']);
    expect(keys({ ...anyOrder, account: '22222' })).toEqual(['e']);
    expect(keys({ ...anyOrder, contract: 'ICE|BRNF7' })).toEqual(['f']);
    expect(keys({ status: 'working', trader: 'trader1', account: '11111', contract: 'CME|ESZ6' })).toEqual(['a', 'b']);
  });

  it('offers cancel and modify only for resting orders not waiting for an answer', () => {
    expect(orders.filter(isAmendable).map((o) => o.key)).toEqual(['a', 'f']);
    expect(isAmendable(order('g', { status: 'PendingCancel' }))).toBe(false);
    expect(isAmendable(order('h', { status: 'PartiallyFilled', filled: 1, leaves: 1, quantity: 2 }))).toBe(true);
  });

  it('lists the choices seen', () => {
    expect(choicesOf(orders, (o) => o.account)).toEqual(['11111', '22222', '33333']);
    expect(choicesOf(orders, contractOf)).toEqual(['CME|ESZ6', 'ICE|BRNF7']);
  });
});

describe('RowKeys', () => {
  it('adds rows the grid has not seen and updates the ones it has, even before a batch is applied', () => {
    const rows = new RowKeys<OrderView>((o) => o.key);
    expect(rows.reset([order('a')]).map((o) => o.key)).toEqual(['a']);
    const first = rows.transaction([order('a', { status: 'Filled' }), order('b')]);
    expect(first.update.map((o) => o.key)).toEqual(['a']);
    expect(first.add.map((o) => o.key)).toEqual(['b']);
    // 'b' may still sit in the grid's async queue: it is an update now.
    expect(rows.transaction([order('b', { status: 'Cancelled' })])).toEqual({ add: [], update: [order('b', { status: 'Cancelled' })] });
    rows.reset([]);
    expect(rows.transaction([order('a')]).add).toHaveLength(1);
  });
});
