import { expect, it } from 'vitest';
import { runGatewayBench } from './gateway-fix';

// The gateway benchmark at toy sizes against a real `tessera gateway` process: every row is
// there, every order was acknowledged (none refused), the fill service's session had a drop
// copy of every execution, and no subscriber missed a market-data update. No timing asserted.

it('measures orders and market-data fan-out end to end, losing nothing', async () => {
  const rows = await runGatewayBench({
    traders: 2,
    latencyOrders: 20,
    throughputOrders: 40,
    pipelinedInFlight: 5,
    warmup: 5,
    subscribers: [1, 4],
    streamSeconds: 0.5,
    streamInFlight: 5,
    peerOrders: 50,
    // The tmpfs runs are the same code on another folder; the benchmark itself runs them.
    tmpfs: false,
  });
  const named = (prefix: string) => rows.filter((row) => row.name.startsWith(prefix));

  const orders = named('gateway, data on disk');
  expect(orders.map((row) => [row.traders, row['in flight']])).toEqual([
    [1, 1],
    [2, 2],
    [2, 10],
  ]);
  for (const row of orders) {
    expect(row.acked).toBe(row.sent);
    expect(row['drop copies']).toBe('all');
    // Half the workload's orders cross: fills happen in every run.
    expect(row['fills/order']).toBeGreaterThan(0);
    expect(row['p50 µs']).toBeGreaterThan(0);
  }
  expect(orders[0]!.sent).toBe(25);
  expect(orders[2]!.sent).toBe(2 * 45);

  const peers = named('peer: QuickFIX C++');
  expect(peers).toHaveLength(2);
  for (const row of peers) expect(row.acked).toBe(55);

  const marketData = named('market data');
  expect(marketData.map((row) => row.subscribers)).toEqual([1, 4]);
  for (const row of marketData) {
    expect(row['RptSeq gaps']).toBe(0);
    expect(row['X msgs/s (all subscribers)']).toBeGreaterThan(0);
  }
}, 180_000);
