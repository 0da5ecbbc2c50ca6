import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PasswordHasher } from '../../src-gateway/auth/passwords';
import { gatewayConfigFromValue } from '../../src-gateway/config/gatewayConfig';
import { GatewayTestClient, limitOrder } from '../../src-gateway/fix/gatewayTestClient';
import { startGateway, type RunningGateway } from '../../src-gateway/gateway';
import { Tag } from '../../src-shared/fix/codec';
import { IpcClient } from '../../src-shared/ipc/client';
import type { BookView, ConnectionView, FillView, OrderView, PositionView } from '../../src-shared/ipc/contract';
import { IpcServer } from '../../src-shared/ipc/server';
import { createMainServices, type MainServices } from '../app/mainServices';
import { adminCall as adminCallOf, eventually, refusal, setMarket as setMarketOf } from './testing';
import { TESSERA_LICENCE } from './TradingService';

// Trading through main's services and the IPC contract against a real gateway in this process
// (SPEC §4, §11): logons, the order state machine fed by real execution reports, positions,
// the conflated book, and a gateway restart with a fill that happened while we were away.

const hasher = new PasswordHasher({ logN: 10, r: 8, p: 1 });
let root: string;
let gatewayDir: string;
let gateway: RunningGateway;
let fixPort: number;
let services: MainServices;
let client: IpcClient;
let connectionId: string;
const internalErrors: unknown[] = [];
const reports: string[] = [];

async function startTestGateway(port: number): Promise<RunningGateway> {
  const config = gatewayConfigFromValue({ fix: { port }, admin: { port: 0 }, dataDir: gatewayDir, market: { backgroundFlow: false } }, { source: 'test', baseDir: gatewayDir });
  return startGateway(config, { hasher });
}

const timing = { pingIntervalMs: 200, watchdogIntervalMs: 50, silentAfterMs: 400, probeTimeoutMs: 400, reconnectInitialMs: 100, reconnectMaxMs: 400, answerTimeoutMs: 5000 };

/** Main's services on the test's user-data folder, and a renderer's client of them. */
function openWorkstation(): { services: MainServices; client: IpcClient } {
  const opened = createMainServices({ shell: 'browser', dataDir: join(root, 'workstation'), report: (line) => reports.push(line), tradingTiming: timing });
  const server = new IpcServer(opened.handlers, { validateOutgoing: true, onInternalError: (error) => internalErrors.push(error) });
  const ipc: IpcClient = new IpcClient((message) => connection.receive(structuredClone(message)));
  const connection = server.accept({ transport: 'memory', label: 'test' }, (message) => ipc.receive(structuredClone(message)));
  return { services: opened, client: ipc };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tessera-trading-'));
  gatewayDir = join(root, 'gateway');
  gateway = await startTestGateway(0);
  fixPort = gateway.fixPort;
  ({ services, client } = openWorkstation());
  const view = await client.call('connections.add', { name: 'Test gateway', host: '127.0.0.1', port: fixPort, senderCompID: 'Tessera', targetCompID: 'DemoFirm', heartbeatSeconds: 30 });
  connectionId = view.id;
});

afterAll(async () => {
  await services.dispose();
  await gateway.close();
  rmSync(root, { recursive: true, force: true });
  expect(internalErrors).toEqual([]);
  expect(reports).toEqual([]);
});

/** The latest value of a stream. */
function latest<T>(subscribe: (emit: (value: T) => void) => void): { value: T | undefined; count: number } {
  const state: { value: T | undefined; count: number } = { value: undefined, count: 0 };
  subscribe((value) => {
    state.value = value;
    state.count++;
  });
  return state;
}

/** Orders as a screen keeps them: the reset list, then changes by key; every status seen, in order. */
function trackOrders(trader?: string) {
  const orders = new Map<string, OrderView>();
  const statuses = new Map<string, string[]>();
  client.subscribe('orders', trader === undefined ? {} : { trader }, (event) => {
    if (event.reset) orders.clear();
    for (const order of event.orders) {
      orders.set(order.key, order);
      const seen = statuses.get(order.key) ?? [];
      if (seen.at(-1) !== order.status) seen.push(order.status);
      statuses.set(order.key, seen);
    }
  });
  return { orders, statuses };
}

/** Every fill event received, in order (to prove none is shown twice). */
function trackFills(trader?: string): FillView[] {
  const fills: FillView[] = [];
  client.subscribe('fills', trader === undefined ? {} : { trader }, (event) => fills.push(...event.fills));
  return fills;
}

const connection = (): ConnectionView => latestConnections.value!.find((view) => view.id === connectionId)!;
let latestConnections: { value: ConnectionView[] | undefined };

const order = (trader: string, account: string, side: 'buy' | 'sell', quantity: number, price: string) => ({
  connectionId,
  trader,
  account,
  exchange: 'CME',
  symbol: 'ESZ6',
  side,
  type: 'limit' as const,
  quantity,
  price,
});

const adminCall = (method: string, path: string, body: unknown): Promise<void> => adminCallOf(gateway.adminPort, method, path, body);
const setMarket = (exchange: string, open: boolean): Promise<void> => setMarketOf(gateway.adminPort, exchange, open);

describe('trading through main against the gateway', () => {
  let trader1: ReturnType<typeof trackOrders>;
  let trader2: ReturnType<typeof trackOrders>;
  let everyone: ReturnType<typeof trackOrders>;
  let fills1: FillView[];
  let allFills: FillView[];
  let positions1: { value: PositionView[] | undefined };
  let book: { value: BookView | undefined; count: number };

  beforeAll(() => {
    latestConnections = latest((emit) => client.subscribe('connections', {}, emit));
    trader1 = trackOrders('trader1');
    trader2 = trackOrders('trader2');
    everyone = trackOrders();
    fills1 = trackFills('trader1');
    allFills = trackFills();
    positions1 = latest((emit) => client.subscribe('positions', { trader: 'trader1' }, emit));
  });

  it('shows the gateway’s reason for a refused logon, and keeps no session', async () => {
    const error = await refusal(client.call('session.logOn', { connectionId, username: 'trader1', password: 'wrong' }));
    expect([error.code, error.message]).toEqual(['Refused', 'Invalid username or password']);
    await eventually(() => expect(connection()).toMatchObject({ state: 'disconnected', detail: 'Invalid username or password', loggedOnAs: null }));
  });

  it('logs the master user on: connected, logged on as, latency measured', async () => {
    await client.call('session.logOn', { connectionId, username: 'trader1', password: 'trader1-demo' });
    await eventually(() => {
      expect(connection()).toMatchObject({ state: 'connected', loggedOnAs: 'trader1', marketData: 'none', traders: [{ username: 'trader1', state: 'logged-on', master: true, detail: '' }] });
      expect(connection().latencyMs).toBeGreaterThan(0);
    });
    const again = await refusal(client.call('session.logOn', { connectionId, username: 'trader1', password: 'trader1-demo' }));
    expect(again.message).toMatch(/already logged on as trader1/);
  });

  it('logs a trader on under the master; a refused trader logon shows the reason and keeps the session', async () => {
    const error = await refusal(client.call('traders.logOn', { connectionId, username: 'trader2', password: 'nope' }));
    expect([error.code, error.message]).toEqual(['Refused', 'Invalid username or password']);
    await eventually(() => expect(connection().traders).toContainEqual({ username: 'trader2', state: 'refused', detail: 'Invalid username or password', master: false }));
    expect(connection().state).toBe('connected');
    await client.call('traders.logOn', { connectionId, username: 'trader2', password: 'trader2-demo' });
    await eventually(() => expect(connection().traders).toContainEqual({ username: 'trader2', state: 'logged-on', detail: '', master: false }));
  });

  it('lists the gateway’s instruments with tick, multiplier, currency and hours', async () => {
    const list = await client.call('instruments.list', { connectionId });
    expect(list.find((i) => i.symbol === 'ESZ6')).toMatchObject({ exchange: 'CME', tickSize: '0.25', multiplier: '50', hours: expect.stringMatching(/^open; hours /) });
    expect(list.map((i) => i.symbol)).toEqual(expect.arrayContaining(['ESZ6', 'MESZ6', 'BRNF7', 'EURUSD']));
  });

  it('blocks an order, with the reason, without live market data, off the tick, or for a trader not logged on', async () => {
    const noData = await refusal(client.call('orders.submit', order('trader1', '11111', 'buy', 1, '5000.00')));
    expect(noData.message).toBe('No market data for ESZ6 on CME yet: subscribing now');
    book = latest((emit) => client.subscribe('book', { connectionId, exchange: 'CME', symbol: 'ESZ6' }, emit));
    await eventually(() => expect(book.value).toMatchObject({ exchange: 'CME', symbol: 'ESZ6', tickSize: '0.25', stale: false }));
    await eventually(() => expect(connection()).toMatchObject({ state: 'connected', marketData: 'live' }));
    const offTick = await refusal(client.call('orders.submit', order('trader1', '11111', 'buy', 1, '5000.10')));
    expect(offTick.message).toBe('Price 5000.10 is not a price of ESZ6: the tick is 0.25');
    const stranger = await refusal(client.call('orders.submit', order('viewer', '11111', 'buy', 1, '5000.00')));
    expect(stranger.message).toBe('Trader viewer is not logged on to Test gateway');
  });

  it('submits: pending new, then working; another trader fills it: filled, one fill, position and P&L', async () => {
    const { key } = await client.call('orders.submit', order('trader1', '11111', 'buy', 2, '5000'));
    await eventually(() => expect(trader1.orders.get(key)).toMatchObject({ status: 'Working', price: '5000.00', leaves: 2, orderId: expect.stringMatching(/^CME-/) }));
    expect(trader1.statuses.get(key)).toEqual(['PendingNew', 'Working']);
    // The book shows it: one bid of 2 at 20000 ticks.
    await eventually(() => expect(book.value!.bids).toEqual([20000, 2, 1]));
    const sell = await client.call('orders.submit', order('trader2', '33333', 'sell', 2, '5000.00'));
    await eventually(() => expect(trader1.orders.get(key)).toMatchObject({ status: 'Filled', filled: 2, leaves: 0, avgPrice: '5000' }));
    await eventually(() => expect(trader2.orders.get(sell.key)).toMatchObject({ status: 'Filled', filled: 2 }));
    expect(fills1.map((f) => [f.orderKey, f.quantity, f.price, f.side, f.account])).toEqual([[key, 2, '5000.00', 'buy', '11111']]);
    await eventually(() =>
      expect(positions1.value).toEqual([{ account: '11111', exchange: 'CME', symbol: 'ESZ6', net: 2, averagePrice: '5000', realizedPnl: '0', openPnl: '0', currency: 'USD' }]),
    );
    await eventually(() => expect([book.value!.lastTick, book.value!.lastQuantity, book.value!.volumeAtPrice]).toEqual([20000, 2, [20000, 2]]));
  });

  it('routes every report by TargetSubID: each trader sees only its own orders; the unfiltered list shows each once', () => {
    for (const view of trader1.orders.values()) expect(view.trader).toBe('trader1');
    for (const view of trader2.orders.values()) expect(view.trader).toBe('trader2');
    expect([...trader1.orders.values()].some((view) => view.account === '33333')).toBe(false);
    expect(everyone.orders.size).toBe(trader1.orders.size + trader2.orders.size);
    expect(allFills.map((f) => f.trader).sort()).toEqual(['trader1', 'trader2']);
  });

  it('cancels: pending cancel, then cancelled', async () => {
    const { key } = await client.call('orders.submit', order('trader1', '11111', 'buy', 1, '4999.00'));
    await eventually(() => expect(trader1.orders.get(key)!.status).toBe('Working'));
    await client.call('orders.cancel', { key });
    await eventually(() => expect(trader1.orders.get(key)).toMatchObject({ status: 'Cancelled', leaves: 0 }));
    expect(trader1.statuses.get(key)).toEqual(['PendingNew', 'Working', 'PendingCancel', 'Cancelled']);
    const late = await refusal(client.call('orders.cancel', { key }));
    expect(late.message).toBe(`Order ${key} is already cancelled`);
  });

  it('replaces price and quantity: pending replace, then working at the new price under a new ClOrdID', async () => {
    const { key } = await client.call('orders.submit', order('trader1', '11111', 'buy', 3, '4999.00'));
    await eventually(() => expect(trader1.orders.get(key)!.status).toBe('Working'));
    const offTick = await refusal(client.call('orders.replace', { key, price: '4999.13' }));
    expect(offTick.message).toMatch(/not a price of ESZ6/);
    await client.call('orders.replace', { key, quantity: 4, price: '4999.25' });
    await eventually(() => expect(trader1.orders.get(key)).toMatchObject({ status: 'Working', quantity: 4, price: '4999.25', leaves: 4 }));
    expect(trader1.orders.get(key)!.clOrdId).not.toBe(key);
    expect(trader1.statuses.get(key)).toEqual(['PendingNew', 'Working', 'PendingReplace', 'Working']);
    await eventually(() => expect(book.value!.bids).toEqual([19997, 4, 1]));
  });

  it('expires DAY orders when the exchange closes, rejects a change meanwhile with the reason, and keeps a GTC order working', async () => {
    const day = [...trader1.orders.values()].find((o) => o.status === 'Working')!;
    const gtc = await client.call('orders.submit', { ...order('trader1', '11111', 'buy', 1, '4999.00'), tif: 'gtc' });
    await eventually(() => expect(trader1.orders.get(gtc.key)!.status).toBe('Working'));
    await setMarket('CME', false);
    await eventually(() => expect(trader1.orders.get(day.key)).toMatchObject({ status: 'Expired', leaves: 0, text: 'Expired at the session close' }));
    await eventually(async () => expect((await client.call('instruments.list', { connectionId })).find((i) => i.symbol === 'ESZ6')!.hours).toMatch(/^closed; /));
    await client.call('orders.replace', { key: gtc.key, price: '4999.50' });
    await eventually(() => expect(trader1.orders.get(gtc.key)).toMatchObject({ status: 'Working', price: '4999.00', text: 'Change rejected: CME is closed' }));
    expect(trader1.statuses.get(gtc.key)).toEqual(['PendingNew', 'Working', 'PendingReplace', 'Working']);
    await setMarket('CME', true);
  });

  it('cancels all of a trader’s working orders, and flattens a position with an IOC into the bids', async () => {
    const { count } = await client.call('orders.cancelAll', { trader: 'trader1' });
    expect(count).toBe(1);
    await eventually(() => expect([...trader1.orders.values()].filter((o) => o.status === 'Working')).toEqual([]));
    const bid = await client.call('orders.submit', order('trader2', '33333', 'buy', 5, '4999.75'));
    await eventually(() => expect(trader2.orders.get(bid.key)!.status).toBe('Working'));
    await eventually(() => expect(book.value!.bids.slice(0, 3)).toEqual([19999, 5, 1]));
    const { key } = await client.call('orders.flatten', { connectionId, trader: 'trader1', account: '11111', exchange: 'CME', symbol: 'ESZ6' });
    expect(key).not.toBeNull();
    await eventually(() => expect(trader1.orders.get(key!)).toMatchObject({ side: 'sell', type: 'limit', tif: 'ioc', price: '4999.75', status: 'Filled', filled: 2 }));
    // Bought 2 at 5000.00, sold 2 at 4999.75: −0.25 × 2 × 50.
    await eventually(() => expect(positions1.value![0]).toMatchObject({ net: 0, realizedPnl: '-25', averagePrice: null }));
    expect(await client.call('orders.flatten', { connectionId, trader: 'trader1', account: '11111', exchange: 'CME', symbol: 'ESZ6' })).toEqual({ key: null });
  });

  it('reconnects after a gateway restart: the master and every trader log on again, and nothing is doubled', async () => {
    await client.call('orders.cancelAll', { trader: 'trader2' });
    await eventually(() => expect([...trader2.orders.values()].filter((o) => o.status === 'Working')).toEqual([]));
    const { key } = await client.call('orders.submit', order('trader1', '11111', 'buy', 3, '4999.50'));
    await eventually(() => expect(trader1.orders.get(key)!.status).toBe('Working'));
    const fillsBefore = allFills.length;
    await gateway.close();
    await eventually(() => expect(connection().state).not.toBe('connected'));
    const blocked = await refusal(client.call('orders.submit', order('trader1', '11111', 'buy', 1, '4999.00')));
    expect(blocked.message).toMatch(/^Test gateway is not connected/);
    gateway = await startTestGateway(fixPort);
    await eventually(
      () =>
        expect(connection()).toMatchObject({
          state: 'connected',
          loggedOnAs: 'trader1',
          marketData: 'live',
          traders: [
            { username: 'trader1', state: 'logged-on', master: true },
            { username: 'trader2', state: 'logged-on', master: false },
          ],
        }),
      10_000,
    );
    // The resting orders came back into the book in the restarted gateway, and into ours.
    await eventually(() => expect(book.value).toMatchObject({ stale: false, bids: [19998, 3, 1] }));
    expect(trader1.orders.get(key)!.status).toBe('Working');
    expect(allFills.length).toBe(fillsBefore);
  });

  it('reconciles a fill that happened while disconnected exactly once (OrderMassStatusRequest)', async () => {
    const resting = [...trader1.orders.values()].find((o) => o.status === 'Working')!;
    await client.call('traders.logOff', { connectionId, username: 'trader2' });
    await eventually(() => expect(connection().traders.find((t) => t.username === 'trader2')!.state).toBe('logged-off'));
    const fillsBefore = fills1.length;
    // The gateway comes back on another port first: the workstation cannot reach it, another
    // session (trader2) sells into trader1's resting bid, and trader1, not logged on, misses it.
    await gateway.close();
    gateway = await startTestGateway(0);
    const other = new GatewayTestClient(gateway.fixPort, { application: 'Tessera', firm: 'DemoFirm', licence: TESSERA_LICENCE, username: 'trader2', password: 'trader2-demo' });
    await other.logOn();
    other.send(limitOrder('trader2', { clOrdId: 'AWAY-1', account: '33333', symbol: 'ESZ6', exchange: 'CME', side: 'sell', qty: 3, price: '4999.50' }));
    const fill = await other.next((m) => m.msgType === '8' && m.get(Tag.ClOrdID) === 'AWAY-1' && m.get(Tag.ExecType) === 'F');
    expect(fill.get(Tag.OrdStatus)).toBe('2');
    await other.stop();
    await gateway.close();
    gateway = await startTestGateway(fixPort);
    await eventually(() => expect(trader1.orders.get(resting.key)).toMatchObject({ status: 'Filled', filled: 3, leaves: 0 }), 10_000);
    const missed = fills1.slice(fillsBefore);
    expect(missed.map((f) => [f.orderKey, f.quantity, f.price])).toEqual([[resting.key, 3, '4999.50']]);
    await eventually(() => expect(positions1.value![0]).toMatchObject({ net: 3, averagePrice: '4999.5', realizedPnl: '-25' }));
    // Another reconnect reports the same day: still exactly one fill for it.
    await gateway.close();
    gateway = await startTestGateway(fixPort);
    await eventually(() => expect(connection()).toMatchObject({ state: 'connected', loggedOnAs: 'trader1' }), 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fills1.slice(fillsBefore)).toHaveLength(1);
    const execIds = allFills.map((f) => `${f.connectionId}|${f.execId}`);
    expect(new Set(execIds).size).toBe(execIds.length);
    for (const view of everyone.orders.values()) {
      const filled = allFills.filter((f) => f.orderKey === view.key && f.trader === view.trader).reduce((sum, f) => sum + f.quantity, 0);
      expect(filled).toBe(view.filled);
    }
  });

  it('stops reconnecting when the gateway refuses the logon itself (the password was changed meanwhile)', async () => {
    await adminCall('PUT', '/users/trader1/password', { password: 'trader1-changed' });
    await gateway.close();
    gateway = await startTestGateway(fixPort);
    await eventually(() => expect(connection()).toMatchObject({ state: 'disconnected', detail: 'Logon refused on reconnect: Invalid username or password', loggedOnAs: null }));
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(connection()).toMatchObject({ state: 'disconnected', detail: 'Logon refused on reconnect: Invalid username or password' });
    const error = await refusal(client.call('orders.submit', order('trader1', '11111', 'buy', 1, '4999.00')));
    expect(error.message).toBe('Not logged on to Test gateway');
    await client.call('session.logOn', { connectionId, username: 'trader1', password: 'trader1-changed' });
    await eventually(() => expect(connection()).toMatchObject({ state: 'connected', loggedOnAs: 'trader1' }));
  });

  it('says so when the gateway cannot be reached at all', async () => {
    const other = await client.call('connections.add', { name: 'Nowhere', host: '127.0.0.1', port: 1, senderCompID: 'Tessera', targetCompID: 'DemoFirm' });
    const error = await refusal(client.call('session.logOn', { connectionId: other.id, username: 'trader1', password: 'x' }));
    expect(error.message).toMatch(/^Cannot reach 127\.0\.0\.1:1: connect ECONNREFUSED/);
    await client.call('connections.remove', { id: other.id });
  });

  it('never writes a password to the user-data folder (FIX store and log)', () => {
    const files = readdirSync(join(root, 'workstation'), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(files.map((f) => f.name)).toEqual(expect.arrayContaining([expect.stringMatching(/\.journal$/), 'messages.log']));
    for (const file of files) {
      const content = readFileSync(join(file.parentPath, file.name)).toString('latin1');
      for (const secret of ['trader1-demo', 'trader2-demo', 'trader1-changed', 'nope']) expect(content.includes(secret), `${file.name} holds ${secret}`).toBe(false);
    }
  });

  it('logs off: every trader ends, and trading is refused with the reason', async () => {
    await client.call('session.logOff', { connectionId });
    await eventually(() => expect(connection()).toMatchObject({ state: 'disconnected', loggedOnAs: null, latencyMs: null, detail: 'Logged off' }));
    expect(connection().traders.every((t) => t.state === 'logged-off')).toBe(true);
    const error = await refusal(client.call('orders.submit', order('trader1', '11111', 'buy', 1, '4999.00')));
    expect(error.message).toBe('Not logged on to Test gateway');
  });

  it('after a workstation restart: the FIX sequence goes on, and the day is rebuilt from the gateway, each fill once', async () => {
    const before = new Map([...trader1.orders.values()].filter((o) => o.orderId !== null).map((o) => [o.orderId, [o.status, o.filled, o.avgPrice]]));
    const positionsBefore = positions1.value;
    await services.dispose();
    ({ services, client } = openWorkstation());
    const after = trackOrders('trader1');
    const fills = trackFills('trader1');
    const positions = latest<PositionView[]>((emit) => client.subscribe('positions', { trader: 'trader1' }, emit));
    // ResetOnLogon is off: a sequence number starting again at 1 would be refused as too low.
    await client.call('session.logOn', { connectionId, username: 'trader1', password: 'trader1-changed' });
    await eventually(() => expect(new Map([...after.orders.values()].map((o) => [o.orderId, [o.status, o.filled, o.avgPrice]]))).toEqual(before));
    for (const view of after.orders.values()) expect(fills.filter((f) => f.orderKey === view.key).reduce((sum, f) => sum + f.quantity, 0)).toBe(view.filled);
    // Open P&L needs a mark, which depends on the market after the restarts; the rest is the same.
    const withoutMark = (list: PositionView[] | undefined) => list?.map(({ openPnl: _mark, ...rest }) => rest);
    await eventually(() => expect(withoutMark(positions.value)).toEqual(withoutMark(positionsBefore)));
  });

  it('with a risk manager as master: a trader’s order shows in both traders’ windows, once in the unfiltered list, and is cancelled as its trader', async () => {
    await client.call('session.logOff', { connectionId });
    const admin = trackOrders('admin');
    const trader = trackOrders('trader1');
    const unfiltered: OrderView[] = [];
    client.subscribe('orders', {}, (event) => unfiltered.push(...event.orders));
    await client.call('session.logOn', { connectionId, username: 'admin', password: 'admin-demo' });
    await client.call('traders.logOn', { connectionId, username: 'trader1', password: 'trader1-changed' });
    const watched = latest<BookView>((emit) => client.subscribe('book', { connectionId, exchange: 'CME', symbol: 'ESZ6' }, emit));
    await eventually(() => expect(watched.value?.stale).toBe(false));
    const { key } = await client.call('orders.submit', order('trader1', '11111', 'buy', 1, '4999.00'));
    await eventually(() => expect(admin.orders.get(key)).toMatchObject({ status: 'Working', trader: 'admin', account: '11111' }));
    await eventually(() => expect(trader.orders.get(key)).toMatchObject({ status: 'Working', trader: 'trader1' }));
    await client.call('orders.cancel', { key });
    await eventually(() => expect(trader.orders.get(key)!.status).toBe('Cancelled'));
    await eventually(() => expect(admin.orders.get(key)!.status).toBe('Cancelled'));
    // The unfiltered list carried only trader1's copy of it, every time.
    const copies = unfiltered.filter((o) => o.key === key);
    expect(copies.length).toBeGreaterThanOrEqual(3);
    expect(new Set(copies.map((o) => o.trader))).toEqual(new Set(['trader1']));
  });
});
