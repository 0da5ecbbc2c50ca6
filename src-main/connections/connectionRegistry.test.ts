import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectionInputSchema } from '../../src-shared/ipc/contract';
import { IpcError } from '../../src-shared/ipc/protocol';
import { LocalStore } from '../settings/localStore';
import { ConnectionRegistry } from './connectionRegistry';

const dirs: string[] = [];
function tempStore(): { store: LocalStore; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-conn-'));
  dirs.push(dir);
  return { store: new LocalStore(dir), dir };
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const settings = connectionInputSchema.parse({ name: 'Prod', host: 'gw.example.com', port: 9878, senderCompID: 'Tessera', targetCompID: 'Firm' });

describe('ConnectionRegistry', () => {
  it('persists added connections and restores them on restart', () => {
    const { store, dir } = tempStore();
    const registry = new ConnectionRegistry(store);
    const added = registry.add(settings);
    store.close();
    const reopened = new LocalStore(dir);
    const restored = new ConnectionRegistry(reopened).list();
    expect(restored.map((view) => [view.id, view.settings])).toEqual([[added.id, settings]]);
    reopened.close();
  });

  it('refuses a duplicate name and an unknown id with a reason', () => {
    const { store } = tempStore();
    const registry = new ConnectionRegistry(store);
    registry.add(settings);
    expect(() => registry.add({ ...settings, name: 'prod' })).toThrow(IpcError);
    expect(() => registry.add({ ...settings, name: 'prod' })).toThrow("A connection named 'prod' already exists");
    expect(() => registry.remove('c-000000000000')).toThrow("No connection with id 'c-000000000000'");
    store.close();
  });

  it('tells listeners about every change, and only real changes', () => {
    const { store } = tempStore();
    let now = 1000;
    const registry = new ConnectionRegistry(store, () => now);
    const seen: string[] = [];
    registry.onChange((list) => seen.push(list.map((view) => `${view.settings.name}:${view.state}@${view.since}`).join(',')));
    const view = registry.add(settings);
    now = 2000;
    registry.setState(view.id, 'connecting', 'Logging on');
    registry.setState(view.id, 'connecting', 'Logging on');
    registry.remove(view.id);
    expect(seen).toEqual(['Prod:disconnected@1000', 'Prod:connecting@2000', '']);
    store.close();
  });

  it('skips a stored row it cannot read, reports it and keeps it in the store', () => {
    const { store } = tempStore();
    store.saveConnection('c-broken', '{"name":42}');
    const reports: string[] = [];
    const registry = new ConnectionRegistry(store, Date.now, (message) => reports.push(message));
    expect(registry.list()).toEqual([]);
    expect(reports[0]).toContain('c-broken');
    expect(store.listConnections().map((row) => row.id)).toEqual(['c-broken']);
    store.close();
  });
});
