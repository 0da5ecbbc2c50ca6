import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ConnectionView } from '../../src-shared/ipc/contract';
import type { IpcClient } from '../../src-shared/ipc/client';

export type ConnectionsFeed =
  | { readonly kind: 'waiting' }
  | { readonly kind: 'live' }
  | { readonly kind: 'ended'; readonly reason: string };

export interface ConnectionsState {
  /** Main's list as last sent, in main's order. */
  readonly connections: readonly ConnectionView[];
  readonly feed: ConnectionsFeed;
}

export type ConnectionsStore = StoreApi<ConnectionsState>;

export function createConnectionsStore(): ConnectionsStore {
  return createStore<ConnectionsState>(() => ({ connections: [], feed: { kind: 'waiting' } }));
}

/**
 * Feeds the store from main's `connections` stream, which sends the whole list on subscribe and
 * on every change: the table shows what main holds, never a local guess. Returns what stops it.
 */
export function followConnections(client: IpcClient, store: ConnectionsStore): () => void {
  return client.subscribe(
    'connections',
    {},
    (connections) => store.setState({ connections, feed: { kind: 'live' } }),
    (error) => store.setState({ feed: { kind: 'ended', reason: error?.message ?? 'main closed the connections stream' } }),
  );
}
