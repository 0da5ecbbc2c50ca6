import { afterEach, describe, expect, it, vi } from 'vitest';
import { IpcClient } from './client';
import type { ConnectionView, StatusSnapshot } from './contract';
import { IpcError, refused, type ServerMessage } from './protocol';
import { HELD_RETRY_MS, HOLD_ABOVE_BYTES, IpcServer, type IpcHandlers } from './server';

const status: StatusSnapshot = {
  mainTime: 1,
  uptimeMs: 0,
  eventLoopDelayP99Ms: 0,
  rssBytes: 1,
  connectionsTotal: 0,
  connectionsUp: 0,
};

/** Trading handlers are not what these tests are about: each declines. */
const notInThisTest = (): never => {
  throw refused('Trading is not part of this test');
};

function handlers(overrides: Partial<IpcHandlers['calls']> = {}): IpcHandlers {
  const connections: ConnectionView[] = [];
  let emitConnections: ((list: ConnectionView[]) => void) | undefined;
  return {
    calls: {
      'app.info': () => ({ name: 'Tessera', version: '0', shell: 'browser', platform: 'linux', dataDir: '/tmp' }),
      'connections.list': () => connections,
      'connections.add': (settings) => {
        const view: ConnectionView = {
          id: `c-${connections.length}`,
          settings,
          embedded: false,
          state: 'disconnected',
          detail: '',
          since: 0,
          loggedOnAs: null,
          traders: [],
          latencyMs: null,
          marketData: 'none',
        };
        connections.push(view);
        emitConnections?.([...connections]);
        return view;
      },
      'connections.remove': () => {
        throw refused('No such connection');
      },
      'layout.load': () => ({ layout: null }),
      'layout.save': () => ({}),
      'session.logOn': notInThisTest,
      'session.logOff': notInThisTest,
      'traders.logOn': notInThisTest,
      'traders.logOff': notInThisTest,
      'instruments.list': notInThisTest,
      'orders.submit': notInThisTest,
      'orders.cancel': notInThisTest,
      'orders.replace': notInThisTest,
      'orders.cancelAll': notInThisTest,
      'orders.flatten': notInThisTest,
      'aggregator.list': notInThisTest,
      'aggregator.save': notInThisTest,
      'aggregator.remove': notInThisTest,
      'aggregator.submit': notInThisTest,
      'aggregator.cancel': notInThisTest,
      'aggregator.replace': notInThisTest,
      ...overrides,
    },
    streams: {
      status: (_args, emit) => {
        emit(status);
        return () => undefined;
      },
      connections: (_args, emit) => {
        emitConnections = emit;
        emit([...connections]);
        return () => {
          emitConnections = undefined;
        };
      },
      orders: notInThisTest,
      fills: notInThisTest,
      positions: notInThisTest,
      book: notInThisTest,
      'aggregator.definitions': notInThisTest,
      'aggregator.parents': notInThisTest,
      'aggregator.book': notInThisTest,
    },
  };
}

/** Client and server joined back to back, as a transport would join them. */
function pair(h: IpcHandlers = handlers()) {
  const sent: ServerMessage[] = [];
  const server = new IpcServer(h, { validateOutgoing: true });
  const client: IpcClient = new IpcClient((message) => connection.receive(structuredClone(message)));
  const connection = server.accept({ transport: 'memory', label: 'test' }, (message) => {
    sent.push(message);
    client.receive(structuredClone(message));
  });
  return { client, connection, sent };
}

const goodConnection = { name: 'Prod', host: '127.0.0.1', port: 9878, senderCompID: 'Tessera', targetCompID: 'DemoFirm' };

describe('IPC server and client', () => {
  it('answers a call with the handler result, defaults applied', async () => {
    const { client } = pair();
    const view = await client.call('connections.add', goodConnection);
    expect(view.settings).toEqual({ ...goodConnection, heartbeatSeconds: 30, tls: false });
  });

  it('rejects a malformed payload with an error naming the field, and the connection goes on', async () => {
    const { client } = pair();
    const error = await client.call('connections.add', { ...goodConnection, port: 'abc' as unknown as number }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpcError);
    expect((error as IpcError).code).toBe('InvalidPayload');
    expect((error as IpcError).issues.map((issue) => issue.path)).toEqual(['port']);
    expect((error as IpcError).message).toContain('port');
    await expect(client.call('connections.list', {})).resolves.toEqual([]);
  });

  it('names nested and several fields, and refuses unknown fields', async () => {
    const { client } = pair();
    const error = (await client
      .call('connections.add', { ...goodConnection, port: 70000, senderCompID: 'a|b', extra: 1 } as never)
      .catch((e: unknown) => e)) as IpcError;
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(['(root)', 'port', 'senderCompID']);
  });

  it('refuses unknown methods and malformed envelopes without throwing', async () => {
    const { client, connection, sent } = pair();
    const unknown = (await client.call('no.such' as never, {} as never).catch((e: unknown) => e)) as IpcError;
    expect(unknown.code).toBe('UnknownMethod');
    connection.receive({ t: 'call', id: 'seven', method: 'app.info' });
    connection.receive('garbage');
    connection.receive(null);
    connection.receiveUndecodable('not JSON');
    const errors = sent.filter((message) => message.t === 'error' && message.id === null);
    expect(errors).toHaveLength(4);
    for (const message of errors) expect(message.t === 'error' && message.error.code).toBe('MalformedMessage');
    await expect(client.call('app.info', {})).resolves.toMatchObject({ name: 'Tessera' });
  });

  it('passes a service refusal through with its reason', async () => {
    const { client } = pair();
    const error = (await client.call('connections.remove', { id: 'c-1' }).catch((e: unknown) => e)) as IpcError;
    expect(error.code).toBe('Refused');
    expect(error.message).toBe('No such connection');
  });

  it('hides internal failures behind a generic error and reports them', async () => {
    const reported: unknown[] = [];
    const server = new IpcServer(
      handlers({
        'app.info': () => {
          throw new Error('disk on fire');
        },
      }),
      { onInternalError: (error) => reported.push(error) },
    );
    const client: IpcClient = new IpcClient((message) => connection.receive(message));
    const connection = server.accept({ transport: 'memory', label: 't' }, (message) => client.receive(message));
    const error = (await client.call('app.info', {}).catch((e: unknown) => e)) as IpcError;
    expect(error.code).toBe('Internal');
    expect(error.message).not.toContain('disk on fire');
    expect(reported).toHaveLength(1);
  });

  it('streams events until unsubscribed', async () => {
    const { client, sent } = pair();
    const seen: number[] = [];
    const stop = client.subscribe('connections', {}, (list) => seen.push(list.length));
    await client.call('connections.add', goodConnection);
    await client.call('connections.add', { ...goodConnection, name: 'Second' });
    stop();
    expect(seen).toEqual([0, 1, 2]);
    expect(sent.at(-1)).toMatchObject({ t: 'end' });
  });

  it('ends a subscription to an unknown stream or with bad arguments, with the reason', () => {
    const { client } = pair();
    const ends: Array<string | undefined> = [];
    client.subscribe('nope' as never, {} as never, () => undefined, (error) => ends.push(error?.code));
    client.subscribe('status', { verbose: true } as never, () => undefined, (error) => ends.push(error?.code));
    expect(ends).toEqual(['UnknownStream', 'InvalidPayload']);
  });

  it('stops every stream when the connection closes', () => {
    let stopped = 0;
    const h = handlers();
    h.streams.status = (_args, emit) => {
      emit(status);
      return () => stopped++;
    };
    const { client, connection } = pair(h);
    client.subscribe('status', {}, () => undefined);
    client.subscribe('status', {}, () => undefined);
    connection.close();
    expect(stopped).toBe(2);
  });

  it('fails open calls when the transport is lost', async () => {
    const client = new IpcClient(() => undefined);
    const pending = client.call('app.info', {});
    client.disconnected('socket closed');
    await expect(pending).rejects.toThrow('socket closed');
  });
});

describe('a congested transport (a slow window)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A status stream the test drives, over a transport whose queue the test sets. */
  function congestedPair() {
    vi.useFakeTimers();
    let emitStatus: ((snapshot: StatusSnapshot) => void) | undefined;
    let emitOrders: ((event: { reset: boolean; orders: [] }) => void) | undefined;
    const h = handlers();
    h.streams.orders = (_args, emit) => {
      emitOrders = emit;
      return () => undefined;
    };
    h.streams.status = (_args, emit) => {
      emitStatus = emit;
      return () => undefined;
    };
    const transport = { queued: 0 };
    const sent: ServerMessage[] = [];
    const server = new IpcServer(h);
    const client: IpcClient = new IpcClient((message) => connection.receive(structuredClone(message)));
    const connection = server.accept(
      { transport: 'memory', label: 'slow' },
      (message) => {
        sent.push(message);
        client.receive(structuredClone(message));
      },
      { queuedBytes: () => transport.queued },
    );
    return { client, transport, sent, emit: (mainTime: number) => emitStatus!({ ...status, mainTime }), emitOrders: (event: { reset: boolean; orders: [] }) => emitOrders!(event) };
  }

  it('holds only the newest event of a latest-wins stream while the queue is full, and sends it once drained', () => {
    const { client, transport, emit } = congestedPair();
    const seen: number[] = [];
    client.subscribe('status', {}, (snapshot) => seen.push(snapshot.mainTime));
    emit(1);
    transport.queued = HOLD_ABOVE_BYTES + 1;
    emit(2);
    emit(3);
    emit(4);
    vi.advanceTimersByTime(HELD_RETRY_MS * 3);
    expect(seen).toEqual([1]);
    transport.queued = 0;
    vi.advanceTimersByTime(HELD_RETRY_MS);
    expect(seen).toEqual([1, 4]);
    emit(5);
    expect(seen).toEqual([1, 4, 5]);
  });

  it('never holds back a stream of changes (orders), nor a call result', async () => {
    const { client, transport, emitOrders } = congestedPair();
    transport.queued = HOLD_ABOVE_BYTES * 10;
    const batches: boolean[] = [];
    client.subscribe('orders', {}, (event) => batches.push(event.reset));
    emitOrders({ reset: true, orders: [] });
    emitOrders({ reset: false, orders: [] });
    expect(batches).toEqual([true, false]);
    vi.useRealTimers();
    expect(await client.call('app.info', {})).toMatchObject({ name: 'Tessera' });
  });

  it('drops what it holds for a subscription that ends', () => {
    const { client, transport, sent, emit } = congestedPair();
    const stop = client.subscribe('status', {}, () => undefined);
    transport.queued = HOLD_ABOVE_BYTES + 1;
    emit(7);
    stop();
    transport.queued = 0;
    vi.advanceTimersByTime(HELD_RETRY_MS * 2);
    expect(sent.filter((m) => m.t === 'event')).toEqual([]);
  });
});
