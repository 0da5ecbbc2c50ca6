import { describe, expect, it } from 'vitest';
import { IpcClient } from '../../src-shared/ipc/client';
import type { BookView } from '../../src-shared/ipc/contract';
import type { ClientMessage } from '../../src-shared/ipc/protocol';
import { TickSize } from '../../src-shared/pricing';
import type { TradingSelection } from '../trading/selectionStore';
import { contractDesk } from './LadderDesk';
import { tickScale } from './PriceScale';
import { LadderTrading, type LadderContext } from './LadderTrading';

const book: BookView = { exchange: 'CME', symbol: 'ESZ6', tickSize: '0.25', seq: 1, bids: [24000, 5, 1], asks: [24001, 5, 1], lastTick: null, lastQuantity: 0, volumeAtPrice: [], stale: false };

interface Fixture {
  trading: LadderTrading;
  sent: ClientMessage[];
  client: IpcClient;
  set: (change: Partial<{ blocked: string | null; quantity: number | null; confirmOrders: boolean; guardTicks: number }>) => void;
  settle: () => Promise<void>;
}

function fixture(): Fixture {
  const sent: ClientMessage[] = [];
  const client = new IpcClient((message) => sent.push(message));
  let state = { blocked: null as string | null, quantity: 2 as number | null, confirmOrders: false, guardTicks: 10 };
  const selection: TradingSelection = { connectionId: 'embedded', trader: 'trader1', account: '11111' };
  const context: LadderContext = {
    desk: contractDesk(client, { connectionId: 'embedded', exchange: 'CME', symbol: 'ESZ6' }),
    scale: tickScale(TickSize.parse('0.25')),
    block: (purpose) => (purpose === 'cancel' && state.blocked?.startsWith('stale') ? null : state.blocked),
    book: () => book,
    selection: () => selection,
    settings: () => state,
  };
  return {
    trading: new LadderTrading(context),
    sent,
    client,
    set: (change) => (state = { ...state, ...change }),
    settle: () => new Promise((resolve) => setTimeout(resolve, 0)),
  };
}

const calls = (sent: ClientMessage[]) => sent.flatMap((m) => (m.t === 'call' ? [{ method: m.method, payload: m.payload }] : []));

describe('LadderTrading', () => {
  it('sends a limit order at the clicked price with the quantity, trader and account', async () => {
    const { trading, sent, client, settle } = fixture();
    trading.place('buy', 24000);
    expect(calls(sent)).toEqual([
      {
        method: 'orders.submit',
        payload: { connectionId: 'embedded', trader: 'trader1', account: '11111', exchange: 'CME', symbol: 'ESZ6', side: 'buy', type: 'limit', tif: 'day', quantity: 2, price: '6000.00' },
      },
    ]);
    client.receive({ t: 'result', id: 1, value: { key: 'T-1' } });
    await settle();
    expect(trading.state.getState().message).toEqual({ text: 'Sent: Buy 2 ESZ6 @ 6000.00 for 11111', bad: false });
  });

  it("shows the gateway's reason when an order is refused", async () => {
    const { trading, client, settle } = fixture();
    trading.place('sell', 24001);
    client.receive({ t: 'error', id: 1, error: { code: 'Refused', message: 'Order quantity 2 exceeds max 1' } });
    await settle();
    expect(trading.state.getState().message).toEqual({ text: 'Refused: Sell 2 ESZ6 @ 6000.25 for 11111: Order quantity 2 exceeds max 1', bad: true });
  });

  it('sends nothing while blocked, and says why', () => {
    const { trading, sent, set } = fixture();
    set({ blocked: 'Market data for ESZ6 is stale' });
    trading.place('buy', 24000);
    trading.move(['a'], 'buy', 24000, 23999);
    trading.flatten();
    expect(sent).toEqual([]);
    expect(trading.state.getState().message).toEqual({ text: 'Not flattened: Market data for ESZ6 is stale', bad: true });
    set({ blocked: null, quantity: null });
    trading.place('buy', 24000);
    expect(sent).toEqual([]);
    expect(trading.state.getState().message?.text).toBe('Not sent: enter a quantity above zero');
  });

  it('still cancels on stale market data', () => {
    const { trading, sent, set } = fixture();
    set({ blocked: 'stale market data' });
    trading.cancel(['a', 'b']);
    trading.cancelAll();
    expect(calls(sent)).toEqual([
      { method: 'orders.cancel', payload: { key: 'a' } },
      { method: 'orders.cancel', payload: { key: 'b' } },
      { method: 'orders.cancelAll', payload: { trader: 'trader1', connectionId: 'embedded', exchange: 'CME', symbol: 'ESZ6', account: '11111' } },
    ]);
  });

  it('asks before sending a price far from the market, and sends only on yes', () => {
    const { trading, sent } = fixture();
    trading.place('buy', 24000 + 11);
    expect(sent).toEqual([]);
    const pending = trading.state.getState().confirmation!;
    expect(pending.title).toBe('Buy 2 ESZ6 @ 6002.75 for 11111');
    expect(pending.reason).toBe('6002.75 is 11 ticks from the inside market 6000.00 – 6000.25 (more than 10)');
    trading.dismiss();
    expect(sent).toEqual([]);
    expect(trading.state.getState().confirmation).toBeNull();

    trading.place('buy', 24000 + 11);
    trading.confirm();
    expect(calls(sent).map((c) => c.method)).toEqual(['orders.submit']);
  });

  it('in confirm mode asks for every order, move and flatten', () => {
    const { trading, sent, set } = fixture();
    set({ confirmOrders: true });
    trading.place('buy', 24000);
    expect(trading.state.getState().confirmation).toMatchObject({ title: 'Buy 2 ESZ6 @ 6000.00 for 11111', reason: null });
    trading.confirm();
    trading.move(['k'], 'buy', 24000, 23998);
    expect(trading.state.getState().confirmation?.title).toBe('Move buy order from 6000.00 to 5999.50');
    trading.confirm();
    trading.flatten();
    trading.confirm();
    expect(calls(sent)).toEqual([
      expect.objectContaining({ method: 'orders.submit' }),
      { method: 'orders.replace', payload: { key: 'k', price: '5999.50' } },
      { method: 'orders.flatten', payload: { connectionId: 'embedded', trader: 'trader1', account: '11111', exchange: 'CME', symbol: 'ESZ6' } },
    ]);
  });

  it('does not send a confirmed order if trading became blocked meanwhile', () => {
    const { trading, sent, set } = fixture();
    set({ confirmOrders: true });
    trading.place('buy', 24000);
    set({ blocked: 'Embedded gateway is disconnected' });
    trading.confirm();
    expect(sent).toEqual([]);
    expect(trading.state.getState().message?.text).toBe('Not sent: Embedded gateway is disconnected');
  });
});
