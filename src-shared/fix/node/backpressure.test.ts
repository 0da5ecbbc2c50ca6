import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FixFramer, FixMessage, FixView } from '../codec';
import { FixSession, MemoryStore } from '../session';
import type { FixApplication } from '../session';
import { frameOf } from '../session/sessionHarness';
import { FixInitiator } from './FixInitiator';

// A peer that stops reading: our side must neither lose output nor let it pile up in memory.

const TEXT = 'x'.repeat(2000);
const ORDERS = 4000;

/** The counterparty: answers the Logon, then reads only when told to. */
class SlowPeer {
  readonly messages: FixView[] = [];
  private readonly framer = new FixFramer();
  socket: Socket | null = null;

  constructor(private readonly server: Server) {
    server.on('connection', (socket) => {
      this.socket = socket;
      socket.on('data', (chunk: Buffer) => {
        this.framer.push(chunk);
        for (let r = this.framer.next(); r !== null; r = this.framer.next()) {
          if (r.kind !== 'frame') throw new Error(`garbled output: ${r.reason}`);
          const view = new FixView().reset(r.bytes.slice());
          this.messages.push(view);
          if (view.msgType === 'A') {
            socket.write(frameOf('35=A|34=1|49=EXEC|52=<TIME>|56=CLIENT|98=0|108=30', Date.now()));
            // Logged on: from now on the peer reads nothing until resume().
            socket.pause();
          }
        }
      });
    });
  }

  resume(): void {
    this.socket?.resume();
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }
}

function order(n: number): FixMessage {
  return new FixMessage('D').set(11, `O${n}`).set(55, 'ESZ6').set(54, '1').set(60, '20260101-00:00:00').set(38, '1').set(40, '1').set(58, TEXT);
}

async function until(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(application: FixApplication, maxBufferedBytes?: number) {
  const server = createServer();
  const peer = new SlowPeer(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  cleanups.push(() => {
    peer.socket?.destroy();
  });
  const session = new FixSession({ settings: { senderCompID: 'CLIENT', targetCompID: 'EXEC', role: 'initiator' }, store: new MemoryStore(), application });
  const events: string[] = [];
  const initiator = new FixInitiator({ session, host: '127.0.0.1', port: peer.port, reconnect: false, maxBufferedBytes, onStatus: (s) => events.push(s.state) });
  initiator.start();
  cleanups.push(() => initiator.stop());
  return { peer, session, initiator, events };
}

describe('socket backpressure (a peer that stops reading)', () => {
  it('holds output while the socket is full and resumes on drain: bounded, in order, nothing lost', async () => {
    let sent = 0;
    let stalls = 0;
    let peakBuffered = 0;
    const sender: { initiator?: FixInitiator } = {};
    // A bulk sender that respects isWritable, as the application is meant to.
    const pump = (session: FixSession): void => {
      while (sent < ORDERS && session.isWritable) {
        session.send(order(++sent));
        peakBuffered = Math.max(peakBuffered, sender.initiator?.bufferedBytes ?? 0);
      }
      if (sent < ORDERS) stalls++;
    };
    const started = await start({ fromApp: () => undefined, onLogon: pump, onWritable: pump });
    const { peer, session } = started;
    sender.initiator = started.initiator;

    await until(() => stalls > 0);
    // Stalled with the peer not reading: a few frames waiting, not the whole run.
    expect(session.isWritable).toBe(false);
    expect(sent).toBeLessThan(ORDERS);
    peer.resume();
    await until(() => peer.messages.filter((m) => m.msgType === 'D').length === ORDERS);

    const orders = peer.messages.filter((m) => m.msgType === 'D');
    expect(orders.map((m) => m.get(11))).toEqual(Array.from({ length: ORDERS }, (_, i) => `O${i + 1}`));
    expect(orders.map((m) => m.getInt(34))).toEqual(Array.from({ length: ORDERS }, (_, i) => i + 2));
    expect(stalls).toBeGreaterThan(0);
    // What waits is what one write left over (the socket's high-water mark plus a frame or two).
    expect(peakBuffered).toBeLessThan(256 * 1024);
  }, 60_000);

  it('drops the connection when an application ignores it past maxBufferedBytes; every message stays in the store', async () => {
    const blast = (session: FixSession): void => {
      for (let n = 1; n <= ORDERS; n++) session.send(order(n));
    };
    const { session, events } = await start({ fromApp: () => undefined, onLogon: blast }, 1024 * 1024);
    await until(() => events.includes('disconnected'));
    expect(session.isConnected).toBe(false);
    const stored: number[] = [];
    session.store.forEachSent(1, ORDERS + 1, (seq) => stored.push(seq));
    // The Logon and every order, to be resent when the peer asks after reconnecting.
    expect(stored).toEqual(Array.from({ length: ORDERS + 1 }, (_, i) => i + 1));
    expect(session.nextSenderMsgSeqNum).toBe(ORDERS + 2);
  }, 60_000);
});
