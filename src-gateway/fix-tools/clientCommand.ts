import { readFileSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { FixDictionary } from '../../src-shared/fix/dictionary';
import { FileLog, FileStore, FixInitiator } from '../../src-shared/fix/node';
import type { InitiatorStatus } from '../../src-shared/fix/node';
import { FixSession, MemoryStore } from '../../src-shared/fix/session';
import type { MessageStore } from '../../src-shared/fix/session';
import { ClientJournal } from './ClientJournal';
import { compIDFlag, FlagError, fsyncFlag, pemFile, portFlag, positiveIntFlag, runCommand, scheduleFlags, secondsFlag } from './flags';
import { OrderSpecError, parseOrderFlag, parseOrderJson } from './orderSpec';
import type { OrderSpec } from './orderSpec';
import { TradeClient } from './TradeClient';

interface ClientFlags {
  host: string;
  port?: string;
  senderCompId: string;
  targetCompId: string;
  heartbeat: string;
  resetOnLogon?: boolean;
  nextExpectedMsgSeqNum?: boolean;
  store?: string;
  fsync: string;
  tls?: boolean;
  tlsCa?: string;
  order: string[];
  orders?: string;
  count?: string;
  inFlight?: string;
  json?: boolean;
  timeout?: string;
  log?: string;
  resetAt?: string;
  timeZone?: string;
}

export function registerClientCommand(program: Command): void {
  program
    .command('fix-client')
    .description('FIX 4.4 initiator that sends orders and waits for their reports (like QuickFIX\'s tradeclient example)')
    .option('--host <address>', 'acceptor address', '127.0.0.1')
    .option('--port <n>', 'acceptor port')
    .option('--sender-comp-id <id>', 'our SenderCompID', 'CLIENT')
    .option('--target-comp-id <id>', 'the acceptor\'s CompID', 'EXECUTOR')
    .option('--heartbeat <s>', 'HeartBtInt in seconds', '30')
    .option('--reset-on-logon', 'start both sequence numbers at 1 on every Logon (141=Y)')
    .option('--next-expected-msg-seq-num', 'NextExpectedMsgSeqNum (789) on Logon, for peers that use it too (QuickFIX/J EnableNextExpectedMsgSeqNum)')
    .option('--store <dir>', 'crash-safe store folder: a restarted client continues the same run')
    .option('--fsync <policy>', 'store durability: always, batch or never', 'always')
    .option('--tls', 'connect with TLS')
    .option('--tls-ca <pem>', 'certificate authority to trust (e.g. the acceptor\'s self-signed certificate)')
    .option('--order <spec>', 'side=buy,symbol=ESZ6,qty=1,price=5000.25[,type=limit|market][,clordid=…][,account=…] (repeatable)', (v: string, all: string[]) => [...all, v], [])
    .option('--orders <file>', 'JSON lines with the same keys; - reads stdin')
    .option('--count <n>', 'send n orders from the one --order template, ClOrdIDs <prefix>-<i>')
    .option('--in-flight <n>', 'at most n orders awaiting their first report (default: no cap)')
    .option('--json', 'print received messages as JSON objects')
    .option('--timeout <s>', 'give up after this many seconds (exit 1)')
    .option('--log <file>', 'message and event log (passwords and SecureData masked)')
    .option('--reset-at <HH:MM>', 'daily session reset: log out, both sequence numbers back to 1, log on again')
    .option('--time-zone <zone>', 'IANA time zone of --reset-at (default UTC)')
    .action((flags: ClientFlags) => runCommand('fix-client', () => runClient(flags)));
}

async function runClient(flags: ClientFlags): Promise<number> {
  const port = portFlag(flags.port);
  if (port === 0) throw new FlagError('--port must name the acceptor\'s port, not 0');
  const sender = compIDFlag(flags.senderCompId, '--sender-comp-id');
  const target = compIDFlag(flags.targetCompId, '--target-comp-id');
  const heartBtInt = positiveIntFlag(flags.heartbeat, '--heartbeat');
  const fsync = fsyncFlag(flags.fsync);
  const schedule = scheduleFlags(flags.resetAt, flags.timeZone);
  const inFlight = flags.inFlight === undefined ? Infinity : positiveIntFlag(flags.inFlight, '--in-flight');
  const count = flags.count === undefined ? undefined : positiveIntFlag(flags.count, '--count');
  const timeoutMs = flags.timeout === undefined ? undefined : secondsFlag(flags.timeout, '--timeout') * 1000;
  if (count !== undefined && flags.order.length !== 1) throw new FlagError('--count needs exactly one --order template');
  const specs: OrderSpec[] = flags.order.map((text) => {
    try {
      return parseOrderFlag(text);
    } catch (e) {
      if (e instanceof OrderSpecError) throw new FlagError(`bad --order "${text}": ${e.message}`);
      throw e;
    }
  });
  const ca = flags.tlsCa !== undefined ? pemFile(flags.tlsCa, '--tls-ca') : undefined;
  const fileLines = flags.orders !== undefined && flags.orders !== '-' ? readOrderFile(flags.orders) : undefined;

  const journal = flags.store !== undefined ? new ClientJournal(flags.store, sender, target, fsync) : undefined;
  const store: MessageStore = flags.store !== undefined ? FileStore.open(flags.store, sender, target, { fsync }) : new MemoryStore();
  const log = flags.log !== undefined ? new FileLog(flags.log) : undefined;
  // ClOrdIDs of orders given without one come from the run id: the same after a restart.
  let run = journal?.entries.find((e): e is { run: string } => 'run' in e)?.run;
  if (run === undefined) {
    run = `C${Date.now().toString(36).toUpperCase()}`;
    journal?.append({ run });
  }
  // A line is shown once the journal holds what it reports, and written synchronously in one
  // pipe-atomic write (an asynchronous write is lost on kill -9): the restarted client knows
  // every report it showed, and a crash can lose at most the line being written.
  const print = (line: string): void => {
    journal?.flush();
    writeAllSync(`${line}\n`);
  };
  const client = new TradeClient({
    print,
    note: (line) => process.stderr.write(`fix-client: ${line}\n`),
    json: flags.json === true,
    inFlight,
    journal,
  });
  const session = new FixSession({
    settings: { senderCompID: sender, targetCompID: target, role: 'initiator', heartBtInt, resetOnLogon: flags.resetOnLogon === true, enableNextExpectedMsgSeqNum: flags.nextExpectedMsgSeqNum === true, schedule },
    store,
    application: client,
    validator: FixDictionary.tessera(),
    log: log?.forSession(`${sender}->${target}`),
  });
  if (journal !== undefined) client.replay(journal.entries);
  client.recoverSent(session);

  let generated = 0;
  const addOrder = (spec: OrderSpec, where: string): void => {
    const clOrdID = spec.clOrdID ?? `${run}-${++generated}`;
    if (!client.add(spec, clOrdID)) process.stderr.write(`fix-client: ${where}: ClOrdID ${clOrdID} is already used; order skipped\n`);
  };

  let failure: string | null = null;
  let everLoggedOn = false;
  let stop: () => Promise<void> = () => Promise.resolve();
  const finished = new Promise<void>((resolve) => {
    client.onDone = resolve;
    const initiator = new FixInitiator({
      session,
      host: flags.host,
      port,
      tls: flags.tls === true || ca !== undefined ? (ca !== undefined ? { ca } : true) : undefined,
      reconnect: { initialMs: 500, maxMs: 5000 },
      beforeFlush: () => journal?.flush(),
      onStatus: (status: InitiatorStatus) => {
        if (status.state === 'logged-on') everLoggedOn = true;
        if (status.state === 'disconnected' && !everLoggedOn) {
          const refused = session.lastLogoutText;
          failure = refused !== undefined ? `logon refused: ${refused}` : `cannot log on to ${flags.host}:${port}: ${status.reason}`;
          resolve();
        }
      },
    });
    stop = () => initiator.stop();
    initiator.start();
  });

  if (count !== undefined) {
    const template = specs[0]!;
    const prefix = template.clOrdID ?? run;
    for (let i = 1; i <= count; i++) client.add({ ...template, clOrdID: undefined }, `${prefix}-${i}`);
  } else {
    specs.forEach((spec, i) => addOrder(spec, `--order ${i + 1}`));
  }
  fileLines?.forEach((line, i) => {
    if (line.trim().length === 0) return;
    try {
      addOrder(parseOrderJson(line), `${flags.orders}:${i + 1}`);
    } catch (e) {
      if (!(e instanceof OrderSpecError)) throw e;
      process.stderr.write(`fix-client: bad order on line ${i + 1} of ${flags.orders}: ${e.message}\n`);
    }
  });
  let closeInput = (): void => undefined;
  if (flags.orders === '-') {
    let lineNo = 0;
    const lines = createInterface({ input: process.stdin });
    closeInput = () => {
      lines.close();
      process.stdin.destroy();
    };
    lines.on('line', (line) => {
      lineNo++;
      if (line.trim().length === 0) return;
      try {
        addOrder(parseOrderJson(line), `stdin:${lineNo}`);
      } catch (e) {
        if (!(e instanceof OrderSpecError)) throw e;
        process.stderr.write(`fix-client: bad order on stdin line ${lineNo}: ${e.message}\n`);
      }
    });
    lines.on('close', () => client.endOfInput());
  } else {
    client.endOfInput();
  }

  let interrupted = false;
  const interrupt = (): void => {
    interrupted = true;
    client.onDone();
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  let timedOut = false;
  const timer =
    timeoutMs === undefined
      ? null
      : setTimeout(() => {
          timedOut = true;
          client.onDone();
        }, timeoutMs);
  await finished;
  if (timer !== null) clearTimeout(timer);
  closeInput();
  process.off('SIGINT', interrupt);
  process.off('SIGTERM', interrupt);
  await stop();
  writeAllSync(`${client.summary()}\n`);
  store.close();
  journal?.close();
  await log?.close();
  if (failure !== null) {
    process.stderr.write(`fix-client: ${failure}\n`);
    return 1;
  }
  if (interrupted) {
    process.stderr.write(`fix-client: interrupted with ${client.openOrders} orders without a terminal report\n`);
    return 130;
  }
  if (timedOut) {
    process.stderr.write(`fix-client: timed out after ${timeoutMs! / 1000} s with ${client.openOrders} orders without a terminal report\n`);
    return 1;
  }
  return 0;
}

function readOrderFile(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').split('\n');
  } catch (e) {
    throw new FlagError(`--orders ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

/** Writes to stdout synchronously, waiting out a full pipe (stdout may be non-blocking). */
function writeAllSync(text: string): void {
  let bytes = Buffer.from(text);
  while (bytes.length > 0) {
    try {
      bytes = bytes.subarray(writeSync(1, bytes));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}
