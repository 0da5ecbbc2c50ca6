import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FixFramer, FixMessage } from '../codec';
import type { FixView } from '../codec';
import { FixSession, MemoryStore } from '../session';
import type { FixApplication, SessionSettings } from '../session';
import { frameOf, shown } from '../session/sessionHarness';
import { BodyLengthResync } from './BodyLengthResync';
import { FixAcceptor } from './FixAcceptor';
import { FixInitiator } from './FixInitiator';
import type { InitiatorStatus } from './FixInitiator';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** Answers each News (35=B) with a News saying "echo: <text>". */
class EchoNews implements FixApplication {
  readonly received: string[] = [];
  fromApp(view: FixView, session: FixSession): void {
    const text = view.get(148) ?? '';
    this.received.push(text);
    if (!text.startsWith('echo:')) session.send(new FixMessage('B').set(148, `echo: ${text}`));
  }
}

function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
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

function acceptorSession(app: FixApplication, store = new MemoryStore(), extra: Partial<SessionSettings> = {}): FixSession {
  return new FixSession({ settings: { senderCompID: 'EXEC', targetCompID: 'CLIENT', role: 'acceptor', ...extra }, application: app, store });
}

async function startAcceptor(session: FixSession, port = 0, tls?: { cert: string; key: string }): Promise<{ acceptor: FixAcceptor; port: number }> {
  const acceptor = new FixAcceptor({
    port,
    tls,
    sessionFor: (ours, theirs) => (ours === 'EXEC' && theirs === 'CLIENT' ? session : `no session ${ours}<-${theirs}`),
  });
  const address = await acceptor.listen();
  cleanup.push(() => acceptor.close());
  return { acceptor, port: address.port };
}

function initiator(port: number, app: FixApplication, statuses: InitiatorStatus[], extra: Partial<ConstructorParameters<typeof FixInitiator>[0]> = {}, store = new MemoryStore()): FixInitiator {
  const session = new FixSession({ settings: { senderCompID: 'CLIENT', targetCompID: 'EXEC', role: 'initiator', heartBtInt: 30 }, application: app, store });
  const i = new FixInitiator({ session, host: '127.0.0.1', port, reconnect: { initialMs: 50, maxMs: 200 }, onStatus: (s) => statuses.push(s), ...extra });
  cleanup.push(() => i.stop());
  return i;
}

/** A raw peer: writes frames, collects what comes back, notices the close. */
class RawPeer {
  readonly socket: Socket;
  readonly framer = new FixFramer();
  readonly received: string[] = [];
  closed = false;
  constructor(port: number) {
    this.socket = connect({ host: '127.0.0.1', port });
    this.socket.on('data', (c) => {
      this.framer.push(c);
      for (let r = this.framer.next(); r !== null; r = this.framer.next()) this.received.push(shown(r.bytes));
    });
    this.socket.on('close', () => (this.closed = true));
    this.socket.on('error', () => undefined);
    cleanup.push(() => void this.socket.destroy());
  }
  send(text: string): void {
    this.socket.write(frameOf(text, Date.now()));
  }
}

describe('initiator and acceptor over loopback', () => {
  it('log on, exchange messages in both directions, measure a round trip, log out', async () => {
    const serverApp = new EchoNews();
    const server = acceptorSession(serverApp);
    const { port } = await startAcceptor(server);
    const clientApp = new EchoNews();
    const statuses: InitiatorStatus[] = [];
    const client = initiator(port, clientApp, statuses);
    client.start();
    await until(() => client.session.isLoggedOn && server.isLoggedOn);
    for (let i = 0; i < 100; i++) client.session.send(new FixMessage('B').set(148, `m${i}`));
    await until(() => clientApp.received.length === 100);
    expect(serverApp.received.slice(0, 3)).toEqual(['m0', 'm1', 'm2']);
    expect(clientApp.received[99]).toBe('echo: m99');
    const rtt = await client.ping();
    expect(rtt).toBeGreaterThan(0);
    expect(rtt).toBeLessThan(1000);
    await client.stop();
    expect(server.isLoggedOn).toBe(false);
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'connected', 'logged-on', 'disconnected', 'stopped']);
    expect(server.nextTargetMsgSeqNum).toBe(client.session.nextSenderMsgSeqNum);
  });

  it('reconnects with backoff after the acceptor goes away and resumes the same sequence', async () => {
    const store = new MemoryStore();
    const first = await startAcceptor(acceptorSession(new EchoNews(), store));
    const statuses: InitiatorStatus[] = [];
    const client = initiator(first.port, new EchoNews(), statuses);
    client.start();
    await until(() => client.session.isLoggedOn);
    const sentBefore = client.session.nextSenderMsgSeqNum;
    await first.acceptor.close('going down');
    await until(() => statuses.some((s) => s.state === 'disconnected' && s.retryInMs !== null));
    const second = await startAcceptor(acceptorSession(new EchoNews(), store), first.port);
    void second;
    await until(() => client.session.isLoggedOn, 5000);
    expect(client.session.nextSenderMsgSeqNum).toBeGreaterThan(sentBefore);
    expect(statuses.filter((s) => s.state === 'logged-on')).toHaveLength(2);
  });

  it('drops a Logon for an unknown session, a second Logon for a connected one, and garbage', async () => {
    const server = acceptorSession(new EchoNews());
    const { port } = await startAcceptor(server);
    const stranger = new RawPeer(port);
    stranger.send('35=A|34=1|49=NOBODY|52=<TIME>|56=EXEC|98=0|108=30');
    await until(() => stranger.closed);
    expect(stranger.received).toEqual([]);

    const first = new RawPeer(port);
    first.send('35=A|34=1|49=CLIENT|52=<TIME>|56=EXEC|98=0|108=30');
    await until(() => first.received.length === 1);
    const second = new RawPeer(port);
    second.send('35=A|34=1|49=CLIENT|52=<TIME>|56=EXEC|98=0|108=30');
    await until(() => second.closed);
    expect(second.received).toEqual([]);
    first.send('35=5|34=2|49=CLIENT|52=<TIME>|56=EXEC');
    await until(() => first.closed);
    expect(first.received).toEqual(['35=A|34=1|49=EXEC|52=<T>|56=CLIENT|98=0|108=30|', '35=5|34=2|49=EXEC|52=<T>|56=CLIENT|']);

    const garbage = new RawPeer(port);
    garbage.socket.write('hello there\n');
    garbage.send('8=FIX.3.9|35=A|34=1|49=CLIENT|52=<TIME>|56=EXEC|98=0|108=30');
    await until(() => garbage.closed);
    expect(garbage.received).toEqual([]);
  });

  it('drops a message whose BodyLength runs into the next one together with it, as QuickFIX does', async () => {
    const server = acceptorSession(new EchoNews());
    const { port } = await startAcceptor(server);
    const peer = new RawPeer(port);
    peer.send('35=A|34=1|49=CLIENT|52=<TIME>|56=EXEC|98=0|108=30');
    await until(() => peer.received.length === 1);
    peer.send('9=111|35=B|34=2|49=CLIENT|52=<TIME>|56=EXEC|148=too long');
    peer.send('35=B|34=3|49=CLIENT|52=<TIME>|56=EXEC|148=swallowed');
    peer.send('35=B|34=2|49=CLIENT|52=<TIME>|56=EXEC|148=again');
    peer.send('35=B|34=3|49=CLIENT|52=<TIME>|56=EXEC|148=again');
    await until(() => peer.received.length === 3);
    expect(peer.received.slice(1)).toEqual([
      '35=B|34=2|49=EXEC|52=<T>|56=CLIENT|148=echo: again|',
      '35=B|34=3|49=EXEC|52=<T>|56=CLIENT|148=echo: again|',
    ]);
  });
});

describe('BodyLengthResync', () => {
  it('swallows the frames a too-long BodyLength reaches into, and nothing for a too-short one', () => {
    const now = Date.now();
    const parts = [
      frameOf('9=30|35=0|34=2|49=A|52=<TIME>|56=B', now), // too short: garbled alone
      frameOf('35=0|34=3|49=A|52=<TIME>|56=B', now),
      frameOf('9=90|35=0|34=4|49=A|52=<TIME>|56=B', now), // too long: reaches into 5
      frameOf('35=0|34=5|49=A|52=<TIME>|56=B', now),
      frameOf('35=0|34=6|49=A|52=<TIME>|56=B', now),
    ];
    const framer = new FixFramer();
    const resync = new BodyLengthResync();
    const kept: string[] = [];
    for (const p of parts) {
      framer.push(p);
      for (let r = framer.next(); r !== null; r = framer.next()) {
        if (!resync.swallow(r) && r.kind === 'frame') kept.push(/34=(\d+)/.exec(shown(r.bytes))![1]!);
      }
    }
    expect(kept).toEqual(['3', '6']);
  });
});

describe('TLS', () => {
  let dir: string;
  let cert: string;
  let key: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-tls-'));
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    key = readFileSync(join(dir, 'key.pem'), 'utf8');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('logs on over TLS when the initiator trusts the acceptor\'s certificate', async () => {
    const server = acceptorSession(new EchoNews());
    const { port } = await startAcceptor(server, 0, { cert, key });
    const app = new EchoNews();
    const client = initiator(port, app, [], { tls: { ca: cert } });
    client.start();
    await until(() => client.session.isLoggedOn);
    client.session.send(new FixMessage('B').set(148, 'secret'));
    await until(() => app.received.length === 1);
    expect(app.received).toEqual(['echo: secret']);
  });

  it('does not log on when the certificate is not trusted', async () => {
    const server = acceptorSession(new EchoNews());
    const { port } = await startAcceptor(server, 0, { cert, key });
    const statuses: InitiatorStatus[] = [];
    const client = initiator(port, new EchoNews(), statuses, { tls: true, reconnect: false });
    client.start();
    await until(() => statuses.some((s) => s.state === 'disconnected'));
    const lost = statuses.find((s) => s.state === 'disconnected');
    expect(lost).toMatchObject({ state: 'disconnected', retryInMs: null });
    expect(JSON.stringify(lost)).toMatch(/self[- ]signed|certificate/i);
    expect(server.isLoggedOn).toBe(false);
  });
});
