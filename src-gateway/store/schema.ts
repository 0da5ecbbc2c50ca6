import type Database from 'better-sqlite3';

// Schema migrations, applied in order; PRAGMA user_version records how many have run. Add a new
// entry for every change: an existing entry never changes once released.
const migrations: readonly string[] = [
  `
  CREATE TABLE firms (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
  );
  CREATE TABLE applications (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    licence TEXT NOT NULL
  );
  CREATE TABLE exchanges (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    send_regulatory_id INTEGER NOT NULL DEFAULT 0 CHECK (send_regulatory_id IN (0, 1)),
    algo_range INTEGER CHECK (algo_range BETWEEN 0 AND 255)
  );
  CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    firm_id INTEGER NOT NULL REFERENCES firms (id),
    number TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    UNIQUE (firm_id, number)
  );
  CREATE TABLE risk_limits (
    account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    max_order_qty INTEGER CHECK (max_order_qty > 0),
    max_position INTEGER CHECK (max_position >= 0),
    price_band_ticks INTEGER CHECK (price_band_ticks > 0)
  );
  CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    firm_id INTEGER NOT NULL REFERENCES firms (id),
    username TEXT NOT NULL COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    market_data_completed INTEGER NOT NULL DEFAULT 0 CHECK (market_data_completed IN (0, 1)),
    operator_id TEXT NOT NULL DEFAULT '',
    UNIQUE (firm_id, username)
  );
  CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('Trading', 'RiskManager', 'Admin')),
    PRIMARY KEY (user_id, role)
  );
  CREATE TABLE user_applications (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    PRIMARY KEY (user_id, application_id)
  );
  CREATE TABLE user_accounts (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    PRIMARY KEY (user_id, account_id)
  );
  CREATE INDEX user_accounts_by_account ON user_accounts (account_id);
  CREATE TABLE user_exchanges (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    exchange_id INTEGER NOT NULL REFERENCES exchanges (id),
    PRIMARY KEY (user_id, exchange_id)
  );
  CREATE TABLE admin_audit (
    id INTEGER PRIMARY KEY,
    at_us INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    firm TEXT,
    before_json TEXT,
    after_json TEXT
  );
  CREATE INDEX admin_audit_by_entity ON admin_audit (entity, entity_key);
  `,
];

export const schemaVersion = migrations.length;

export function migrate(db: Database.Database, fileName: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > schemaVersion) {
    throw new Error(`${fileName} has schema version ${version}, newer than this Tessera gateway understands (${schemaVersion}); upgrade Tessera`);
  }
  for (let next = version; next < schemaVersion; next++) {
    db.transaction(() => {
      db.exec(migrations[next]!);
      db.pragma(`user_version = ${next + 1}`);
    })();
  }
}
