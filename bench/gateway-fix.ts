/**
 * `npm run bench -- exchange` (bench/main.ts): the gateway end to end, through FIX over
 * loopback, `tessera gateway` in its own process and every client in this one (our engine).
 *
 * Orders: traders each on their own master session (Logon with 372=UCG, then Trader Logon
 * 35=UCG), sending limit orders on ESZ6 with 50 = the trader (gateway-orders.ts: half cross
 * and fill), and the fill service's session (`fills`, WhenTechFills) taking a drop copy of
 * every execution. NewOrderSingle → first ExecutionReport with one order in flight per trader
 * (latency) and with many in flight (throughput). Background flow is off, so every message is
 * caused by the measured orders. Every execution is journaled with synchronous=FULL before it
 * is sent, and every FIX session store fsyncs before its bytes leave (SPEC §3 durability): the
 * same runs with the data folder on tmpfs (/dev/shm, where fsync costs nothing) show what the
 * disk costs, and a reference row gives each folder's fdatasync latency at the time.
 *
 * Market data: N subscriber sessions, each subscribed to ESZ6's full depth (bids, offers,
 * trades), with background flow on and one trader streaming orders into the book; counts the
 * 35=X messages and entries delivered to all of them, checks every subscriber's RptSeq is
 * contiguous, and measures each update's SendingTime → arrival and how far behind the first
 * subscriber's copy each other copy came.
 *
 * The peer: QuickFIX C++ 1.15.1 tradeclient → executor (interop/quickfix), measured in the
 * same run: a FIX round trip with no matching, no risk checks, no journal and no fsync.
 */
import { closeSync, fdatasyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildInteropPeers, tesseraDictionary } from '../interop/harness/build';
import { events } from '../interop/harness/eventLines';
import { PeerGroup } from '../interop/harness/PeerProcess';
import { startQuickfixExecutor, startQuickfixTradeClient } from '../interop/harness/peers';
import { FirstArrivals, MarketDataSubscriber } from './gateway-market-data';
import { OrderFlow, type OrderRunResult } from './gateway-orders';
import { AdminClient, GatewayProcess } from './gateway-process';
import { BenchSession, type Application } from './gateway-session';
import type { BenchRow } from './table';

export interface GatewayBenchOptions {
  /** Concurrent traders, each on its own FIX session. */
  traders?: number;
  /** Measured orders per trader with one in flight. */
  latencyOrders?: number;
  /** Measured orders per trader with `pipelinedInFlight` in flight. */
  throughputOrders?: number;
  pipelinedInFlight?: number;
  /** Unmeasured orders per trader before each run. */
  warmup?: number;
  /** Also run the order workloads with the data folder on tmpfs (/dev/shm). */
  tmpfs?: boolean;
  /** Market-data subscriber counts, one measured phase each (ascending). */
  subscribers?: number[];
  /** How long the order stream runs in each market-data phase. */
  streamSeconds?: number;
  /** Orders in flight in the market-data phases' order stream. */
  streamInFlight?: number;
  /** The QuickFIX C++ round trip in the same run. */
  peers?: boolean;
  peerOrders?: number;
}

/** Nearest rank. */
function percentile(sorted: Float64Array, p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!;
}

function sorted(parts: ReadonlyArray<ArrayLike<number>>): Float64Array {
  const all = new Float64Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all.sort();
}

/** fn(0 … count−1), at most `size` at a time, results in order. */
async function inBatches<T>(count: number, size: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let from = 0; from < count; from += size) {
    results.push(...(await Promise.all(Array.from({ length: Math.min(size, count - from) }, (_, k) => fn(from + k)))));
  }
  return results;
}

const round = (value: number, digits = 0): number => Number(value.toFixed(digits));

const DESK_ACCOUNT = 'BENCH-DESK';
const MD_ACCOUNT = 'BENCH-MD';
/** Generous limits, so the risk checks run on every order without refusing the workload's. */
const LIMITS = { maxOrderQty: 1_000, maxPosition: 1_000_000_000, priceBandTicks: 1_000 };

export async function runGatewayBench(options: GatewayBenchOptions = {}): Promise<BenchRow[]> {
  return [...(await runGatewayOrderBench(options)), ...(await runGatewayMarketDataBench(options))];
}

/** Order rows: ours on disk, ours on tmpfs, and the QuickFIX C++ round trip. */
export async function runGatewayOrderBench(options: GatewayBenchOptions = {}): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-gw-'));
  try {
    rows.push(...(await orderRuns('data on disk', join(dir, 'disk'), options)));
    rows.push(fsyncReference('disk', dir));
    if (options.tmpfs ?? true) {
      const shm = mkdtempSync(join('/dev/shm', 'tessera-bench-gw-'));
      try {
        rows.push(...(await orderRuns('data on tmpfs', shm, options)));
        rows.push(fsyncReference('tmpfs', shm));
      } finally {
        rmSync(shm, { recursive: true, force: true });
      }
    }
    if (options.peers ?? true) rows.push(...(await quickfixRuns(join(dir, 'quickfix'), options)));
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** How long one fdatasync of a small append takes in that folder: what each durable write waits for. */
function fsyncReference(where: string, dir: string): BenchRow {
  const file = join(dir, 'fsync-probe');
  const fd = openSync(file, 'w');
  const record = Buffer.alloc(200, 0x41);
  const times = new Float64Array(300);
  try {
    for (let i = 0; i < times.length; i++) {
      writeSync(fd, record);
      const start = performance.now();
      fdatasyncSync(fd);
      times[i] = (performance.now() - start) * 1000;
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  times.sort();
  return { name: `reference: fdatasync after a 200-byte append, ${where} (${dir.startsWith('/dev/shm') ? '/dev/shm' : 'the temp folder'})`, 'p50 µs': round(percentile(times, 0.5)), 'p99 µs': round(percentile(times, 0.99)) };
}

/** Sessions that must stay up for the whole measurement: any that ends fails the benchmark. */
class SessionSet {
  readonly sessions: BenchSession[] = [];
  private failure: Error | undefined;

  async logOn(port: number, application: Application, username: string, password: string, multiTrader: boolean): Promise<BenchSession> {
    const session = new BenchSession(port, { application, username, password, multiTrader });
    this.sessions.push(session);
    await session.logOn((reason) => (this.failure ??= new Error(reason)));
    return session;
  }

  check(): void {
    if (this.failure) throw this.failure;
    const rejected = this.sessions.find((session) => session.rejects > 0);
    if (rejected) throw new Error(`${rejected.logon.username} received ${rejected.rejects} reject(s)`);
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.sessions.map((session) => session.stop().catch(() => undefined)));
  }
}

async function orderRuns(where: string, dir: string, options: GatewayBenchOptions): Promise<BenchRow[]> {
  const traders = options.traders ?? 4;
  const warmup = options.warmup ?? 50;
  const gateway = await GatewayProcess.start({ dir, backgroundFlow: false });
  const sessions = new SessionSet();
  try {
    const admin = await AdminClient.logOn(gateway.adminPort);
    await admin.createAccount(DESK_ACCOUNT, LIMITS);
    const names = Array.from({ length: traders }, (_, i) => ({ desk: `bench-desk-${i + 1}`, trader: `bench-trader-${i + 1}`, account: `BENCH-T${i + 1}` }));
    await Promise.all(
      names.map(async ({ desk, trader, account }) => {
        await admin.createAccount(account, LIMITS);
        await admin.createUser({ username: desk, password: `${desk}-pw`, roles: [], applications: ['Tessera'], accounts: [DESK_ACCOUNT] });
        await admin.createUser({ username: trader, password: `${trader}-pw`, roles: ['Trading'], applications: ['Tessera'], accounts: [account] });
      }),
    );
    const fills = await sessions.logOn(gateway.fixPort, 'WhenTechFills', 'fills', 'fills-demo', false);
    const desks = await Promise.all(
      names.map(async ({ desk, trader }) => {
        const session = await sessions.logOn(gateway.fixPort, 'Tessera', desk, `${desk}-pw`, true);
        await session.traderLogon(trader, `${trader}-pw`);
        return session;
      }),
    );

    let run = 0;
    const measure = async (count: number, measured: number, inFlight: number): Promise<BenchRow> => {
      run++;
      const cpuBefore = gateway.cpuSeconds();
      const clientCpuBefore = process.cpuUsage();
      const wallBefore = performance.now();
      const results = await Promise.all(
        desks.slice(0, count).map((session, i) =>
          new OrderFlow(session, {
            trader: names[i]!.trader,
            account: names[i]!.account,
            prefix: `R${run}T${i + 1}`,
            orders: warmup + measured,
            warmup,
            inFlight,
            seed: run * 100 + i,
          }).run(),
        ),
      );
      const cpu = gateway.cpuSeconds() - cpuBefore;
      const clientCpu = process.cpuUsage(clientCpuBefore);
      const wall = (performance.now() - wallBefore) / 1000;
      sessions.check();
      const name = `gateway, ${where}: ${count} trader${count > 1 ? 's' : ''}, ${inFlight} in flight each`;
      return orderRow(name, results, count, inFlight, { gateway: cpu, clients: (clientCpu.user + clientCpu.system) / 1e6, wall });
    };

    const rows = [
      await measure(1, options.latencyOrders ?? 250, 1),
      await measure(traders, options.latencyOrders ?? 250, 1),
      await measure(traders, options.throughputOrders ?? 500, options.pipelinedInFlight ?? 50),
    ];
    // The fill service's session must have had a copy of every report the traders had.
    const traderReports = (): number => desks.reduce((n, session) => n + session.executionReports, 0);
    const settleBy = performance.now() + 10_000;
    while (fills.executionReports < traderReports() && performance.now() < settleBy) await new Promise((resolve) => setTimeout(resolve, 20));
    sessions.check();
    for (const row of rows) row['drop copies'] = fills.executionReports === traderReports() ? 'all' : `${fills.executionReports} of ${traderReports()}`;
    return rows;
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${gateway.stderr}`, { cause: error });
  } finally {
    await sessions.stopAll();
    await gateway.stop();
  }
}

interface CpuUse {
  /** Gateway CPU seconds over the run. */
  gateway: number;
  /** This process's (every client's) CPU seconds over the run. */
  clients: number;
  wall: number;
}

function orderRow(name: string, results: OrderRunResult[], traders: number, inFlight: number, cpu: CpuUse): BenchRow {
  const latencies = sorted(results.map((r) => r.latenciesUs));
  const sent = results.reduce((n, r) => n + r.sent, 0);
  const acked = results.reduce((n, r) => n + r.acked, 0);
  const refused = results.reduce((n, r) => n + r.refused, 0);
  const fills = results.reduce((n, r) => n + r.fills, 0);
  const seconds = (Math.max(...results.map((r) => r.lastMeasuredAnswer)) - Math.min(...results.map((r) => r.firstMeasuredSend))) / 1000;
  const refusal = results.find((r) => r.refusal !== undefined)?.refusal;
  if (refused > 0) throw new Error(`${refused} orders refused in "${name}", e.g. "${refusal}"`);
  return {
    name,
    traders,
    'in flight': traders * inFlight,
    'p50 µs': round(percentile(latencies, 0.5)),
    'p99 µs': round(percentile(latencies, 0.99)),
    'p99.9 µs': round(percentile(latencies, 0.999)),
    'orders/s': round(latencies.length / seconds),
    sent,
    acked,
    'fills/order': round(fills / sent, 2),
    'orders/gateway CPU-s': round(sent / cpu.gateway),
    'gateway CPU': `${round((cpu.gateway / cpu.wall) * 100)}%`,
    'clients CPU': `${round((cpu.clients / cpu.wall) * 100)}%`,
  };
}

async function quickfixRuns(dir: string, options: GatewayBenchOptions): Promise<BenchRow[]> {
  buildInteropPeers();
  const group = new PeerGroup();
  const orders = options.peerOrders ?? 2_000;
  const warmup = options.warmup ?? 50;
  try {
    const executor = await startQuickfixExecutor(group, { store: join(dir, 'executor'), dictionary: tesseraDictionary, quiet: true });
    const rows: BenchRow[] = [];
    let run = 0;
    for (const inFlight of [1, options.pipelinedInFlight ?? 50]) {
      run++;
      const latencyFile = join(dir, `latencies-${run}.txt`);
      const client = startQuickfixTradeClient(
        group,
        { port: executor.port, store: join(dir, `tradeclient-${run}`), prefix: `Q${run}`, count: warmup + orders, inFlight, timeoutSeconds: 120, dictionary: tesseraDictionary },
        ['--bench', '--warmup', String(warmup), '--reset-on-logon', '--latency-file', latencyFile],
      );
      const exit = await client.exited;
      const line = events(client.lines, 'bench')[0];
      if (exit.code !== 0 || line === undefined) throw new Error(`tradeclient bench run failed\n${client.describe()}`);
      const latencies = Float64Array.from(readFileSync(latencyFile, 'utf8').trim().split('\n'), Number).sort();
      rows.push({
        name: `peer: QuickFIX C++ tradeclient → executor, 1 session, ${inFlight} in flight (no matching, journal or fsync)`,
        traders: 1,
        'in flight': inFlight,
        'p50 µs': round(percentile(latencies, 0.5)),
        'p99 µs': round(percentile(latencies, 0.99)),
        'p99.9 µs': round(percentile(latencies, 0.999)),
        'orders/s': round(latencies.length / Number(line.fields.seconds)),
        sent: warmup + orders,
        acked: warmup + orders,
      });
    }
    return rows;
  } finally {
    await group.stopAll();
  }
}

/** Market-data fan-out rows: one per subscriber count, and the largest again with data on tmpfs. */
export async function runGatewayMarketDataBench(options: GatewayBenchOptions = {}): Promise<BenchRow[]> {
  const counts = [...(options.subscribers ?? [1, 10, 50])].sort((a, b) => a - b);
  const most = counts.at(-1);
  if (most === undefined) return [];
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-md-'));
  try {
    const rows = await marketDataRuns('data on disk', dir, counts, options);
    if (options.tmpfs ?? true) {
      const shm = mkdtempSync(join('/dev/shm', 'tessera-bench-md-'));
      try {
        rows.push(...(await marketDataRuns('data on tmpfs', shm, [most], options)));
      } finally {
        rmSync(shm, { recursive: true, force: true });
      }
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function marketDataRuns(where: string, dir: string, counts: readonly number[], options: GatewayBenchOptions): Promise<BenchRow[]> {
  const most = counts.at(-1)!;
  const streamSeconds = options.streamSeconds ?? 2.5;
  const streamInFlight = options.streamInFlight ?? 20;
  const gateway = await GatewayProcess.start({ dir, backgroundFlow: true, backgroundSeed: 7 });
  const sessions = new SessionSet();
  try {
    const admin = await AdminClient.logOn(gateway.adminPort);
    await admin.createAccount(MD_ACCOUNT, LIMITS);
    await admin.createAccount('BENCH-STREAM', LIMITS);
    // Sessions are per firm, application and user: each subscriber user logs on with all three
    // applications, so a third as many users (and password hashes) are needed.
    const applications: Application[] = ['Tessera', 'WhenTech', 'WhenTechFills'];
    const users = Array.from({ length: Math.ceil(most / applications.length) }, (_, i) => `bench-md-${i + 1}`);
    await Promise.all([
      ...users.map((username) => admin.createUser({ username, password: `${username}-pw`, roles: [], applications, accounts: [MD_ACCOUNT] })),
      admin.createUser({ username: 'bench-stream', password: 'bench-stream-pw', roles: ['Trading'], applications: ['Tessera'], accounts: ['BENCH-STREAM'] }),
    ]);
    const stream = await sessions.logOn(gateway.fixPort, 'Tessera', 'bench-stream', 'bench-stream-pw', false);
    const arrivals = new FirstArrivals();
    // A few logons at a time: the gateway hashes two passwords at once and drops a connection
    // whose Logon is not decided within 10 s, which a burst of 50 exceeds on a loaded machine.
    const subscribers = await inBatches(most, 4, async (i) => {
      const username = users[Math.floor(i / applications.length)]!;
      const session = await sessions.logOn(gateway.fixPort, applications[i % applications.length]!, username, `${username}-pw`, false);
      return new MarketDataSubscriber(session, arrivals);
    });

    const rows: BenchRow[] = [];
    let subscribed = 0;
    for (const [phase, count] of counts.entries()) {
      await Promise.all(subscribers.slice(subscribed, count).map((s) => s.subscribe()));
      subscribed = count;
      const active = subscribers.slice(0, count);
      for (const s of active) s.resetCounts();
      arrivals.clear();
      const gatewayCpuBefore = gateway.cpuSeconds();
      const clientCpuBefore = process.cpuUsage();
      const started = performance.now();
      const result = await new OrderFlow(stream, {
        trader: 'bench-stream',
        account: 'BENCH-STREAM',
        prefix: `MD${phase + 1}`,
        orders: 10_000_000,
        warmup: 0,
        inFlight: streamInFlight,
        seed: 1_000 + phase,
        sendUntil: started + streamSeconds * 1000,
      }).run();
      const streamed = (performance.now() - started) / 1000;
      // Every update up to the book's RptSeq now must reach every subscriber.
      const target = await active[0]!.snapshot(`check-${phase + 1}`);
      await Promise.all(active.map((s) => s.reached(target, 30_000)));
      const seconds = (performance.now() - started) / 1000;
      const gatewayCpu = gateway.cpuSeconds() - gatewayCpuBefore;
      const clientCpu = process.cpuUsage(clientCpuBefore);
      sessions.check();
      const messages = active.reduce((n, s) => n + s.counts.messages, 0);
      const entries = active.reduce((n, s) => n + s.counts.entries, 0);
      const lags = sorted(active.map((s) => s.lagsMs));
      const behind = sorted(active.map((s) => s.behindUs));
      rows.push({
        name: `market data, ${where}: ${count} subscriber${count > 1 ? 's' : ''}`,
        subscribers: count,
        'X msgs/s (all subscribers)': round(messages / seconds),
        'entries/s': round(entries / seconds),
        'stream orders/s': round(result.acked / streamed),
        'lag p50 ms': round(percentile(lags, 0.5), 1),
        'lag p99 ms': round(percentile(lags, 0.99), 1),
        'behind first p99 ms': count > 1 ? round(percentile(behind, 0.99) / 1000, 1) : '',
        'RptSeq gaps': active.reduce((n, s) => n + s.counts.gaps, 0),
        'X msgs/gateway CPU-s': round(messages / gatewayCpu),
        'gateway CPU': `${round((gatewayCpu / seconds) * 100)}%`,
        'clients CPU': `${round(((clientCpu.user + clientCpu.system) / 1e6 / seconds) * 100)}%`,
      });
    }
    return rows;
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${gateway.stderr}`, { cause: error });
  } finally {
    await sessions.stopAll();
    await gateway.stop();
  }
}
