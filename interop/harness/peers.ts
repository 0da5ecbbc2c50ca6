import { peerBinaries, tesseraEntry } from './build';
import { freePort, type PeerGroup, type PeerProcess } from './PeerProcess';

// How the interop tests start each peer. QuickFIX peers print event lines (eventLines.ts);
// ours follow the `tessera fix-acceptor` / `tessera fix-client` contract.

export const ORDER = { symbol: 'ESZ6', side: 'buy', qty: '1', price: '5000.25' } as const;

export interface Listening {
  readonly process: PeerProcess;
  readonly port: number;
}

export interface ExecutorOptions {
  readonly store: string;
  readonly dictionary?: string;
  readonly port?: number;
  /** No `order` line per NewOrderSingle (benchmarks). */
  readonly quiet?: boolean;
  /** Acknowledge only, leaving orders open to be cancelled. */
  readonly noFill?: boolean;
}

export async function startQuickfixExecutor(group: PeerGroup, options: ExecutorOptions): Promise<Listening> {
  const port = options.port ?? (await freePort());
  const args = ['--port', String(port), '--sender-comp-id', 'EXECUTOR', '--target-comp-id', 'CLIENT', '--store', options.store];
  if (options.dictionary !== undefined) args.push('--dictionary', options.dictionary);
  if (options.quiet === true) args.push('--quiet');
  if (options.noFill === true) args.push('--no-fill');
  const process = group.start('quickfix executor', peerBinaries.executor, args);
  await process.waitForLine(/^listening port=/, 10_000);
  return { process, port };
}

export interface ClientOptions {
  readonly port: number;
  readonly store: string;
  readonly prefix: string;
  readonly count: number;
  readonly inFlight: number;
  readonly timeoutSeconds: number;
  readonly dictionary?: string;
}

export function startQuickfixTradeClient(group: PeerGroup, options: ClientOptions, extra: readonly string[] = []): PeerProcess {
  const args = [
    '--port', String(options.port), '--sender-comp-id', 'CLIENT', '--target-comp-id', 'EXECUTOR',
    '--store', options.store, '--heartbeat', '5', '--count', String(options.count), '--prefix', options.prefix,
    '--in-flight', String(options.inFlight), '--timeout', String(options.timeoutSeconds),
    '--symbol', ORDER.symbol, '--side', ORDER.side, '--qty', ORDER.qty, '--price', ORDER.price, ...extra,
  ];
  if (options.dictionary !== undefined) args.push('--dictionary', options.dictionary);
  return group.start('quickfix tradeclient', peerBinaries.tradeclient, args);
}

export async function startTesseraAcceptor(group: PeerGroup, store: string, extra: readonly string[] = []): Promise<Listening> {
  const process = group.start('tessera fix-acceptor', globalThis.process.execPath, [
    tesseraEntry, 'fix-acceptor', '--host', '127.0.0.1', '--port', '0',
    '--sender-comp-id', 'EXECUTOR', '--target-comp-id', 'CLIENT', '--store', store, ...extra,
  ]);
  const match = await process.waitForLine(/^listening 127\.0\.0\.1:(\d+)$/, 15_000);
  return { process, port: Number(match[1]) };
}

export function startTesseraClient(group: PeerGroup, options: ClientOptions): PeerProcess {
  const order = `side=${ORDER.side},symbol=${ORDER.symbol},qty=${ORDER.qty},price=${ORDER.price},type=limit,clordid=${options.prefix}`;
  const args = [
    tesseraEntry, 'fix-client', '--host', '127.0.0.1', '--port', String(options.port),
    '--sender-comp-id', 'CLIENT', '--target-comp-id', 'EXECUTOR', '--heartbeat', '5', '--store', options.store,
    '--order', order, '--count', String(options.count), '--in-flight', String(options.inFlight),
    '--timeout', String(options.timeoutSeconds),
  ];
  return group.start('tessera fix-client', globalThis.process.execPath, args);
}
