/**
 * `npm run bench -- fix` (bench/main.ts): NewOrderSingle → first ExecutionReport over loopback,
 * ours beside QuickFIX C++ 1.15.1 (Debian libquickfix-dev), measured in the same run on the
 * same machine.
 *
 * Four pairs, each client sending limit orders that the acceptor acknowledges and fills
 * (two ExecutionReports per order):
 *   ours:     our initiator (library, in this process) → `tessera fix-acceptor` (own process)
 *   QuickFIX: tradeclient --bench → executor (interop/quickfix)
 *   mixed:    QuickFIX tradeclient → `tessera fix-acceptor`; our initiator → QuickFIX executor
 * Every side validates with FIX44-tessera.xml and keeps a file store without fsync (QuickFIX's
 * FileStore never fsyncs; ours runs with --fsync never here). Two modes: one order in flight
 * (latency: p50/p99/p99.9 of the send → first report time) and 200 in flight (pipelined
 * throughput: measured orders over first send → last fill). The clock is steady_clock on the
 * QuickFIX thread and performance.now() in our initiator, both taken right at the session API.
 * The pairs take turns in rounds and each pair's rounds are pooled, so a burst of load from
 * elsewhere on the machine cannot favour one of them.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildInteropPeers, tesseraDictionary } from '../interop/harness/build';
import { events } from '../interop/harness/eventLines';
import { PeerGroup } from '../interop/harness/PeerProcess';
import { ORDER, startQuickfixExecutor, startQuickfixTradeClient, startTesseraAcceptor, type Listening } from '../interop/harness/peers';
import { runTesseraClient } from './fix-roundtrip-client';
import type { BenchRow } from './table';

export interface FixRoundTripOptions {
  /** Measured orders per pair and mode, split over the rounds. */
  orders?: number;
  /** Orders before the measured ones in every client run. */
  warmup?: number;
  /**
   * The pairs take turns this many times, each run a slice of the orders, and the slices are
   * pooled: load from elsewhere on the machine then falls on every pair alike.
   */
  rounds?: number;
  pipelinedInFlight?: number;
}

/** One client run: the measured latencies and how long the measured orders took. */
interface Sample {
  latenciesUs: Float64Array;
  seconds: number;
}

type Client = 'tessera' | 'quickfix';
type Acceptor = 'tessera' | 'quickfix';

const PAIRS: ReadonlyArray<{ name: string; client: Client; acceptor: Acceptor }> = [
  { name: 'ours: Tessera initiator → tessera fix-acceptor', client: 'tessera', acceptor: 'tessera' },
  { name: 'QuickFIX C++: tradeclient → executor', client: 'quickfix', acceptor: 'quickfix' },
  { name: 'mixed: QuickFIX tradeclient → tessera fix-acceptor', client: 'quickfix', acceptor: 'tessera' },
  { name: 'mixed: Tessera initiator → QuickFIX executor', client: 'tessera', acceptor: 'quickfix' },
];

/** Nearest rank, as the C++ tradeclient computes it. */
function percentile(sorted: Float64Array, p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!;
}

export async function runFixRoundTripBench(options: FixRoundTripOptions = {}): Promise<BenchRow[]> {
  const orders = options.orders ?? 20_000;
  const warmup = options.warmup ?? 1_000;
  const rounds = options.rounds ?? 5;
  const pipelined = options.pipelinedInFlight ?? 200;
  const perRun = Math.ceil(orders / rounds);
  buildInteropPeers();
  const group = new PeerGroup();
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-fix-'));
  let runs = 0;
  try {
    const acceptors: Record<Acceptor, Listening> = {
      tessera: await startTesseraAcceptor(group, join(dir, 'tessera-acceptor'), ['--fsync', 'never']),
      quickfix: await startQuickfixExecutor(group, { store: join(dir, 'executor'), dictionary: tesseraDictionary, quiet: true }),
    };
    const measure = async (client: Client, acceptor: Acceptor, inFlight: number): Promise<Sample> => {
      const run = ++runs;
      const port = acceptors[acceptor].port;
      const total = perRun + warmup;
      if (client === 'tessera') return runTesseraClient({ port, orders: total, warmup, inFlight, prefix: `R${run}`, price: ORDER.price });
      const latencyFile = join(dir, `latencies-${run}.txt`);
      const tradeclient = startQuickfixTradeClient(
        group,
        { port, store: join(dir, `tradeclient-${run}`), prefix: `R${run}`, count: total, inFlight, timeoutSeconds: 300, dictionary: tesseraDictionary },
        ['--bench', '--warmup', String(warmup), '--reset-on-logon', '--latency-file', latencyFile],
      );
      const exit = await tradeclient.exited;
      const line = events(tradeclient.lines, 'bench')[0];
      if (exit.code !== 0 || line === undefined) throw new Error(`tradeclient bench run failed\n${tradeclient.describe()}`);
      const latenciesUs = Float64Array.from(readFileSync(latencyFile, 'utf8').trim().split('\n'), Number);
      return { latenciesUs, seconds: Number(line.fields.seconds) };
    };

    const rows: BenchRow[] = [];
    for (const inFlight of [1, pipelined]) {
      const pooled = PAIRS.map(() => ({ latencies: [] as Float64Array[], seconds: 0 }));
      for (let round = 0; round < rounds; round++) {
        for (const [i, pair] of PAIRS.entries()) {
          const sample = await measure(pair.client, pair.acceptor, inFlight);
          pooled[i]!.latencies.push(sample.latenciesUs);
          pooled[i]!.seconds += sample.seconds;
        }
      }
      for (const [i, pair] of PAIRS.entries()) {
        const { latencies, seconds } = pooled[i]!;
        const all = new Float64Array(latencies.reduce((n, l) => n + l.length, 0));
        latencies.reduce((at, l) => (all.set(l, at), at + l.length), 0);
        all.sort();
        rows.push({
          name: `${pair.name}, ${inFlight} in flight`,
          'p50 µs': Math.round(percentile(all, 0.5)),
          'p99 µs': Math.round(percentile(all, 0.99)),
          'p99.9 µs': Math.round(percentile(all, 0.999)),
          'orders/s': Math.round(all.length / seconds),
        });
      }
    }
    return rows;
  } finally {
    await group.stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
}
