import { createStore, type StoreApi } from 'zustand/vanilla';
import type { IpcClient } from '../../src-shared/ipc/client';
import type { PositionView } from '../../src-shared/ipc/contract';
import type { StreamFeed } from './KeyedStreamStore';

export interface PositionsState {
  readonly positions: readonly PositionView[];
  readonly feed: StreamFeed;
}

export type PositionsStore = StoreApi<PositionsState>;

export function createPositionsStore(): PositionsStore {
  return createStore<PositionsState>(() => ({ positions: [], feed: { kind: 'waiting' } }));
}

export function positionOf(positions: readonly PositionView[], account: string, exchange: string, symbol: string): PositionView | undefined {
  return positions.find((p) => p.account === account && p.exchange === exchange && p.symbol === symbol);
}

/** Main sends the whole list on every change. */
export function followPositions(client: IpcClient, store: PositionsStore): () => void {
  return client.subscribe(
    'positions',
    {},
    (positions) => store.setState({ positions, feed: { kind: 'live' } }),
    (error) => store.setState({ feed: { kind: 'ended', reason: error?.message ?? 'main closed the positions stream' } }),
  );
}
