import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PasswordHasher } from '../../../src-gateway/auth/passwords';
import { gatewayConfigFromValue } from '../../../src-gateway/config/gatewayConfig';
import { startGateway, type RunningGateway } from '../../../src-gateway/gateway';
import { IpcClient } from '../../../src-shared/ipc/client';
import type { AggregatedBookView, AggregatorDefinition, AggregatorSave, OrderView, ParentOrderView } from '../../../src-shared/ipc/contract';
import { IpcServer } from '../../../src-shared/ipc/server';
import { createMainServices, type MainServices } from '../../app/mainServices';
import { eventually, refusal, setMarket as setMarketOf } from '../../trading/testing';

// The Aggregator in main against a real gateway (SPEC §6): parent orders over the IPC contract,
// children on two simulated exchanges through the FIX session with FFT3, fills rolled up into
// the parent, the aggregated book, cancel, and a definition that may not change while it works.

const hasher = new PasswordHasher({ logN: 10, r: 8, p: 1 });
let root: string;
let gateway: RunningGateway;
let gatewayDir: string;
let services: MainServices;
let client: IpcClient;
let connectionId: string;
const internalErrors: unknown[] = [];

const timing = { pingIntervalMs: 200, watchdogIntervalMs: 50, silentAfterMs: 400, probeTimeoutMs: 400, reconnectInitialMs: 100, reconnectMaxMs: 400, answerTimeoutMs: 5000 };

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tessera-aggregator-'));
  gatewayDir = join(root, 'gateway');
  gateway = await startTestGateway(0);
  services = createMainServices({ shell: 'browser', dataDir: join(root, 'workstation'), report: () => undefined, tradingTiming: timing });
  const server = new IpcServer(services.handlers, { validateOutgoing: true, onInternalError: (error) => internalErrors.push(error) });
  client = new IpcClient((message) => connection.receive(structuredClone(message)));
  const connection = server.accept({ transport: 'memory', label: 'test' }, (message) => client.receive(structuredClone(message)));
  ({ id: connectionId } = await client.call('connections.add', { name: 'Test gateway', host: '127.0.0.1', port: gateway.fixPort, senderCompID: 'Tessera', targetCompID: 'DemoFirm', heartbeatSeconds: 30 }));
  await client.call('session.logOn', { connectionId, username: 'trader1', password: 'trader1-demo' });
  await client.call('traders.logOn', { connectionId, username: 'trader2', password: 'trader2-demo' });
  await client.call('instruments.list', { connectionId });
  for (const exchange of ['ICE', 'CME']) await setMarket(exchange, true);
});

afterAll(async () => {
  await services.dispose();
  await gateway.close();
  rmSync(root, { recursive: true, force: true });
  expect(internalErrors).toEqual([]);
});

async function startTestGateway(port: number): Promise<RunningGateway> {
  const config = gatewayConfigFromValue({ fix: { port }, admin: { port: 0 }, dataDir: gatewayDir, market: { backgroundFlow: false } }, { source: 'test', baseDir: gatewayDir });
  return startGateway(config, { hasher });
}

const setMarket = (exchange: string, open: boolean): Promise<void> => setMarketOf(gateway.adminPort, exchange, open);

/** What a screen keeps of a stream of changes: the latest view by key. */
function track<T extends { key: string }>(subscribe: (emit: (event: { reset: boolean; items: T[] }) => void) => void): Map<string, T> {
  const views = new Map<string, T>();
  subscribe(({ reset, items }) => {
    if (reset) views.clear();
    for (const view of items) views.set(view.key, view);
  });
  return views;
}

const brent = (): AggregatorSave => ({
  name: 'Brent',
  colour: '#e0a040',
  connectionId,
  algoId: '4242',
  taking: { mode: 'RankRatio', tif: 'DAY' },
  joining: { mode: 'SplitRatio' },
  exchangeDown: 'RouteToAvailable',
  rebalance: { enabled: false, timerMs: 1 },
  tickOverride: null,
  legs: [
    { exchange: 'ICE', symbol: 'BRNF7', alias: 'ICE', ratio: 1, minTick: '0.01', legColour: '#3fa7ff' },
    { exchange: 'CME', symbol: 'BZF7', alias: 'CME', ratio: 1, minTick: '0.05', legColour: '#ff5f5f' },
  ],
});

const sell = (exchange: string, symbol: string, quantity: number, price: string) =>
  client.call('orders.submit', { connectionId, trader: 'trader2', account: '33333', exchange, symbol, side: 'sell', type: 'limit', quantity, price });

describe('the Aggregator through main, against the simulated exchanges', () => {
  let definition: AggregatorDefinition;
  let parents: Map<string, ParentOrderView>;
  let orders: Map<string, OrderView>;
  let book: { value: AggregatedBookView | undefined };

  beforeAll(async () => {
    definition = await client.call('aggregator.save', brent());
    parents = track((emit) => client.subscribe('aggregator.parents', { trader: 'trader1' }, (e) => emit({ reset: e.reset, items: e.parents })));
    orders = track((emit) => client.subscribe('orders', { trader: 'trader1' }, (e) => emit({ reset: e.reset, items: e.orders })));
    book = { value: undefined };
    client.subscribe('aggregator.book', { definitionId: definition.id }, (view) => (book.value = view));
  });

  it('shows the merged depth of both legs on the common tick, with each leg’s part', async () => {
    await eventually(() => expect(book.value!.legs).toEqual([{ available: true, reason: '' }, { available: true, reason: '' }]));
    await sell('ICE', 'BRNF7', 2, '75.00');
    await sell('CME', 'BZF7', 3, '75.00');
    await sell('CME', 'BZF7', 4, '75.05');
    await eventually(() => {
      expect(book.value!.asks.slice(0, 2)).toEqual([
        { row: 7500, quantity: 5, legs: [[0, 2, 2], [1, 3, 3]] },
        { row: 7505, quantity: 4, legs: [[1, 4, 4]] },
      ]);
      expect(book.value!.legs).toEqual([{ available: true, reason: '' }, { available: true, reason: '' }]);
    });
  });

  it('takes the best level on both legs (RankRatio), joins the rest at the limit, every child with FFT3, fills rolled up', async () => {
    const { key } = await client.call('aggregator.submit', { definitionId: definition.id, trader: 'trader1', account: '11111', side: 'buy', quantity: 8, price: '75.00' });
    await eventually(() => expect(parents.get(key)).toMatchObject({ status: 'working', filled: '5', working: '3', averagePrice: '75.00', instrument: 'Brent', colour: '#e0a040' }));
    const children = parents.get(key)!.children.map((child) => ({ ...orders.get(child.key)!, legIndex: child.legIndex }));
    // Taking: ICE 2 and CME 3 at 75.00, filled. Joining 3 at the limit, split 1:1, the leftover to the first leg: ICE 2, CME 1.
    expect(children.map((c) => [c.legIndex, c.exchange, c.symbol, c.side, c.quantity, c.price, c.algoId])).toEqual([
      [0, 'ICE', 'BRNF7', 'buy', 2, '75.00', '4242'],
      [1, 'CME', 'BZF7', 'buy', 3, '75.00', '4242'],
      [0, 'ICE', 'BRNF7', 'buy', 2, '75.00', '4242'],
      [1, 'CME', 'BZF7', 'buy', 1, '75.00', '4242'],
    ]);
    await eventually(() => expect(children.map((c) => orders.get(c.key)!.status)).toEqual(['Filled', 'Filled', 'Working', 'Working']));
    expect(parents.get(key)!.legs.map((leg) => [leg.alias, leg.filled, leg.working, leg.legColour])).toEqual([
      ['ICE', 2, 2, '#3fa7ff'],
      ['CME', 3, 1, '#ff5f5f'],
    ]);
  });

  it('refuses to cancel or change a child on its own: the parent owns it', async () => {
    const child = [...parents.values()][0]!.children[2]!;
    const cancel = await refusal(client.call('orders.cancel', { key: child.key }));
    expect(cancel.message).toMatch(/is a child of Brent parent .*: cancel or change the parent/);
    const replace = await refusal(client.call('orders.replace', { key: child.key, quantity: 1 }));
    expect(replace.message).toMatch(/is a child of Brent parent/);
    expect(orders.get(child.key)!.status).toBe('Working');
  });

  it('refuses to change the definition while its children work, with the reason', async () => {
    const error = await refusal(client.call('aggregator.save', { ...brent(), id: definition.id, algoId: '4243' }));
    expect(error.message).toMatch(/working/i);
  });

  it('rolls a resting child’s fill up into the parent when the market trades into it', async () => {
    const key = [...parents.keys()][0]!;
    await sell('ICE', 'BRNF7', 2, '75.00');
    await eventually(() => expect(parents.get(key)).toMatchObject({ filled: '7', working: '1' }));
  });

  it('cancels the parent: every child is cancelled, the parent ends cancelled with what it filled', async () => {
    const key = [...parents.keys()][0]!;
    await client.call('aggregator.cancel', { key });
    await eventually(() => expect(parents.get(key)).toMatchObject({ status: 'cancelled', filled: '7', working: '0' }));
    for (const child of parents.get(key)!.children) expect(['Filled', 'Cancelled']).toContain(orders.get(child.key)!.status);
    const saved = await client.call('aggregator.save', { ...brent(), id: definition.id, algoId: '4243' });
    expect(saved.algoId).toBe('4243');
  });

  it('RouteToAvailable: a leg whose market closes is left, its work routed again over the open leg', async () => {
    const { key } = await client.call('aggregator.submit', { definitionId: definition.id, trader: 'trader1', account: '11111', side: 'buy', quantity: 4, price: '74.50' });
    await eventually(() => expect(parents.get(key)!.legs.map((leg) => leg.working)).toEqual([2, 2]));
    await setMarket('ICE', false);
    await eventually(() => expect(parents.get(key)!.legs.map((leg) => leg.working)).toEqual([0, 4]));
    expect(parents.get(key)!.status).toBe('working');
    await eventually(() => expect(book.value!.legs[0]).toEqual({ available: false, reason: 'ICE closed' }));
    await client.call('aggregator.cancel', { key });
    await eventually(() => expect(parents.get(key)).toMatchObject({ status: 'cancelled', working: '0' }));
    await setMarket('ICE', true);
    await eventually(() => expect(book.value!.legs[0]!.available).toBe(true));
  });

  it('StopAllOrders: when a leg closes the parent stops, every child is cancelled, it ends cancelled with what it filled', async () => {
    const stopping = await client.call('aggregator.save', { ...brent(), name: 'Brent stop', exchangeDown: 'StopAllOrders' });
    const { key } = await client.call('aggregator.submit', { definitionId: stopping.id, trader: 'trader1', account: '11111', side: 'buy', quantity: 4, price: '74.50' });
    await eventually(() => expect(parents.get(key)!.legs.map((leg) => leg.working)).toEqual([2, 2]));
    await setMarket('CME', false);
    await eventually(() => expect(parents.get(key)).toMatchObject({ status: 'cancelled', filled: '0', working: '0' }));
    for (const child of parents.get(key)!.children) expect(['Cancelled', 'Expired']).toContain(orders.get(child.key)!.status);
    await setMarket('CME', true);
    await eventually(() => expect(book.value!.legs[1]!.available).toBe(true));
  });

  it('rides out a gateway restart: the parent keeps working, nothing is rejected, resent or doubled; a new parent meanwhile is refused with the reason, a cancel waits for the session', async () => {
    const { key } = await client.call('aggregator.submit', { definitionId: definition.id, trader: 'trader1', account: '11111', side: 'buy', quantity: 4, price: '74.40' });
    await eventually(() => expect(parents.get(key)!.legs.map((leg) => leg.working)).toEqual([2, 2]));
    const children = parents.get(key)!.children.map((child) => child.key);
    const port = gateway.fixPort;
    await gateway.close();
    await eventually(() => expect(book.value!.legs[0]!.available).toBe(false));
    const during = await refusal(client.call('aggregator.submit', { definitionId: definition.id, trader: 'trader1', account: '11111', side: 'buy', quantity: 2, price: '74.30' }));
    expect(during.message).toMatch(/trader1 is not logged on/);
    expect(parents.get(key)).toMatchObject({ status: 'working', working: '4', filled: '0' });
    // Cancelled while the session is down: the cancels wait, and go out once it is back.
    await client.call('aggregator.cancel', { key });
    expect(parents.get(key)).toMatchObject({ status: 'cancelling', working: '4' });
    gateway = await startTestGateway(port);
    for (const exchange of ['ICE', 'CME']) await setMarket(exchange, true);
    await eventually(() => expect(book.value!.legs.map((leg) => leg.available)).toEqual([true, true]), 15_000);
    await eventually(() => expect(parents.get(key)).toMatchObject({ status: 'cancelled', working: '0', filled: '0' }));
    expect(parents.get(key)!.children.map((child) => child.key)).toEqual(children);
    for (const child of children) expect(orders.get(child)!.status).toBe('Cancelled');
  });

  it('refuses a parent for a trader who is not logged on, or at a price off the aggregated ladder', async () => {
    const notLoggedOn = await refusal(client.call('aggregator.submit', { definitionId: definition.id, trader: 'viewer', account: '11111', side: 'buy', quantity: 1, price: '75.00' }));
    expect(notLoggedOn.message).toMatch(/not logged on/);
    const offTick = await refusal(client.call('aggregator.submit', { definitionId: definition.id, trader: 'trader1', account: '11111', side: 'buy', quantity: 1, price: '75.005' }));
    expect(offTick.message).toMatch(/75\.005/);
  });
});
