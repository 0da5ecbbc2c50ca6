import type { Command } from 'commander';
import { FixDictionary } from '../../src-shared/fix/dictionary';
import { FileLog, FileStore, FixAcceptor } from '../../src-shared/fix/node';
import { FixSession, MemoryStore } from '../../src-shared/fix/session';
import type { FixApplication, MessageStore } from '../../src-shared/fix/session';
import { EchoApplication } from './EchoApplication';
import { Executor, IdSource } from './Executor';
import { compIDFlag, decimalFlag, FlagError, fsyncFlag, pemFile, portFlag, positiveIntFlag, runCommand, scheduleFlags } from './flags';

interface AcceptorFlags {
  host: string;
  port?: string;
  senderCompId: string;
  targetCompId?: string;
  heartbeat: string;
  resetOnLogon?: boolean;
  nextExpectedMsgSeqNum?: boolean;
  store?: string;
  fsync: string;
  tlsCert?: string;
  tlsKey?: string;
  log?: string;
  resetAt?: string;
  timeZone?: string;
  marketPrice: string;
  echo?: boolean;
}

export function registerAcceptorCommand(program: Command): void {
  program
    .command('fix-acceptor')
    .description('FIX 4.4 acceptor that acknowledges and fills orders (like QuickFIX\'s executor example)')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'port to listen on (0 picks a free one)')
    .option('--sender-comp-id <id>', 'our SenderCompID', 'EXECUTOR')
    .option('--target-comp-id <id>', 'the only counterparty accepted (default: any, answered with its own CompID)')
    .option('--heartbeat <s>', 'heartbeat interval in seconds (the initiator\'s HeartBtInt wins)', '30')
    .option('--reset-on-logon', 'start both sequence numbers at 1 on every Logon')
    .option('--next-expected-msg-seq-num', 'NextExpectedMsgSeqNum (789) on Logon, for peers that use it too (QuickFIX/J EnableNextExpectedMsgSeqNum)')
    .option('--store <dir>', 'crash-safe message store folder (default: in memory)')
    .option('--fsync <policy>', 'store durability: always, batch or never', 'always')
    .option('--tls-cert <pem>', 'TLS certificate (PEM); with --tls-key')
    .option('--tls-key <pem>', 'TLS private key (PEM); with --tls-cert')
    .option('--log <file>', 'message and event log (passwords and SecureData masked)')
    .option('--reset-at <HH:MM>', 'daily session reset: log out, both sequence numbers back to 1, log on again')
    .option('--time-zone <zone>', 'IANA time zone of --reset-at (default UTC)')
    .option('--market-price <decimal>', 'fill price of market orders', '100')
    .option('--echo', 'send orders back as they came, as QuickFIX\'s acceptance-test server does')
    .action((flags: AcceptorFlags) => runCommand('fix-acceptor', () => runAcceptor(flags)));
}

async function runAcceptor(flags: AcceptorFlags): Promise<number> {
  const port = portFlag(flags.port);
  const sender = compIDFlag(flags.senderCompId, '--sender-comp-id');
  const onlyTarget = flags.targetCompId === undefined ? undefined : compIDFlag(flags.targetCompId, '--target-comp-id');
  const heartBtInt = positiveIntFlag(flags.heartbeat, '--heartbeat');
  const fsync = fsyncFlag(flags.fsync);
  const schedule = scheduleFlags(flags.resetAt, flags.timeZone);
  const marketPrice = decimalFlag(flags.marketPrice, '--market-price');
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) throw new FlagError('--tls-cert and --tls-key go together');
  const tls = flags.tlsCert !== undefined && flags.tlsKey !== undefined ? { cert: pemFile(flags.tlsCert, '--tls-cert'), key: pemFile(flags.tlsKey, '--tls-key') } : undefined;

  const dictionary = FixDictionary.tessera();
  const log = flags.log !== undefined ? new FileLog(flags.log) : undefined;
  const ids = new IdSource();
  const sessions = new Map<string, FixSession>();
  const stores: MessageStore[] = [];

  const sessionFor = (ours: string, theirs: string): FixSession | string => {
    if (ours !== sender) return `this acceptor is ${sender}, not ${ours}`;
    if (onlyTarget !== undefined && theirs !== onlyTarget) return `unknown counterparty ${theirs}`;
    const existing = sessions.get(theirs);
    if (existing !== undefined) return existing;
    const store = flags.store !== undefined ? FileStore.open(flags.store, sender, theirs, { fsync }) : new MemoryStore();
    stores.push(store);
    const executor = flags.echo === true ? null : new Executor(ids, marketPrice);
    const application: FixApplication = executor ?? new EchoApplication();
    const session = new FixSession({
      settings: { senderCompID: sender, targetCompID: theirs, role: 'acceptor', heartBtInt, resetOnLogon: flags.resetOnLogon === true, enableNextExpectedMsgSeqNum: flags.nextExpectedMsgSeqNum === true, schedule },
      store,
      application,
      validator: dictionary,
      log: log?.forSession(`${sender}->${theirs}`),
    });
    const recovered = executor?.recover(session) ?? 0;
    if (recovered > 0) log?.line(`${sender}->${theirs} * recovered ${recovered} orders from the store`);
    sessions.set(theirs, session);
    return session;
  };
  // A fixed counterparty's store is opened now, so a locked or unreadable store fails at start.
  if (onlyTarget !== undefined) sessionFor(sender, onlyTarget);

  const acceptor = new FixAcceptor({
    host: flags.host,
    port,
    tls,
    sessionFor,
    onEvent: (text) => log?.line(`acceptor * ${text}`),
  });
  const address = await acceptor.listen();
  process.stdout.write(`listening ${address.address}:${address.port}\n`);

  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  await acceptor.close('Shutting down');
  for (const store of stores) store.close();
  await log?.close();
  return 0;
}
