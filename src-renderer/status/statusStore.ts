import { createStore, type StoreApi } from 'zustand/vanilla';
import type { StatusSnapshot } from '../../src-shared/ipc/contract';
import type { MainLink } from '../ipc/connectToMain';

export interface StatusState {
  readonly transport: MainLink['transport'];
  readonly snapshot: StatusSnapshot | null;
  /** The renderer's clock when the last snapshot arrived: a status bar that stops ticking is news too. */
  readonly receivedAt: number | null;
  /** Why the status stream ended while the link stayed up (main refused or dropped it). */
  readonly streamEnded: string | null;
  /** Set once the link to main is gone; nothing on screen is live after that. */
  readonly lost: string | null;
}

export type StatusStore = StoreApi<StatusState>;

/** Main sends status once a second; this much silence means it is stuck or the link is. */
export const statusLateAfterMs = 3000;

export type StatusHealth = 'waiting' | 'live' | 'late' | 'ended' | 'lost';

export function createStatusStore(transport: MainLink['transport']): StatusStore {
  return createStore<StatusState>(() => ({ transport, snapshot: null, receivedAt: null, streamEnded: null, lost: null }));
}

export function statusHealth(state: StatusState, now: number): StatusHealth {
  if (state.lost !== null) return 'lost';
  if (state.streamEnded !== null) return 'ended';
  if (state.receivedAt === null) return 'waiting';
  return now - state.receivedAt > statusLateAfterMs ? 'late' : 'live';
}

/** Feeds the store from main's `status` stream and the link's loss; returns what stops it. */
export function followStatus(link: MainLink, store: StatusStore, now: () => number = Date.now): () => void {
  // A lost link ends the stream first, then reports the loss: the loss is the news, not the end.
  link.onLost((reason) => store.setState({ lost: reason, streamEnded: null }));
  return link.client.subscribe(
    'status',
    {},
    (snapshot) => store.setState({ snapshot, receivedAt: now(), streamEnded: null }),
    (error) => store.setState({ streamEnded: error?.message ?? 'main closed the status stream' }),
  );
}
