import type { ZodError } from 'zod';
import {
  calls,
  isCallName,
  isStreamName,
  streams,
  type CallName,
  type CallRequest,
  type CallResponse,
  type StreamArgs,
  type StreamEvent,
  type StreamName,
} from './contract';
import {
  clientMessageSchema,
  describeIssues,
  IpcError,
  issuesOf,
  type IpcErrorBody,
  type ServerMessage,
} from './protocol';

/** Who is on the other end of a connection; handlers may use it for audit and routing. */
export interface IpcPeer {
  readonly transport: 'electron' | 'websocket' | 'memory';
  readonly label: string;
}

export type CallHandlers = {
  [M in CallName]: (request: CallRequest<M>, peer: IpcPeer) => Promise<CallResponse<M>> | CallResponse<M>;
};

/** Starts a stream for one subscriber; returns what stops it. */
export type StreamHandlers = {
  [S in StreamName]: (args: StreamArgs<S>, emit: (event: StreamEvent<S>) => void, peer: IpcPeer) => () => void;
};

export interface IpcHandlers {
  calls: CallHandlers;
  streams: StreamHandlers;
}

/**
 * How much a transport has queued and not yet handed to the network. When it is above
 * `HOLD_ABOVE_BYTES`, events of streams whose every event is the whole state (`latestWins` in
 * the contract: books, positions) are held, newest only, until the queue drains: a slow window
 * sees the market as it is now, never a backlog of old books (SPEC §5).
 */
export interface IpcTransportBacklog {
  queuedBytes(): number;
}

export const HOLD_ABOVE_BYTES = 256 * 1024;
/** How often a congested connection looks again whether it can send what it holds. */
export const HELD_RETRY_MS = 16;

export interface IpcServerOptions {
  /** Check every response and event against the contract too (tests and development). */
  validateOutgoing?: boolean;
  /** Where failures inside handlers are reported; they never reach the caller as a crash. */
  onInternalError?: (error: unknown) => void;
}

/**
 * Serves the contract to any number of connections over any transport. The transport feeds
 * each connection's raw inbound messages to `receive` and carries what `send` gets.
 */
export class IpcServer {
  constructor(
    private readonly handlers: IpcHandlers,
    private readonly options: IpcServerOptions = {},
  ) {}

  accept(peer: IpcPeer, send: (message: ServerMessage) => void, backlog?: IpcTransportBacklog): IpcServerConnection {
    return new IpcServerConnection(this.handlers, this.options, peer, send, backlog);
  }
}

export class IpcServerConnection {
  private readonly subscriptions = new Map<number, () => void>();
  /** The newest event of each latest-wins subscription, held while the transport is congested. */
  private readonly held = new Map<number, unknown>();
  private heldTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    private readonly handlers: IpcHandlers,
    private readonly options: IpcServerOptions,
    private readonly peer: IpcPeer,
    private readonly sendRaw: (message: ServerMessage) => void,
    private readonly backlog?: IpcTransportBacklog,
  ) {}

  /** One inbound message, already decoded from the transport's framing. Never throws. */
  receive(raw: unknown): void {
    if (this.closed) return;
    const parsed = clientMessageSchema.safeParse(raw);
    if (!parsed.success) {
      const issues = issuesOf(parsed.error);
      this.send({
        t: 'error',
        id: idOf(raw),
        error: { code: 'MalformedMessage', message: `Malformed IPC message: ${describeIssues(issues)}`, issues },
      });
      return;
    }
    const message = parsed.data;
    switch (message.t) {
      case 'call':
        void this.call(message.id, message.method, message.payload);
        return;
      case 'sub':
        this.subscribe(message.id, message.stream, message.args);
        return;
      case 'unsub':
        this.unsubscribe(message.id);
        return;
    }
  }

  /** The transport reports a frame it could not decode (e.g. text that is not JSON). */
  receiveUndecodable(reason: string): void {
    if (this.closed) return;
    this.send({ t: 'error', id: null, error: { code: 'MalformedMessage', message: `Malformed IPC message: ${reason}` } });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.heldTimer !== null) clearTimeout(this.heldTimer);
    this.held.clear();
    for (const stop of this.subscriptions.values()) this.stopQuietly(stop);
    this.subscriptions.clear();
  }

  private async call(id: number, method: string, payload: unknown): Promise<void> {
    if (!isCallName(method)) {
      this.send({ t: 'error', id, error: { code: 'UnknownMethod', message: `Unknown IPC method '${method}'` } });
      return;
    }
    const spec = calls[method];
    const request = spec.request.safeParse(payload);
    if (!request.success) {
      this.send({ t: 'error', id, error: invalidPayload(method, request.error) });
      return;
    }
    try {
      const handler = this.handlers.calls[method] as (request: unknown, peer: IpcPeer) => unknown;
      const value = await handler(request.data, this.peer);
      if (this.options.validateOutgoing) spec.response.parse(value);
      this.send({ t: 'result', id, value });
    } catch (error) {
      this.send({ t: 'error', id, error: this.errorBody(error) });
    }
  }

  private subscribe(id: number, stream: string, rawArgs: unknown): void {
    if (this.subscriptions.has(id)) {
      this.send({ t: 'end', id, error: { code: 'MalformedMessage', message: `Subscription id ${id} is already in use` } });
      return;
    }
    if (!isStreamName(stream)) {
      this.send({ t: 'end', id, error: { code: 'UnknownStream', message: `Unknown IPC stream '${stream}'` } });
      return;
    }
    const spec = streams[stream];
    const args = spec.args.safeParse(rawArgs);
    if (!args.success) {
      this.send({ t: 'end', id, error: invalidPayload(stream, args.error) });
      return;
    }
    const latestWins = 'latestWins' in spec && spec.latestWins;
    const emit = (value: unknown): void => {
      if (this.closed || !this.subscriptions.has(id)) return;
      if (this.options.validateOutgoing) spec.event.parse(value);
      if (latestWins && (this.held.size > 0 || this.congested())) this.hold(id, value);
      else this.send({ t: 'event', id, value });
    };
    // Registered before the handler runs so that an event emitted synchronously is delivered.
    this.subscriptions.set(id, () => undefined);
    try {
      const start = this.handlers.streams[stream] as (args: unknown, emit: (value: unknown) => void, peer: IpcPeer) => () => void;
      const stop = start(args.data, emit, this.peer);
      if (this.subscriptions.has(id)) this.subscriptions.set(id, stop);
      else this.stopQuietly(stop);
    } catch (error) {
      this.subscriptions.delete(id);
      this.send({ t: 'end', id, error: this.errorBody(error) });
    }
  }

  private congested(): boolean {
    return this.backlog !== undefined && this.backlog.queuedBytes() > HOLD_ABOVE_BYTES;
  }

  private hold(id: number, value: unknown): void {
    // Re-inserted so that held events go out in the order of their newest change.
    this.held.delete(id);
    this.held.set(id, value);
    this.heldTimer ??= setTimeout(() => this.releaseHeld(), HELD_RETRY_MS);
  }

  private releaseHeld(): void {
    this.heldTimer = null;
    if (this.closed) return;
    if (this.congested()) {
      this.heldTimer = setTimeout(() => this.releaseHeld(), HELD_RETRY_MS);
      return;
    }
    const events = [...this.held];
    this.held.clear();
    for (const [id, value] of events) if (this.subscriptions.has(id)) this.send({ t: 'event', id, value });
  }

  private unsubscribe(id: number): void {
    const stop = this.subscriptions.get(id);
    if (!stop) return;
    this.subscriptions.delete(id);
    this.held.delete(id);
    this.stopQuietly(stop);
    this.send({ t: 'end', id });
  }

  private stopQuietly(stop: () => void): void {
    try {
      stop();
    } catch (error) {
      this.options.onInternalError?.(error);
    }
  }

  private errorBody(error: unknown): IpcErrorBody {
    if (error instanceof IpcError) return error.toBody();
    this.options.onInternalError?.(error);
    return { code: 'Internal', message: 'Internal error in main; the request was not carried out' };
  }

  private send(message: ServerMessage): void {
    if (!this.closed) this.sendRaw(message);
  }
}

function invalidPayload(name: string, error: ZodError): IpcErrorBody {
  const issues = issuesOf(error);
  return { code: 'InvalidPayload', message: `Invalid payload for '${name}': ${describeIssues(issues)}`, issues };
}

function idOf(raw: unknown): number | null {
  if (typeof raw !== 'object' || raw === null || !('id' in raw)) return null;
  const id = (raw as { id: unknown }).id;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : null;
}
