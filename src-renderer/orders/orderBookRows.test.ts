import { describe, expect, it } from 'vitest';
import type { OrderView, ParentOrderView } from '../../src-shared/ipc/contract';
import { OrderBookModel } from './OrderBookModel';
import { beneathParents, orderRow, parentRow, rowShows } from './orderBookRows';
import { anyOrder } from './orderFilter';

function order(key: string, fields: Partial<OrderView> = {}): OrderView {
  return {
    key, clOrdId: key, orderId: null, connectionId: 'embedded', trader: 'trader1', account: '11111', exchange: 'ICE', symbol: 'BRNF7',
    side: 'buy', type: 'limit', tif: 'day', quantity: 2, price: '75.00', stopPrice: null, filled: 0, leaves: 2, avgPrice: null,
    status: 'Working', text: '', algoId: '4242', updatedAt: 0, ...fields,
  };
}

function parent(fields: Partial<ParentOrderView> = {}): ParentOrderView {
  return {
    key: 'A-1', definitionId: 'brent', instrument: 'Brent', colour: '#e0a040', connectionId: 'embedded', trader: 'trader1', account: '11111',
    side: 'buy', quantity: 8, price: '75.00', status: 'working', filled: '5', working: '3', averagePrice: '75.00', text: '',
    legs: [
      { legIndex: 0, alias: 'ICE', exchange: 'ICE', symbol: 'BRNF7', legColour: '#3fa7ff', filled: 2, working: 2, averagePrice: '75.00' },
      { legIndex: 1, alias: 'CME', exchange: 'CME', symbol: 'BZF7', legColour: '#ff5f5f', filled: 3, working: 1, averagePrice: '75.00' },
    ],
    children: [
      { key: 'c1', legIndex: 0 },
      { key: 'c2', legIndex: 1 },
    ],
    updatedAt: 10,
    ...fields,
  };
}

describe('Order Book rows', () => {
  it('shows a parent in aggregated terms, in its instrument’s colour, cancellable and modifiable while it works', () => {
    expect(parentRow(parent())).toMatchObject({
      id: 'parent:A-1', kind: 'parent', key: 'A-1', band: '#e0a040', status: 'Working', group: 'working', quantity: 8, symbol: 'Brent',
      exchange: 'ICE+CME', contract: 'Aggregator|Brent', price: '75.00', filled: '5', leaves: '3', avgPrice: '75.00', amendable: true,
    });
    expect(parentRow(parent({ status: 'cancelling' }))).toMatchObject({ status: 'Cancelling', look: 'pending', group: 'working', amendable: false });
    expect(parentRow(parent({ status: 'filled', filled: '8', working: '0' }))).toMatchObject({ status: 'Filled', group: 'filled', amendable: false });
  });

  it('shows a child beneath its parent in its leg’s colour with the algo ID, never amendable by hand', () => {
    expect(orderRow(order('c2', { exchange: 'CME', symbol: 'BZF7' }), parent())).toMatchObject({
      id: 'c2', kind: 'child', parentId: 'parent:A-1', band: '#ff5f5f', leg: 'CME', algoId: '4242', symbol: 'BZF7', amendable: false,
    });
    expect(orderRow(order('x', { algoId: null }), undefined)).toMatchObject({ kind: 'order', parentId: null, band: null, amendable: true });
  });

  it('groups each parent’s children beneath it, in the order the sort gave them', () => {
    const rows = [
      { id: 'c2', parent: 'P' },
      { id: 'o1', parent: null },
      { id: 'P', parent: null },
      { id: 'c1', parent: 'P' },
      { id: 'orphan', parent: 'gone' },
    ];
    expect(beneathParents(rows, (r) => r.id, (r) => r.parent).map((r) => r.id)).toEqual(['o1', 'P', 'c2', 'c1', 'orphan']);
  });
});

describe('OrderBookModel and the filter', () => {
  const orders = new Map([
    ['c1', order('c1', { status: 'Filled', filled: 2, leaves: 0 })],
    ['c2', order('c2', { exchange: 'CME', symbol: 'BZF7', quantity: 1, leaves: 1 })],
    ['m1', order('m1', { algoId: null, exchange: 'CME', symbol: 'BZF7' })],
  ]);
  const parents = new Map<string, ParentOrderView>();
  const model = new OrderBookModel(
    { get: (key) => orders.get(key), all: () => orders.values() },
    { get: (key) => parents.get(key), all: () => parents.values(), parentOf: (child) => [...parents.values()].find((p) => p.children.some((c) => c.key === child)) },
  );

  it('re-reads a parent’s children when it arrives after them, and shows or hides them with it', () => {
    expect(model.rebuild().map((row) => [row.id, row.kind])).toEqual([
      ['c1', 'order'],
      ['c2', 'order'],
      ['m1', 'order'],
    ]);
    parents.set('A-1', parent());
    expect(model.parentsChanged([parent()]).map((row) => [row.id, row.kind, row.band])).toEqual([
      ['parent:A-1', 'parent', '#e0a040'],
      ['c1', 'child', '#3fa7ff'],
      ['c2', 'child', '#ff5f5f'],
    ]);
    expect([...model.childrenOf('parent:A-1')].map((row) => row.id)).toEqual(['c1', 'c2']);

    const shows = (id: string, filter = anyOrder, collapsed = new Set<string>()) =>
      rowShows(model.row(id)!, filter, collapsed, (r) => model.row(r), (p) => model.childrenOf(p));
    expect(['parent:A-1', 'c1', 'c2', 'm1'].filter((id) => shows(id))).toEqual(['parent:A-1', 'c1', 'c2', 'm1']);
    // Collapsed: the parent stays, its children go.
    const collapsed = new Set(['parent:A-1']);
    expect(['parent:A-1', 'c1', 'c2', 'm1'].filter((id) => shows(id, anyOrder, collapsed))).toEqual(['parent:A-1', 'm1']);
    // Filled only: the filled child shows, and so does its (working) parent, to show it beneath.
    expect(['parent:A-1', 'c1', 'c2', 'm1'].filter((id) => shows(id, { ...anyOrder, status: 'filled' }))).toEqual(['parent:A-1', 'c1']);
    // The aggregated instrument as the contract: the parent and all its children.
    expect(['parent:A-1', 'c1', 'c2', 'm1'].filter((id) => shows(id, { ...anyOrder, contract: 'Aggregator|Brent' }))).toEqual(['parent:A-1', 'c1', 'c2']);
    // Another trader's: nothing of it.
    expect(['parent:A-1', 'c1', 'c2'].filter((id) => shows(id, { ...anyOrder, trader: 'trader2' }))).toEqual([]);
  });
});
