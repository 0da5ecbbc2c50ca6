import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyPattern } from '../../src-gateway/gatewayCommand';
import { IpcClient } from '../../src-shared/ipc/client';
import type { BookView, ConnectionView, FillView, OrderView } from '../../src-shared/ipc/contract';
import { IpcError } from '../../src-shared/ipc/protocol';
import { IpcServer } from '../../src-shared/ipc/server';
import { createMainServices, type MainServices } from '../app/mainServices';
import { eventually } from './testing';

// Main against the gateway as a separate process with its moving market (background flow):
// the book stream is conflated under a real feed; a gateway that hangs (SIGSTOP: the TCP
// connection stays up, nothing arrives) shows as stale and blocks trading; a gateway killed
// with SIGKILL and restarted is reconnected to and reconciled with, nothing doubled.

const root = join(import.meta.dirname, '../..');
let dir: string;
let child: ChildProcess | undefined;
let fixPort = 0;
let services: MainServices;
let client: IpcClient;
let connectionId: string;

async function startGatewayProcess(port: number): Promise<number> {
  const config = join(dir, 'gateway.json');
  writeFileSync(config, JSON.stringify({ market: { backgroundFlow: true, backgroundSeed: 11 } }));
  const started = spawn(process.execPath, [join(root, 'out/node/tessera.js'), 'gateway', '--config', config, '--data-dir', join(dir, 'gateway'), '--fix-port', String(port), '--admin-port', '0', '--quiet'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child = started;
  return new Promise((resolve, reject) => {
    let output = '';
    started.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = readyPattern.exec(output);
      if (match) resolve(Number(match[2]));
    });
    started.once('exit', (code) => reject(new Error(`gateway exited ${code}: ${output}`)));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-trading-process-'));
  fixPort = await startGatewayProcess(0);
  services = createMainServices({
    shell: 'browser',
    dataDir: join(dir, 'workstation'),
    report: () => undefined,
    tradingTiming: { pingIntervalMs: 250, watchdogIntervalMs: 50, silentAfterMs: 400, probeTimeoutMs: 400, reconnectInitialMs: 100, reconnectMaxMs: 300 },
  });
  const server = new IpcServer(services.handlers, { validateOutgoing: true });
  client = new IpcClient((message) => connection.receive(structuredClone(message)));
  const connection = server.accept({ transport: 'memory', label: 'test' }, (message) => client.receive(structuredClone(message)));
  connectionId = (await client.call('connections.add', { name: 'Gateway process', host: '127.0.0.1', port: fixPort, senderCompID: 'Tessera', targetCompID: 'DemoFirm' })).id;
});

afterAll(async () => {
  if (child?.killed === false) child.kill('SIGCONT');
  await services.dispose();
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Where the market is, in ticks: the best bid, else the last trade, else the best offer. */
function referenceTicks(book: BookView): number {
  const ticks = book.bids[0] ?? book.lastTick ?? book.asks[0];
  if (ticks === undefined) throw new Error('the book is empty');
  return ticks;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('main against a gateway process with a moving market', () => {
  let connections: ConnectionView[] = [];
  const frames: Array<{ at: number; view: BookView }> = [];
  const orders = new Map<string, OrderView>();
  const fills: FillView[] = [];
  const view = () => connections.find((c) => c.id === connectionId)!;

  beforeAll(async () => {
    client.subscribe('connections', {}, (list) => (connections = list));
    client.subscribe('orders', { trader: 'trader1' }, (event) => event.orders.forEach((o) => orders.set(o.key, o)));
    client.subscribe('fills', { trader: 'trader1' }, (event) => fills.push(...event.fills));
    await client.call('session.logOn', { connectionId, username: 'trader1', password: 'trader1-demo' });
    client.subscribe('book', { connectionId, exchange: 'CME', symbol: 'ESZ6' }, (book) => frames.push({ at: performance.now(), view: book }));
    await eventually(() => expect(view()).toMatchObject({ state: 'connected', marketData: 'live' }));
  });

  it('conflates the book to at most one frame per display frame, the newest state each time, through a burst', async () => {
    await eventually(() => expect(frames.length).toBeGreaterThan(0));
    const first = frames.length;
    const seqBefore = frames.at(-1)!.view.seq;
    const bestBid = await eventually(() => referenceTicks(frames.at(-1)!.view));
    const start = performance.now();
    // A burst on top of the background flow: 200 bids resting 10–29 ticks under the market.
    const keys: string[] = [];
    for (let i = 0; i < 200; i++) {
      const ticks = bestBid - 10 - (i % 20);
      const { key } = await client.call('orders.submit', { connectionId, trader: 'trader1', account: '11111', exchange: 'CME', symbol: 'ESZ6', side: 'buy', type: 'limit', quantity: 1, price: (ticks * 0.25).toFixed(2) });
      keys.push(key);
    }
    await eventually(() => expect(keys.filter((k) => orders.get(k)?.status === 'PendingNew')).toEqual([]));
    await sleep(100);
    const elapsed = performance.now() - start;
    const window = frames.slice(first);
    const changes = window.at(-1)!.view.seq - seqBefore;
    // Frames are at least one display frame apart (a timer may fire a millisecond early).
    for (let i = 1; i < window.length; i++) expect(window[i]!.at - window[i - 1]!.at).toBeGreaterThanOrEqual(15);
    expect(window.length).toBeLessThanOrEqual(Math.ceil(elapsed / 16) + 1);
    // Newer every time: a frame never shows an older book than the one before it.
    for (let i = 1; i < window.length; i++) expect(window[i]!.view.seq).toBeGreaterThanOrEqual(window[i - 1]!.view.seq);
    expect(changes).toBeGreaterThanOrEqual(200);
    expect(window.length).toBeLessThan(changes / 2);
    expect((await client.call('orders.cancelAll', { trader: 'trader1' })).count).toBe(200);
    await eventually(() => expect(keys.filter((k) => orders.get(k)?.status !== 'Cancelled')).toEqual([]));
  });

  it('shows a hung gateway (connected, silent) as stale and blocks trading; live again when it resumes', async () => {
    child!.kill('SIGSTOP');
    try {
      await eventually(() => expect(view()).toMatchObject({ state: 'stale', marketData: 'stale', detail: expect.stringMatching(/^Market data stale: No market data for ESZ6 on CME/) }), 5000);
      await eventually(() => expect(frames.at(-1)!.view.stale).toBe(true));
      const error = await client.call('orders.submit', { connectionId, trader: 'trader1', account: '11111', exchange: 'CME', symbol: 'ESZ6', side: 'buy', type: 'limit', quantity: 1, price: '5000.00' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IpcError);
      expect((error as IpcError).message).toMatch(/^Market data for ESZ6 on CME is stale \(No market data for ESZ6 on CME for \d+ s\): trading is blocked$/);
    } finally {
      child!.kill('SIGCONT');
    }
    await eventually(() => expect(view()).toMatchObject({ state: 'connected', marketData: 'live' }));
    await eventually(() => expect(frames.at(-1)!.view.stale).toBe(false));
  });

  it('reconnects after the gateway is killed (SIGKILL) and restarted, and reconciles every order, nothing doubled', async () => {
    // Well below the market (but inside the account's price band): it rests.
    const bid = (await eventually(() => referenceTicks(frames.at(-1)!.view))) - 40;
    const { key } = await client.call('orders.submit', { connectionId, trader: 'trader1', account: '11111', exchange: 'CME', symbol: 'ESZ6', side: 'buy', type: 'limit', quantity: 1, price: (bid * 0.25).toFixed(2) });
    await eventually(() => expect(orders.get(key)!.status).not.toBe('PendingNew'));
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child!.kill('SIGKILL');
    await exited;
    await eventually(() => expect(view().state).not.toBe('connected'));
    expect(view().loggedOnAs).toBeNull();
    await startGatewayProcess(fixPort);
    await eventually(() => expect(view()).toMatchObject({ state: 'connected', loggedOnAs: 'trader1', marketData: 'live' }), 15_000);
    await sleep(500);
    const order = orders.get(key)!;
    expect(['Working', 'PartiallyFilled', 'Filled']).toContain(order.status);
    const execIds = fills.map((f) => f.execId);
    expect(new Set(execIds).size).toBe(execIds.length);
    for (const o of orders.values()) expect(fills.filter((f) => f.orderKey === o.key).reduce((sum, f) => sum + f.quantity, 0)).toBe(o.filled);
  });
});
