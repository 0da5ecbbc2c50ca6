import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clOrdIDs, expectNone, orderOutcomeProblems } from './harness/checks';
import { events } from './harness/eventLines';
import { startGatewayProcess, startGatewayTradeClient, type GatewayOrders, type GatewayTrader } from './harness/gateway';
import type { PeerProcess } from './harness/PeerProcess';
import { quickfixReports } from './harness/reports';
import { interopSuite } from './harness/testing';

// Issue 4 item 7: QuickFIX C++ clients trading through our gateway, the T4-style API of SPEC
// §2 spoken by a FIX engine that is not ours (Logon with 553/554/91 and 372=UCG, 50 on every
// order, 57 on every report), its dictionary validation on.

const { group, scratch } = interopSuite();

const ORDERS = 200;
const PRICE = '6000.00';
const trader1: GatewayTrader = { username: 'trader1', password: 'trader1-demo', account: '11111' };
const trader2: GatewayTrader = { username: 'trader2', password: 'trader2-demo', account: '33333' };
const orders = (prefix: string, side: 'buy' | 'sell'): GatewayOrders => ({ prefix, side, count: ORDERS, symbol: 'MESZ6', price: PRICE, timeoutSeconds: 45 });

/** What one side's tradeclient printed that is wrong: its reports, whom they were for, its session. */
function clientProblems(client: PeerProcess, trader: GatewayTrader, prefix: string): string[] {
  const problems = orderOutcomeProblems(quickfixReports(client.lines), clOrdIDs(prefix, ORDERS), PRICE);
  for (const { fields } of events(client.lines, 'exec')) {
    if (fields.targetsubid !== trader.username) problems.push(`report ${fields.execid} for ${fields.clordid} has TargetSubID ${fields.targetsubid}`);
  }
  for (const line of [...events(client.lines, 'reject'), ...events(client.lines, 'resend-request'), ...events(client.lines, 'cancel-reject')]) {
    problems.push(`${line.event} ${JSON.stringify(line.fields)}`);
  }
  return problems;
}

describe('QuickFIX tradeclients → tessera gateway', () => {
  it(`trader1 buys and trader2 sells ${ORDERS} MESZ6 at ${PRICE}: every order acked once and filled once, each side its own reports; Logout ends both cleanly`, async () => {
    const dir = scratch();
    const gateway = await startGatewayProcess(group, dir);
    const buyer = startGatewayTradeClient(group, gateway.port, join(dir, 'trader1'), trader1, orders('B', 'buy'));
    const seller = startGatewayTradeClient(group, gateway.port, join(dir, 'trader2'), trader2, orders('S', 'sell'));

    expect(await buyer.waitForExit(60_000), buyer.describe()).toEqual({ code: 0, signal: null });
    expect(await seller.waitForExit(60_000), seller.describe()).toEqual({ code: 0, signal: null });
    expectNone(clientProblems(buyer, trader1, 'B'));
    expectNone(clientProblems(seller, trader2, 'S'));
    for (const client of [buyer, seller]) {
      expect(events(client.lines, 'summary')[0]?.fields, client.describe()).toMatchObject({
        orders: String(ORDERS), acked: String(ORDERS), filled: String(ORDERS), rejected: '0', duplicates: '0', missing: '0',
      });
      // The tradeclient's Logout was answered by the gateway's before the connection closed.
      const logouts = events(client.lines, 'logout-message').map(({ fields }) => [fields.dir, fields.text]);
      expect(logouts, client.describe()).toEqual([['out', 'done'], ['in', '']]);
      expect(events(client.lines, 'logout'), client.describe()).toHaveLength(1);
    }
    expect(gateway.process.running, gateway.process.describe()).toBe(true);
  }, 90_000);

  it('refuses a Logon with a wrong password, giving the reason as the Logout text', async () => {
    const dir = scratch();
    const gateway = await startGatewayProcess(group, dir);
    const client = startGatewayTradeClient(group, gateway.port, join(dir, 'trader1'), { ...trader1, password: 'wrong' }, { ...orders('W', 'buy'), count: 1 });

    await client.waitForLine(/^logout-message dir=in /, 15_000);
    expect(events(client.lines, 'logout-message')[0]?.fields).toMatchObject({ dir: 'in', text: 'Invalid username or password' });
    expect(events(client.lines, 'logon'), client.describe()).toEqual([]);
    expect(events(client.lines, 'sent'), client.describe()).toEqual([]);
  }, 30_000);
});
