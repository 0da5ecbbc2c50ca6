import { connect as netConnect } from 'node:net';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import { ReconnectBackoff } from '../session';
import type { FixSession } from '../session';
import { FixConnection } from './FixConnection';

export type InitiatorStatus =
  | { state: 'connecting'; attempt: number }
  | { state: 'connected' }
  | { state: 'logged-on' }
  | { state: 'disconnected'; reason: string; retryInMs: number | null }
  | { state: 'stopped' };

export interface FixInitiatorOptions {
  session: FixSession;
  host: string;
  port: number;
  /** TLS on the connection: true for the system CAs, or node:tls options (ca, servername, …). */
  tls?: boolean | TlsOptions;
  /** Reconnect after a lost connection with doubling delays; false: try once. */
  reconnect?: false | { initialMs?: number; maxMs?: number };
  /** Called before the session's store is flushed (flush an application journal here). */
  beforeFlush?: () => void;
  onStatus?: (status: InitiatorStatus) => void;
  /** Output that may wait for a peer that does not read before the connection is dropped (FixConnection). */
  maxBufferedBytes?: number;
}

/**
 * The initiator end of a session over TCP or TLS: connects, lets the session log on, and
 * reconnects with backoff when the connection drops (the daily reset included: the session
 * logs out, resets and is connected again).
 */
export class FixInitiator {
  readonly session: FixSession;
  private readonly backoff: ReconnectBackoff | null;
  private connection: FixConnection | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = true;
  private attempt = 0;
  private readonly closeWaiters: (() => void)[] = [];
  private readonly pings = new Map<string, { done: (at: number) => void; fail: (e: Error) => void }>();

  constructor(private readonly options: FixInitiatorOptions) {
    this.session = options.session;
    const r = options.reconnect ?? {};
    this.backoff = r === false ? null : new ReconnectBackoff(r.initialMs ?? 1000, r.maxMs ?? 30_000);
    this.session.setHeartbeatListener((id) => {
      const ping = this.pings.get(id);
      if (ping !== undefined) {
        this.pings.delete(id);
        ping.done(nowMs());
      }
    });
  }

  get isConnected(): boolean {
    return this.connection !== null;
  }

  /** Output the peer has not taken yet (0 when not connected): see FixConnection's backpressure. */
  get bufferedBytes(): number {
    return this.connection?.bufferedBytes ?? 0;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  /**
   * Logs out (waiting up to the session's logout timeout for the answer), stops reconnecting,
   * and resolves once the connection is closed.
   */
  async stop(text?: string): Promise<void> {
    this.stopped = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.connection !== null) {
      const closed = new Promise<void>((resolve) => this.closeWaiters.push(resolve));
      this.session.logout(text);
      await closed;
    }
    this.options.onStatus?.({ state: 'stopped' });
  }

  /** Round trip of a TestRequest to its Heartbeat, in ms (rejects if not answered in time). */
  ping(timeoutMs = 5000): Promise<number> {
    if (!this.session.isLoggedOn) return Promise.reject(new Error('not logged on'));
    const id = `PING-${process.hrtime.bigint()}`;
    const sentAt = nowMs();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pings.delete(id);
        reject(new Error(`no Heartbeat for TestRequest ${id} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pings.set(id, {
        done: (at) => {
          clearTimeout(timer);
          resolve(at - sentAt);
        },
        fail: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.session.sendTestRequest(id);
    });
  }

  private connect(): void {
    this.attempt++;
    this.options.onStatus?.({ state: 'connecting', attempt: this.attempt });
    const { host, port, tls } = this.options;
    let socket: Socket;
    if (tls !== undefined && tls !== false) {
      const tlsOptions: TlsOptions = tls === true ? {} : tls;
      socket = tlsConnect({ host, port, ...tlsOptions });
      socket.once('secureConnect', () => this.attach(socket));
    } else {
      socket = netConnect({ host, port });
      socket.once('connect', () => this.attach(socket));
    }
    socket.once('error', (e) => {
      if (this.connection === null) this.lost(`${e.message}`);
    });
  }

  private attach(socket: Socket): void {
    if (this.stopped) {
      socket.destroy();
      return;
    }
    this.options.onStatus?.({ state: 'connected' });
    this.connection = new FixConnection(socket, this.session, {
      beforeFlush: this.options.beforeFlush,
      maxBufferedBytes: this.options.maxBufferedBytes,
      onLogonChange: (loggedOn) => {
        if (!loggedOn) return;
        this.backoff?.reset();
        this.attempt = 0;
        this.options.onStatus?.({ state: 'logged-on' });
      },
      onClose: (reason) => {
        this.connection = null;
        this.lost(reason);
      },
    });
  }

  private lost(reason: string): void {
    for (const done of this.closeWaiters.splice(0)) done();
    for (const ping of this.pings.values()) ping.fail(new Error(`connection lost: ${reason}`));
    this.pings.clear();
    const retry = !this.stopped && this.backoff !== null ? this.backoff.nextDelay() : null;
    this.options.onStatus?.({ state: 'disconnected', reason, retryInMs: retry });
    if (retry === null) {
      this.stopped = true;
      return;
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) this.connect();
    }, retry);
  }
}

/** Monotonic milliseconds with microsecond resolution. */
function nowMs(): number {
  return Number(process.hrtime.bigint() / 1000n) / 1000;
}
