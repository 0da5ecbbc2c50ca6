import { describe, expect, it } from 'vitest';
import { IpcClient } from '../../src-shared/ipc/client';
import type { StatusSnapshot } from '../../src-shared/ipc/contract';
import type { MainLink } from '../ipc/connectToMain';
import { createStatusStore, followStatus, statusHealth, statusLateAfterMs } from './statusStore';

const snapshot: StatusSnapshot = {
  mainTime: 1_700_000_000_000,
  uptimeMs: 5000,
  eventLoopDelayP99Ms: 1.5,
  rssBytes: 80 * 1024 * 1024,
  connectionsTotal: 2,
  connectionsUp: 1,
};

/** A link whose loss the test triggers, as the WebSocket's close would. */
function testLink(): { link: MainLink; lose(reason: string): void } {
  const listeners: ((reason: string) => void)[] = [];
  const client = new IpcClient(() => undefined);
  return {
    link: { client, transport: 'websocket', onLost: (listener) => listeners.push(listener) },
    lose: (reason) => {
      client.disconnected(reason);
      for (const listener of listeners) listener(reason);
    },
  };
}

describe('status store', () => {
  it('is waiting until the first snapshot, then live while they keep coming', () => {
    const { link } = testLink();
    let now = 10_000;
    const store = createStatusStore('websocket');
    followStatus(link, store, () => now);
    expect(statusHealth(store.getState(), now)).toBe('waiting');

    link.client.receive({ t: 'event', id: 1, value: snapshot });
    expect(store.getState().snapshot).toEqual(snapshot);
    expect(store.getState().receivedAt).toBe(10_000);
    expect(statusHealth(store.getState(), now + statusLateAfterMs)).toBe('live');
    expect(statusHealth(store.getState(), now + statusLateAfterMs + 1)).toBe('late');

    now = 20_000;
    link.client.receive({ t: 'event', id: 1, value: { ...snapshot, mainTime: snapshot.mainTime + 1000 } });
    expect(statusHealth(store.getState(), 20_500)).toBe('live');
  });

  it('shows the link as lost with its reason, not as a stream that ended', () => {
    const { link, lose } = testLink();
    const store = createStatusStore('websocket');
    followStatus(link, store);
    link.client.receive({ t: 'event', id: 1, value: snapshot });
    lose('main is not reachable');
    expect(store.getState().lost).toBe('main is not reachable');
    expect(store.getState().streamEnded).toBeNull();
    expect(statusHealth(store.getState(), Date.now())).toBe('lost');
  });

  it('shows a stream main ended while the link stays up', () => {
    const { link } = testLink();
    const store = createStatusStore('electron');
    followStatus(link, store);
    link.client.receive({ t: 'end', id: 1, error: { code: 'Internal', message: 'status service stopped' } });
    expect(store.getState().streamEnded).toBe('status service stopped');
    expect(statusHealth(store.getState(), Date.now())).toBe('ended');
  });
});
