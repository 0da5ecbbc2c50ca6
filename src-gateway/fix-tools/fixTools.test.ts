import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FixFramer, FixMessage, FixView } from '../../src-shared/fix/codec';
import { FileStore, FixInitiator } from '../../src-shared/fix/node';
import { FixSession } from '../../src-shared/fix/session';
import type { FixApplication } from '../../src-shared/fix/session';
import { frameOf, shown } from '../../src-shared/fix/session/sessionHarness';

/**
 * The two commands end to end, as separate processes over loopback. They are bundled from the
 * same registerFixTools() the tessera CLI calls, into a temporary script.
 */
const ENTRY = `
import { Command } from 'commander';
import { registerFixTools } from './commands';
const program = new Command('tessera');
registerFixTools(program);
await program.parseAsync(process.argv);
`;

const here = dirname(fileURLToPath(import.meta.url));
let work: string;
let cli: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'tessera-fix-tools-'));
  cli = join(work, 'fix-tools.mjs');
  await build({
    stdin: { contents: ENTRY, resolveDir: here, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: cli,
    loader: { '.xml': 'text' },
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
    logLevel: 'silent',
  });
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

const running: ChildProcess[] = [];
afterEach(() => {
  for (const p of running.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
});

interface Run {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<number | null>;
  /** Resolves with the first stdout line matching. */
  line(re: RegExp, timeoutMs?: number): Promise<string>;
}

function tool(args: string[], input?: string): Run {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  running.push(child);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  let outBuf = '';
  child.stdout!.on('data', (c: Buffer) => {
    outBuf += c.toString();
    let nl: number;
    while ((nl = outBuf.indexOf('\n')) >= 0) {
      const line = outBuf.slice(0, nl);
      outBuf = outBuf.slice(nl + 1);
      stdout.push(line);
      for (const w of waiters.splice(0)) {
        if (w.re.test(line)) w.resolve(line);
        else waiters.push(w);
      }
    }
  });
  let errBuf = '';
  child.stderr!.on('data', (c: Buffer) => {
    errBuf += c.toString();
    const lines = errBuf.split('\n');
    errBuf = lines.pop()!;
    stderr.push(...lines);
  });
  if (input !== undefined) child.stdin!.end(input);
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    stdout,
    stderr,
    exited,
    line: (re, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const found = stdout.find((l) => re.test(l));
        if (found !== undefined) return resolve(found);
        const timer = setTimeout(() => reject(new Error(`no line ${re} in: ${stdout.join('\n')} / ${stderr.join('\n')}`)), timeoutMs);
        waiters.push({ re, resolve: (l) => (clearTimeout(timer), resolve(l)) });
      }),
  };
}

async function acceptor(args: string[] = []): Promise<{ run: Run; port: number }> {
  const run = tool(['fix-acceptor', '--port', '0', ...args]);
  const line = await run.line(/^listening /);
  const m = /^listening 127\.0\.0\.1:(\d+)$/.exec(line);
  expect(m).not.toBeNull();
  return { run, port: Number(m![1]) };
}

async function stopped(run: Run): Promise<number | null> {
  run.child.kill('SIGTERM');
  return run.exited;
}

function field(line: string, tag: number): string | undefined {
  return new RegExp(`\\|${tag}=([^|]*)`).exec(line)?.[1];
}

describe('fix-acceptor and fix-client', () => {
  it('acknowledges and fills limit orders at their price and market orders at the market price', async () => {
    const { run: acc, port } = await acceptor(['--market-price', '99.5']);
    const client = tool(['fix-client', '--port', String(port), '--order', 'side=buy,symbol=ESZ6,qty=2,price=5000.25,account=11111', '--order', 'side=sell,symbol=ESZ6,qty=1,type=market,clordid=MKT1']);
    expect(await client.exited).toBe(0);
    const reports = client.stdout.filter((l) => l.startsWith('< 8=FIX.4.4|'));
    expect(reports).toHaveLength(4);
    expect(reports.map((l) => `${field(l, 150)}/${field(l, 39)}`)).toEqual(['0/0', 'F/2', '0/0', 'F/2']);
    expect(field(reports[1]!, 31)).toBe('5000.25');
    expect(field(reports[1]!, 32)).toBe('2');
    expect(field(reports[1]!, 1)).toBe('11111');
    expect(field(reports[3]!, 11)).toBe('MKT1');
    expect(field(reports[3]!, 31)).toBe('99.5');
    expect(client.stdout.at(-1)).toBe('summary orders=2 acked=2 filled=2 rejected=0 duplicates=0');
    expect(await stopped(acc)).toBe(0);
  });

  it('prints JSON objects with --json and caps orders in flight', async () => {
    const { port } = await acceptor();
    const client = tool(['fix-client', '--port', String(port), '--json', '--in-flight', '1', '--count', '5', '--order', 'side=sell,symbol=CLZ5,qty=3,price=-1.25,clordid=J']);
    expect(await client.exited).toBe(0);
    const messages = client.stdout.slice(0, -1).map((l) => JSON.parse(l) as Record<string, string>);
    expect(messages).toHaveLength(10);
    expect(messages.filter((m) => m['39'] === '2').map((m) => m['11'])).toEqual(['J-1', 'J-2', 'J-3', 'J-4', 'J-5']);
    expect(messages[1]!['31']).toBe('-1.25');
    expect(client.stdout.at(-1)).toBe('summary orders=5 acked=5 filled=5 rejected=0 duplicates=0');
  });

  it('reports bad order lines on stderr and carries on; bad flags exit 2 with one line', async () => {
    const { port } = await acceptor();
    const file = join(work, 'orders.jsonl');
    writeFileSync(file, ['{"side":"buy","symbol":"ESZ6","qty":1,"price":5000.25}', '{"side":"buy",', '{"side":"hold","symbol":"X","qty":1,"price":1}', '', '{"side":"sell","symbol":"ESZ6","qty":"2","type":"market","colour":"red"}', '{"side":"sell","symbol":"ESZ6","qty":"2","type":"market"}'].join('\n'));
    const client = tool(['fix-client', '--port', String(port), '--orders', file]);
    expect(await client.exited).toBe(0);
    expect(client.stderr).toEqual([
      expect.stringMatching(/^fix-client: bad order on line 2 of .*orders\.jsonl: not JSON/),
      `fix-client: bad order on line 3 of ${file}: side must be buy or sell, got "hold"`,
      `fix-client: bad order on line 5 of ${file}: unknown key "colour" (use side, symbol, qty, price, type, clordid, account)`,
    ]);
    expect(client.stdout.at(-1)).toBe('summary orders=2 acked=2 filled=2 rejected=0 duplicates=0');

    for (const [args, message] of [
      [['fix-client', '--port', String(port), '--fsync', 'sometimes'], 'fix-client: --fsync must be always, batch or never, got "sometimes"'],
      [['fix-client', '--port', 'x'], 'fix-client: --port must be a port number 0-65535, got "x"'],
      [['fix-client', '--port', String(port), '--count', '3'], 'fix-client: --count needs exactly one --order template'],
      [['fix-client', '--port', String(port), '--order', 'side=buy,symbol=ESZ6,qty=0,price=1'], 'fix-client: bad --order "side=buy,symbol=ESZ6,qty=0,price=1": qty must be a positive decimal, got "0"'],
      [['fix-client', '--port', String(port), '--reset-at', '25:00'], 'fix-client: --reset-at/--time-zone: reset time must be HH:MM or HH:MM:SS, got "25:00"'],
      [['fix-acceptor', '--port', '0', '--reset-at', '17:00', '--time-zone', 'Nowhere/Land'], 'fix-acceptor: --reset-at/--time-zone: unknown time zone "Nowhere/Land"'],
      [['fix-acceptor'], 'fix-acceptor: --port is required'],
      [['fix-acceptor', '--port', '0', '--tls-cert', 'x.pem'], 'fix-acceptor: --tls-cert and --tls-key go together'],
    ] as const) {
      const bad = tool([...args]);
      expect(await bad.exited).toBe(2);
      expect(bad.stderr).toEqual([message]);
    }
  });

  it('reads JSON orders from stdin until it closes', async () => {
    const { port } = await acceptor();
    const client = tool(['fix-client', '--port', String(port), '--orders', '-'], '{"side":"buy","symbol":"A","qty":"1","price":"10"}\nnot json\n{"side":"sell","symbol":"B","qty":4,"type":"market","clordid":"S-1"}\n');
    expect(await client.exited).toBe(0);
    expect(client.stderr).toEqual([expect.stringMatching(/^fix-client: bad order on stdin line 2: not JSON/)]);
    expect(client.stdout.at(-1)).toBe('summary orders=2 acked=2 filled=2 rejected=0 duplicates=0');
  });

  it('stops on SIGINT with a summary and exit 130 while stdin is still open', async () => {
    const { port } = await acceptor();
    const client = tool(['fix-client', '--port', String(port), '--orders', '-']);
    client.child.stdin!.write('{"side":"buy","symbol":"A","qty":"1","price":"10","clordid":"I-1"}\n');
    await client.line(/\|11=I-1\|.*\|39=2\|/);
    client.child.kill('SIGINT');
    expect(await client.exited).toBe(130);
    expect(client.stdout.at(-1)).toBe('summary orders=1 acked=1 filled=1 rejected=0 duplicates=0');
    expect(client.stderr).toEqual(['fix-client: interrupted with 0 orders without a terminal report']);
  });

  it('fails with the reason when it cannot log on', async () => {
    const { port } = await acceptor(['--target-comp-id', 'SOMEONE']);
    const refused = tool(['fix-client', '--port', String(port), '--order', 'side=buy,symbol=A,qty=1,price=1']);
    expect(await refused.exited).toBe(1);
    expect(refused.stderr.at(-1)).toMatch(/^fix-client: cannot log on to 127\.0\.0\.1:\d+: /);
    const down = tool(['fix-client', '--port', '1']);
    expect(await down.exited).toBe(1);
    expect(down.stderr).toEqual(['fix-client: cannot log on to 127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1']);
  });

  it('answers cancels and unsupported messages, and masks passwords and SecureData in its log', async () => {
    const logFile = join(work, 'acceptor.log');
    const { run: acc, port } = await acceptor(['--log', logFile]);
    const received: string[] = [];
    const app: FixApplication = {
      fromApp: (v: FixView) => void received.push(`${v.msgType} ${v.get(11) ?? ''} ${v.get(39) ?? ''} ${v.get(102) ?? ''} ${v.get(380) ?? ''}`),
      toAdmin: (m) => {
        if (m.msgType === 'A') m.set(553, 'trader').set(554, 'hunter2').set(91, 'LICENCE-KEY');
      },
    };
    const session = new FixSession({ settings: { senderCompID: 'TESTER', targetCompID: 'EXECUTOR', role: 'initiator' }, application: app });
    const initiator = new FixInitiator({ session, host: '127.0.0.1', port, reconnect: false });
    initiator.start();
    await until(() => session.isLoggedOn);
    session.send(new FixMessage('D').set(11, 'A1').set(55, 'ESZ6').set(54, 1).set(60, '20250106-12:00:00').set(38, 1).set(40, 2).set(44, '10'));
    await until(() => received.length === 2);
    session.send(new FixMessage('F').set(41, 'A1').set(11, 'A1-CXL').set(55, 'ESZ6').set(54, 1).set(60, '20250106-12:00:01'));
    session.send(new FixMessage('F').set(41, 'NOPE').set(11, 'N-CXL').set(55, 'ESZ6').set(54, 1).set(60, '20250106-12:00:01'));
    // An ExecutionReport is valid FIX but nothing an executor takes: BusinessMessageReject.
    session.send(new FixMessage('8').set(37, 'X').set(17, 'X').set(150, 0).set(39, 0).set(55, 'ESZ6').set(54, 1).set(151, 1).set(14, 0).set(6, 0));
    await until(() => received.length === 5);
    expect(received.slice(2)).toEqual(['9 A1-CXL 2 0 ', '9 N-CXL 8 1 ', 'j    3']);
    await initiator.stop();
    expect(await stopped(acc)).toBe(0);
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('|554=***|');
    expect(log).toContain('|91=***|');
    expect(log).not.toContain('hunter2');
    expect(log).not.toContain('LICENCE-KEY');
  });

  it('logs its sessions out on SIGTERM and exits 0', async () => {
    const { run: acc, port } = await acceptor();
    const logouts: string[] = [];
    const session = new FixSession({
      settings: { senderCompID: 'TESTER', targetCompID: 'EXECUTOR', role: 'initiator' },
      application: { fromApp: () => undefined, onLogout: (_s, reason) => void logouts.push(reason) },
    });
    const initiator = new FixInitiator({ session, host: '127.0.0.1', port, reconnect: false });
    initiator.start();
    await until(() => session.isLoggedOn);
    expect(await stopped(acc)).toBe(0);
    expect(logouts).toEqual(['Logout: Shutting down']);
  });

  it('works over TLS with a self-signed certificate the client trusts', async () => {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(work, 'key.pem'), '-out', join(work, 'cert.pem')], { stdio: 'ignore' });
    const { port } = await acceptor(['--tls-cert', join(work, 'cert.pem'), '--tls-key', join(work, 'key.pem')]);
    const client = tool(['fix-client', '--port', String(port), '--tls-ca', join(work, 'cert.pem'), '--order', 'side=buy,symbol=ESZ6,qty=1,price=1']);
    expect(await client.exited).toBe(0);
    expect(client.stdout.at(-1)).toBe('summary orders=1 acked=1 filled=1 rejected=0 duplicates=0');
    const untrusted = tool(['fix-client', '--port', String(port), '--tls', '--order', 'side=buy,symbol=ESZ6,qty=1,price=1']);
    expect(await untrusted.exited).toBe(1);
    expect(untrusted.stderr.at(-1)).toMatch(/certificate/);
  });
});

describe('fix-acceptor --echo (QuickFIX acceptance-test server behaviour)', () => {
  it('echoes orders with fields in tag order, ignores a PossResend duplicate, rejects other messages', async () => {
    const { port } = await acceptor(['--echo', '--sender-comp-id', 'ISLD', '--reset-on-logon']);
    const socket = connect({ host: '127.0.0.1', port });
    const framer = new FixFramer();
    const received: string[] = [];
    socket.on('data', (c) => {
      framer.push(c);
      for (let r = framer.next(); r !== null; r = framer.next()) received.push(shown(r.bytes));
    });
    const send = (text: string) => socket.write(frameOf(text, Date.now()));
    send('35=A|34=1|49=TW|52=<TIME>|56=ISLD|98=0|108=30');
    send('35=D|34=2|49=TW|52=<TIME>|56=ISLD|11=ID|21=1|40=1|54=1|38=002000.00|55=INTC|60=20250106-12:00:00|167=CS');
    send('35=D|34=3|49=TW|52=<TIME>|56=ISLD|97=Y|11=ID|21=3|40=1|54=1|55=MSFT|60=20250106-12:00:00');
    send('35=D|34=4|49=TW|52=<TIME>|56=ISLD|97=Y|11=ID2|21=3|40=1|54=1|55=MSFT|60=20250106-12:00:00');
    send('35=8|34=5|49=TW|52=<TIME>|56=ISLD|37=id|17=id|150=0|39=0|55=WLRI|54=1|151=100|14=0|6=0.0');
    await until(() => received.length === 4);
    socket.destroy();
    expect(received).toEqual([
      '35=A|34=1|49=ISLD|52=<T>|56=TW|98=0|108=30|',
      '35=D|34=2|49=ISLD|52=<T>|56=TW|11=ID|21=1|38=002000.00|40=1|54=1|55=INTC|60=20250106-12:00:00|167=CS|',
      '35=D|34=3|49=ISLD|52=<T>|56=TW|97=Y|11=ID2|21=3|40=1|54=1|55=MSFT|60=20250106-12:00:00|',
      '35=j|34=4|49=ISLD|52=<T>|56=TW|45=5|58=Unsupported Message Type|372=8|380=3|',
    ]);
  });
});

describe('fix-acceptor --next-expected-msg-seq-num', () => {
  it('answers a Logon with NextExpectedMsgSeqNum (789)', async () => {
    const { port } = await acceptor(['--sender-comp-id', 'ISLD', '--next-expected-msg-seq-num']);
    const socket = connect({ host: '127.0.0.1', port });
    const framer = new FixFramer();
    const received: string[] = [];
    socket.on('data', (c) => {
      framer.push(c);
      for (let r = framer.next(); r !== null; r = framer.next()) received.push(shown(r.bytes));
    });
    socket.write(frameOf('35=A|34=1|49=TW|52=<TIME>|56=ISLD|98=0|108=30|789=1', Date.now()));
    await until(() => received.length === 1);
    socket.destroy();
    expect(received).toEqual(['35=A|34=1|49=ISLD|52=<T>|56=TW|98=0|108=30|789=2|']);
  });
});

describe('restarts with --store', () => {
  /** Fills per ClOrdID in the acceptor's store: each order must have been executed once. */
  function fillsPerOrder(dir: string, theirs: string): Map<string, number> {
    const store = FileStore.open(dir, 'EXECUTOR', theirs);
    const view = new FixView();
    const fills = new Map<string, number>();
    store.forEachSent(1, store.nextSenderMsgSeqNum - 1, (_seq, frame) => {
      view.reset(frame);
      if (view.msgType === '8' && view.is(150, 'F')) fills.set(view.get(11)!, (fills.get(view.get(11)!) ?? 0) + 1);
    });
    store.close();
    return fills;
  }

  it('a client killed mid-run continues the same run and no order is executed twice', async () => {
    const accStore = join(work, 'acc-1');
    const clientStore = join(work, 'client-1');
    const { run: acc, port } = await acceptor(['--store', accStore, '--fsync', 'batch']);
    const args = ['fix-client', '--port', String(port), '--store', clientStore, '--in-flight', '20', '--count', '400', '--order', 'side=buy,symbol=ESZ6,qty=1,price=10,clordid=R'];
    const first = tool(args);
    await first.line(/\|11=R-100\|.*\|150=F\|/);
    first.child.kill('SIGKILL');
    await first.exited;
    const second = tool(args);
    expect(await second.exited).toBe(0);
    expect(second.stdout.at(-1)).toMatch(/^summary orders=400 acked=400 filled=400 rejected=0 duplicates=\d+$/);
    expect(await stopped(acc)).toBe(0);
    const fills = fillsPerOrder(accStore, 'CLIENT');
    expect(fills.size).toBe(400);
    expect([...fills.values()].every((n) => n === 1)).toBe(true);
  });

  it('an acceptor killed mid-run is restarted on its store; the client reconnects and finishes', async () => {
    const accStore = join(work, 'acc-2');
    const first = await acceptor(['--store', accStore]);
    const client = tool(['fix-client', '--port', String(first.port), '--sender-comp-id', 'C2', '--in-flight', '10', '--count', '300', '--order', 'side=sell,symbol=ESZ6,qty=1,price=10,clordid=K']);
    await client.line(/\|11=K-50\|.*\|150=F\|/);
    first.run.child.kill('SIGKILL');
    await first.run.exited;
    // The last --port given wins: the restarted acceptor takes the same port.
    const second = await acceptor(['--store', accStore, '--port', String(first.port)]);
    expect(await client.exited).toBe(0);
    expect(client.stdout.at(-1)).toMatch(/^summary orders=300 acked=300 filled=300 rejected=0 duplicates=\d+$/);
    expect(await stopped(second.run)).toBe(0);
    const fills = fillsPerOrder(accStore, 'C2');
    expect(fills.size).toBe(300);
    expect([...fills.values()].every((n) => n === 1)).toBe(true);
  });
});

function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (check()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error('condition not met in time'));
      else setTimeout(tick, 5);
    };
    tick();
  });
}
