import { describe, expect, it } from 'vitest';
import { IpcClient } from '../../src-shared/ipc/client';
import type { ClientMessage } from '../../src-shared/ipc/protocol';
import type { FillView, OrderView, PositionView } from '../../src-shared/ipc/contract';
import { FillsStore, followFills } from './FillsStore';
import { followOrders, OrdersStore, type OrdersChange } from './OrdersStore';
import { createPositionsStore, followPositions, positionOf } from './positionsStore';
import { createSelectionStore } from './selectionStore';

function order(key: string, fields: Partial<OrderView> = {}): OrderView {
  return {
    key, clOrdId: key, orderId: null, connectionId: 'embedded', trader: 'trader1', account: '11111', exchange: 'CME', symbol: 'ESZ6',
    side: 'buy', type: 'limit', tif: 'day', quantity: 1, price: '6000.25', stopPrice: null, filled: 0, leaves: 1, avgPrice: null,
    status: 'PendingNew', text: '', algoId: null, updatedAt: 0, ...fields,
  };
}

function fill(execId: string): FillView {
  return { execId, orderKey: 'a', connectionId: 'embedded', trader: 'trader1', account: '11111', exchange: 'CME', symbol: 'ESZ6', side: 'buy', quantity: 1, price: '6000.25', time: 0 };
}

function client(): { client: IpcClient; sent: ClientMessage[] } {
  const sent: ClientMessage[] = [];
  return { client: new IpcClient((message) => sent.push(message)), sent };
}

describe('orders store', () => {
  it('takes the whole list, then changes, from the orders stream', () => {
    const { client: ipc, sent } = client();
    const store = new OrdersStore();
    const changes: OrdersChange[] = [];
    store.onChange((change) => changes.push(change));
    followOrders(ipc, store);
    expect(sent).toEqual([{ t: 'sub', id: 1, stream: 'orders', args: {} }]);
    expect(store.feed.kind).toBe('waiting');

    ipc.receive({ t: 'event', id: 1, value: { reset: true, orders: [order('a'), order('b')] } });
    ipc.receive({ t: 'event', id: 1, value: { reset: false, orders: [order('a', { status: 'Working', orderId: 'X1' })] } });
    expect(store.size).toBe(2);
    expect(store.get('a')?.status).toBe('Working');
    expect(store.feed.kind).toBe('live');
    expect(changes.map((change) => [change.reset, change.orders.length])).toEqual([[true, 2], [false, 1]]);

    // A new reset (main reconciled) replaces everything.
    ipc.receive({ t: 'event', id: 1, value: { reset: true, orders: [order('c')] } });
    expect([...store.all()].map((o) => o.key)).toEqual(['c']);
    expect(store.version).toBe(3);

    ipc.receive({ t: 'end', id: 1, error: { code: 'Internal', message: 'order service stopped' } });
    expect(store.feed).toEqual({ kind: 'ended', reason: 'order service stopped' });
  });
});

describe('fills store', () => {
  it('keeps each fill once by ExecID and passes on only the new ones', () => {
    const { client: ipc } = client();
    const store = new FillsStore();
    const added: string[][] = [];
    store.onChange((change) => added.push(change.fills.map((f) => f.execId)));
    followFills(ipc, store);
    ipc.receive({ t: 'event', id: 1, value: { reset: true, fills: [fill('1-B'), fill('2-B')] } });
    ipc.receive({ t: 'event', id: 1, value: { reset: false, fills: [fill('2-B'), fill('3-B')] } });
    expect(store.size).toBe(3);
    expect(added).toEqual([['1-B', '2-B'], ['3-B']]);
  });
});

describe('positions store', () => {
  it('holds main latest list and finds a position by account and contract', () => {
    const { client: ipc } = client();
    const store = createPositionsStore();
    followPositions(ipc, store);
    const long: PositionView = { account: '11111', exchange: 'CME', symbol: 'ESZ6', net: 2, averagePrice: '6000.25', realizedPnl: '0', openPnl: '25', currency: 'USD' };
    ipc.receive({ t: 'event', id: 1, value: [long] });
    expect(positionOf(store.getState().positions, '11111', 'CME', 'ESZ6')).toEqual(long);
    expect(positionOf(store.getState().positions, '22222', 'CME', 'ESZ6')).toBeUndefined();
  });
});

describe('selection store', () => {
  it('remembers each trader account when switching between traders', () => {
    const selection = createSelectionStore();
    selection.activate('embedded', 'trader1');
    selection.setAccount(' 11111 ');
    expect(selection.getState()).toEqual({ connectionId: 'embedded', trader: 'trader1', account: '11111' });
    selection.activate('embedded', 'trader2');
    expect(selection.getState().account).toBe('');
    selection.setAccount('33333');
    selection.activate('embedded', 'trader1');
    expect(selection.getState().account).toBe('11111');
    selection.clear();
    expect(selection.getState().trader).toBeNull();
  });
});
