import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { peerBinaries, tesseraDictionary, tesseraEntry } from './build';
import type { PeerGroup, PeerProcess } from './PeerProcess';
import type { Listening } from './peers';

// Our gateway as a child process (`tessera gateway`) and the QuickFIX tradeclient logged on to
// it as one of the demo firm's traders (README "Demo firm").

export const DEMO_FIRM = 'DemoFirm';
export const TESSERA_APPLICATION = 'Tessera';
export const TESSERA_LICENCE = '7E4C1F0A-5B2D-4C8E-9A31-2F6D8B0C4E17';

const ready = /^gateway ready: FIX 127\.0\.0\.1:(\d+), admin /;

/** A fresh gateway on a free port, its data in `dir`; no background flow, so the book holds only the test's orders. */
export async function startGatewayProcess(group: PeerGroup, dir: string): Promise<Listening> {
  const config = join(dir, 'gateway.json');
  writeFileSync(config, JSON.stringify({ market: { backgroundFlow: false } }));
  const process = group.start('tessera gateway', globalThis.process.execPath, [
    tesseraEntry, 'gateway', '--config', config, '--data-dir', join(dir, 'data'), '--fix-port', '0', '--admin-port', '0', '--quiet',
  ]);
  const match = await process.waitForLine(ready, 30_000);
  return { process, port: Number(match[1]) };
}

export interface GatewayTrader {
  readonly username: string;
  readonly password: string;
  readonly account: string;
}

export interface GatewayOrders {
  readonly prefix: string;
  readonly count: number;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly price: string;
  readonly timeoutSeconds: number;
}

/**
 * The QuickFIX tradeclient as `trader`'s master session (multi-trader Logon), validating what it
 * receives against our dictionary; every order one lot, with SenderSubID = the trader.
 */
export function startGatewayTradeClient(group: PeerGroup, port: number, store: string, trader: GatewayTrader, orders: GatewayOrders): PeerProcess {
  return group.start(`quickfix tradeclient (${trader.username})`, peerBinaries.tradeclient, [
    '--port', String(port), '--sender-comp-id', TESSERA_APPLICATION, '--target-comp-id', DEMO_FIRM, '--store', store,
    '--dictionary', tesseraDictionary, '--heartbeat', '5',
    '--username', trader.username, '--password', trader.password, '--licence', TESSERA_LICENCE, '--multi-trader',
    '--sub-id', trader.username, '--account', trader.account,
    '--prefix', orders.prefix, '--count', String(orders.count), '--symbol', orders.symbol, '--side', orders.side,
    '--qty', '1', '--type', 'limit', '--price', orders.price, '--timeout', String(orders.timeoutSeconds),
  ]);
}
