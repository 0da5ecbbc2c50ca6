import { describe, expect, it } from 'vitest';
import { IpcClient } from '../../src-shared/ipc/client';
import type { ConnectionView } from '../../src-shared/ipc/contract';
import type { ClientMessage } from '../../src-shared/ipc/protocol';
import { createConnectionsStore, followConnections } from './connectionsStore';

const embedded: ConnectionView = {
  id: 'embedded',
  settings: { name: 'Embedded gateway', host: '127.0.0.1', port: 9878, senderCompID: 'TESSERA', targetCompID: 'DEMO', heartbeatSeconds: 30, tls: false },
  embedded: true,
  state: 'connected',
  detail: 'logged on',
  since: 1_700_000_000_000,
  loggedOnAs: 'trader1',
  traders: [{ username: 'trader1', state: 'logged-on', detail: '', master: true }],
  latencyMs: 0.4,
  marketData: 'live',
};

function clientAndSent(): { client: IpcClient; sent: ClientMessage[] } {
  const sent: ClientMessage[] = [];
  return { client: new IpcClient((message) => sent.push(message)), sent };
}

describe('connections store', () => {
  it('subscribes to the connections stream and holds each whole list main sends', () => {
    const { client, sent } = clientAndSent();
    const store = createConnectionsStore();
    followConnections(client, store);
    expect(sent).toEqual([{ t: 'sub', id: 1, stream: 'connections', args: {} }]);
    expect(store.getState().feed).toEqual({ kind: 'waiting' });

    client.receive({ t: 'event', id: 1, value: [embedded] });
    expect(store.getState()).toEqual({ connections: [embedded], feed: { kind: 'live' } });

    const stale = { ...embedded, state: 'stale', detail: 'no market data for 5 s' };
    client.receive({ t: 'event', id: 1, value: [stale] });
    expect(store.getState().connections).toEqual([stale]);
  });

  it('says why the list stopped updating', () => {
    const { client } = clientAndSent();
    const store = createConnectionsStore();
    followConnections(client, store);
    client.receive({ t: 'event', id: 1, value: [embedded] });
    client.disconnected('socket closed');
    expect(store.getState().feed).toEqual({ kind: 'ended', reason: 'Connection to main lost: socket closed' });
    expect(store.getState().connections).toEqual([embedded]);
  });

  it('unsubscribes when stopped', () => {
    const { client, sent } = clientAndSent();
    const stop = followConnections(client, createConnectionsStore());
    stop();
    expect(sent.at(-1)).toEqual({ t: 'unsub', id: 1 });
  });
});
