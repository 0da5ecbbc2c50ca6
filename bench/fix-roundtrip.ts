/**
 * `npm run bench -- fix-roundtrip`: NewOrderSingle → first ExecutionReport over loopback,
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
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildInteropPeers, tesseraDictionary } from '../interop/harness/build';
import { events } from '../interop/harness/eventLines';
import { PeerGroup } from '../interop/harness/PeerProcess';
import { ORDER, startQuickfixExecutor, startQuickfixTradeClient, startTesseraAcceptor, type Listening } from '../interop/harness/peers';
import { runTesseraClient } from './fix-roundtrip-client';
import { formatTable } from './table';
import type { BenchRow } from './table';

export interface FixRoundTripOptions {
  /** Orders per measured run, after the warm-up. */
  orders?: number;
  warmup?: number;
  pipelinedInFlight?: number;
}

interface Measurement {
  p50: number;
  p99: number;
  p999: number;
  ordersPerSecond: number;
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
  const warmup = options.warmup ?? 5_000;
  const pipelined = options.pipelinedInFlight ?? 200;
  buildInteropPeers();
  const group = new PeerGroup();
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-fix-'));
  let runs = 0;
  try {
    const acceptors: Record<Acceptor, Listening> = {
      tessera: await startTesseraAcceptor(group, join(dir, 'tessera-acceptor'), ['--fsync', 'never']),
      quickfix: await startQuickfixExecutor(group, { store: join(dir, 'executor'), dictionary: tesseraDictionary, quiet: true }),
    };
    const measure = async (client: Client, acceptor: Acceptor, inFlight: number): Promise<Measurement> => {
      const run = ++runs;
      const port = acceptors[acceptor].port;
      const total = orders + warmup;
      if (client === 'tessera') {
        const result = await runTesseraClient({ port, orders: total, warmup, inFlight, prefix: `R${run}`, price: ORDER.price });
        const sorted = Float64Array.from(result.latenciesUs).sort();
        return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), p999: percentile(sorted, 0.999), ordersPerSecond: result.ordersPerSecond };
      }
      const tradeclient = startQuickfixTradeClient(
        group,
        { port, store: join(dir, `tradeclient-${run}`), prefix: `R${run}`, count: total, inFlight, timeoutSeconds: 300, dictionary: tesseraDictionary },
        ['--bench', '--warmup', String(warmup), '--reset-on-logon'],
      );
      const exit = await tradeclient.exited;
      const line = events(tradeclient.lines, 'bench')[0];
      if (exit.code !== 0 || line === undefined) throw new Error(`tradeclient bench run failed\n${tradeclient.describe()}`);
      const f = line.fields;
      return { p50: Number(f.p50us), p99: Number(f.p99us), p999: Number(f.p999us), ordersPerSecond: Number(f['orders-per-s']) };
    };

    const rows: BenchRow[] = [];
    for (const inFlight of [1, pipelined]) {
      for (const pair of PAIRS) {
        const m = await measure(pair.client, pair.acceptor, inFlight);
        rows.push({
          name: `${pair.name}, ${inFlight} in flight`,
          'p50 µs': Math.round(m.p50),
          'p99 µs': Math.round(m.p99),
          'p99.9 µs': Math.round(m.p999),
          'orders/s': Math.round(m.ordersPerSecond),
        });
      }
    }
    return rows;
  } finally {
    await group.stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await runFixRoundTripBench();
  process.stdout.write(
    `${formatTable({
      title: 'FIX round trip: NewOrderSingle → first ExecutionReport, loopback',
      rows,
      notes: ['20,000 measured orders per run after 5,000 warm-up; ack + fill per order; validation and file stores (no fsync) on every side'],
    })}\n`,
  );
}
