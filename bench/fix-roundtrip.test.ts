import { expect, it } from 'vitest';
import { runFixRoundTripBench } from './fix-roundtrip';

// The FIX round-trip benchmark at toy sizes: all four pairs (ours, QuickFIX C++, both mixed)
// run to the end in both modes, and each row holds a latency distribution and a rate. No
// timing asserted: the targets are checked by `npm run bench -- fix`, not here.

it('runs every pair, ours beside QuickFIX C++, in both modes', async () => {
  const rows = await runFixRoundTripBench({ orders: 60, warmup: 10, rounds: 1, pipelinedInFlight: 10 });
  const pairs = ['ours: Tessera initiator → tessera fix-acceptor', 'QuickFIX C++: tradeclient → executor', 'mixed: QuickFIX tradeclient → tessera fix-acceptor', 'mixed: Tessera initiator → QuickFIX executor'];
  expect(rows.map((row) => row.name)).toEqual([...pairs.map((pair) => `${pair}, 1 in flight`), ...pairs.map((pair) => `${pair}, 10 in flight`)]);
  for (const row of rows) {
    const [p50, p99, p999, rate] = [row['p50 µs'], row['p99 µs'], row['p99.9 µs'], row['orders/s']] as number[];
    expect(p50, row.name).toBeGreaterThan(0);
    expect(p50, row.name).toBeLessThanOrEqual(p99!);
    expect(p99, row.name).toBeLessThanOrEqual(p999!);
    expect(rate, row.name).toBeGreaterThan(0);
  }
}, 120_000);
