import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalStore } from './localStore';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-store-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('LocalStore migrations', () => {
  it('upgrades a version 1 file in place: what it held stays, aggregator definitions can be kept', () => {
    const dir = tempDir();
    const v1 = new Database(join(dir, 'workstation.sqlite'));
    v1.exec(`
      CREATE TABLE layouts (name TEXT PRIMARY KEY, json TEXT NOT NULL, updated_at INTEGER NOT NULL);
      CREATE TABLE connections (id TEXT PRIMARY KEY, json TEXT NOT NULL, created_at INTEGER NOT NULL);
      INSERT INTO layouts VALUES ('default', '{"grid":1}', 1);
      INSERT INTO connections VALUES ('c-1', '{"name":"Prod"}', 1);
      PRAGMA user_version = 1;
    `);
    v1.close();

    const store = new LocalStore(dir);
    expect(store.loadLayout('default')).toBe('{"grid":1}');
    expect(store.listConnections()).toEqual([{ id: 'c-1', json: '{"name":"Prod"}' }]);
    store.saveAggregatorDefinition('a-1', '{"name":"Brent"}');
    store.saveAggregatorDefinition('a-2', '{"name":"Gold"}');
    store.saveAggregatorDefinition('a-1', '{"name":"Brent 2"}');
    store.close();

    const reopened = new LocalStore(dir);
    expect(reopened.listAggregatorDefinitions()).toEqual([
      { id: 'a-1', json: '{"name":"Brent 2"}' },
      { id: 'a-2', json: '{"name":"Gold"}' },
    ]);
    reopened.deleteAggregatorDefinition('a-1');
    expect(reopened.listAggregatorDefinitions().map((row) => row.id)).toEqual(['a-2']);
    reopened.close();
    const raw = new Database(join(dir, 'workstation.sqlite'));
    expect(raw.pragma('user_version', { simple: true })).toBe(2);
    raw.close();
  });

  it('refuses a file from a newer Tessera, saying so', () => {
    const dir = tempDir();
    const newer = new Database(join(dir, 'workstation.sqlite'));
    newer.pragma('user_version = 3');
    newer.close();
    expect(() => new LocalStore(dir)).toThrow('workstation.sqlite has schema version 3, newer than this Tessera (2); upgrade Tessera');
  });
});
