import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

// The workstation's own storage (SPEC §4): one SQLite file in the user-data folder. Services
// see it through the small repository interfaces below, never through SQL.

export interface LayoutRepository {
  loadLayout(name: string): string | undefined;
  saveLayout(name: string, json: string): void;
}

export interface ConnectionRepository {
  listConnections(): Array<{ id: string; json: string }>;
  saveConnection(id: string, json: string): void;
  deleteConnection(id: string): void;
}

export interface AggregatorDefinitionRepository {
  /** Every stored definition as JSON, in the order they were first saved. */
  listAggregatorDefinitions(): Array<{ id: string; json: string }>;
  saveAggregatorDefinition(id: string, json: string): void;
  deleteAggregatorDefinition(id: string): void;
}

const schemaVersion = 2;

export class LocalStore implements LayoutRepository, ConnectionRepository, AggregatorDefinitionRepository {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, 'workstation.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.migrate();
    this.statements = {
      loadLayout: this.db.prepare<[string], { json: string }>('SELECT json FROM layouts WHERE name = ?'),
      saveLayout: this.db.prepare<[string, string, number]>(
        'INSERT INTO layouts (name, json, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at',
      ),
      listConnections: this.db.prepare<[], { id: string; json: string }>('SELECT id, json FROM connections ORDER BY created_at, id'),
      saveConnection: this.db.prepare<[string, string, number]>(
        'INSERT INTO connections (id, json, created_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET json = excluded.json',
      ),
      deleteConnection: this.db.prepare<[string]>('DELETE FROM connections WHERE id = ?'),
      listAggregatorDefinitions: this.db.prepare<[], { id: string; json: string }>('SELECT id, json FROM aggregator_definitions ORDER BY created_at, rowid'),
      saveAggregatorDefinition: this.db.prepare<[string, string, number, number]>(
        'INSERT INTO aggregator_definitions (id, json, created_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at',
      ),
      deleteAggregatorDefinition: this.db.prepare<[string]>('DELETE FROM aggregator_definitions WHERE id = ?'),
    };
  }

  loadLayout(name: string): string | undefined {
    return this.statements.loadLayout.get(name)?.json;
  }

  saveLayout(name: string, json: string): void {
    this.statements.saveLayout.run(name, json, Date.now());
  }

  listConnections(): Array<{ id: string; json: string }> {
    return this.statements.listConnections.all();
  }

  saveConnection(id: string, json: string): void {
    this.statements.saveConnection.run(id, json, Date.now());
  }

  deleteConnection(id: string): void {
    this.statements.deleteConnection.run(id);
  }

  listAggregatorDefinitions(): Array<{ id: string; json: string }> {
    return this.statements.listAggregatorDefinitions.all();
  }

  saveAggregatorDefinition(id: string, json: string): void {
    const now = Date.now();
    this.statements.saveAggregatorDefinition.run(id, json, now, now);
  }

  deleteAggregatorDefinition(id: string): void {
    this.statements.deleteAggregatorDefinition.run(id);
  }

  close(): void {
    this.db.close();
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > schemaVersion) {
      throw new Error(`workstation.sqlite has schema version ${version}, newer than this Tessera (${schemaVersion}); upgrade Tessera`);
    }
    if (version < 1) {
      this.db.exec(`
        CREATE TABLE layouts (name TEXT PRIMARY KEY, json TEXT NOT NULL, updated_at INTEGER NOT NULL);
        CREATE TABLE connections (id TEXT PRIMARY KEY, json TEXT NOT NULL, created_at INTEGER NOT NULL);
        PRAGMA user_version = 1;
      `);
    }
    if (version < 2) {
      // One transaction: a crash part-way leaves version 1, and the next start tries again.
      this.db.transaction(() =>
        this.db.exec(`
          CREATE TABLE aggregator_definitions (id TEXT PRIMARY KEY, json TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
          PRAGMA user_version = 2;
        `),
      )();
    }
  }
}
