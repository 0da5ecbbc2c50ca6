import type { CallInput, CallName, CallResponse, StreamEvent, StreamInput, StreamName } from './contract';
import { IpcError, serverMessageSchema, type ClientMessage, type IpcErrorBody } from './protocol';

interface PendingCall {
  resolve(value: unknown): void;
  reject(error: IpcError): void;
}

interface Subscription {
  onEvent(value: unknown): void;
  onEnd?: (error: IpcError | undefined) => void;
}

/** Typed client of the contract over any transport: the transport calls `receive` with what main sent. */
export class IpcClient {
  private nextId = 1;
  private readonly pending = new Map<number, PendingCall>();
  private readonly subscriptions = new Map<number, Subscription>();
  private readonly errorListeners = new Set<(error: IpcError) => void>();

  constructor(private readonly sendRaw: (message: ClientMessage) => void) {}

  call<M extends CallName>(method: M, payload: CallInput<M>): Promise<CallResponse<M>> {
    const id = this.nextId++;
    return new Promise<CallResponse<M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.sendRaw({ t: 'call', id, method, payload });
    });
  }

  subscribe<S extends StreamName>(
    stream: S,
    args: StreamInput<S>,
    onEvent: (event: StreamEvent<S>) => void,
    onEnd?: (error: IpcError | undefined) => void,
  ): () => void {
    const id = this.nextId++;
    this.subscriptions.set(id, { onEvent: onEvent as (value: unknown) => void, ...(onEnd ? { onEnd } : {}) });
    this.sendRaw({ t: 'sub', id, stream, args });
    return () => {
      if (this.subscriptions.delete(id)) this.sendRaw({ t: 'unsub', id });
    };
  }

  /** Errors main could not tie to a request (e.g. a frame it could not decode). */
  onUnroutedError(listener: (error: IpcError) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  receive(raw: unknown): void {
    const parsed = serverMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.unrouted({ code: 'MalformedMessage', message: 'Main sent a message outside the protocol' });
      return;
    }
    const message = parsed.data;
    switch (message.t) {
      case 'result':
        this.settle(message.id)?.resolve(message.value);
        return;
      case 'error': {
        const call = message.id === null ? undefined : this.settle(message.id);
        if (call) call.reject(new IpcError(message.error));
        else this.unrouted(message.error);
        return;
      }
      case 'event':
        this.subscriptions.get(message.id)?.onEvent(message.value);
        return;
      case 'end': {
        const subscription = this.subscriptions.get(message.id);
        this.subscriptions.delete(message.id);
        subscription?.onEnd?.(message.error ? new IpcError(message.error) : undefined);
        return;
      }
    }
  }

  /** The transport went away: every open call fails and every stream ends. */
  disconnected(reason: string): void {
    const error = new IpcError({ code: 'Internal', message: `Connection to main lost: ${reason}` });
    for (const call of this.pending.values()) call.reject(error);
    this.pending.clear();
    for (const subscription of this.subscriptions.values()) subscription.onEnd?.(error);
    this.subscriptions.clear();
  }

  private settle(id: number): PendingCall | undefined {
    const call = this.pending.get(id);
    this.pending.delete(id);
    return call;
  }

  private unrouted(body: IpcErrorBody): void {
    const error = new IpcError(body);
    for (const listener of this.errorListeners) listener(error);
  }
}
