import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { isPasswordHash } from '../auth/passwords';
import type {
  AccountRecord,
  ApplicationRecord,
  AuditEntity,
  AuditRecord,
  ExchangeRecord,
  FirmRecord,
  NewUser,
  RiskLimits,
  Role,
  UserChanges,
  UserRecord,
} from './records';
import { roles as roleOrder } from './records';
import { migrate } from './schema';

// The gateway's reference data (SPEC §3 User Setup): firms, applications, exchanges, accounts,
// risk limits, users and the admin audit trail. The store is the source of truth: every write
// goes through a method here, in one transaction with its audit row, and drops the read cache,
// so the next logon, order or drop copy decision sees the change at once. No SQL lives
// outside this class.

export type StoreErrorKind = 'not-found' | 'conflict' | 'invalid';

export class StoreError extends Error {
  override readonly name = 'StoreError';

  constructor(
    readonly kind: StoreErrorKind,
    message: string,
    /** The input field at fault, as the admin API names it (e.g. `accounts[1]`). */
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface GatewayStoreOptions {
  /** The SQLite file; its folder is created. `:memory:` for tests. */
  file: string;
  /** `full`: fsync every commit; `normal`: WAL without fsync per commit (config `store.fsync`). */
  fsync: 'full' | 'normal';
  /** Microseconds since the epoch, for audit rows (tests pass a fixed clock). */
  clockMicros?: () => number;
}

export interface AuditQuery {
  /** Rows of this firm and gateway-wide rows; all rows when absent. */
  firm?: string;
  entity?: AuditEntity;
  key?: string;
  /** Only rows with a smaller id (paging backwards). */
  beforeId?: number;
  /** Default 100, at most 1000. */
  limit?: number;
}

interface UserRow {
  id: number;
  firm: string;
  username: string;
  password_hash: string;
  market_data_completed: number;
  operator_id: string;
}

interface AuditRow {
  id: number;
  at_us: number;
  actor: string;
  action: string;
  entity: AuditEntity;
  entity_key: string;
  firm: string | null;
  before_json: string | null;
  after_json: string | null;
}

function nowMicros(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

function uniqueViolation(error: unknown): boolean {
  return error instanceof Database.SqliteError && error.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export class GatewayStore {
  private readonly db: Database.Database;
  private readonly clockMicros: () => number;
  private readonly userCache = new Map<string, UserRecord | null>();
  private readonly accountCache = new Map<string, readonly AccountRecord[]>();
  private readonly sql;

  constructor(options: GatewayStoreOptions) {
    if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
    this.db = new Database(options.file);
    this.clockMicros = options.clockMicros ?? nowMicros;
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.fsync === 'full' ? 'FULL' : 'NORMAL'}`);
    this.db.pragma('foreign_keys = ON');
    migrate(this.db, basename(options.file));
    const db = this.db;
    this.sql = {
      firmId: db.prepare<[string], { id: number }>('SELECT id FROM firms WHERE name = ?'),
      firms: db.prepare<[], FirmRecord>('SELECT name FROM firms ORDER BY name'),
      insertFirm: db.prepare<[string]>('INSERT INTO firms (name) VALUES (?)'),
      application: db.prepare<[string], ApplicationRecord & { id: number }>('SELECT id, name, licence FROM applications WHERE name = ?'),
      applications: db.prepare<[], ApplicationRecord>('SELECT name, licence FROM applications ORDER BY name'),
      insertApplication: db.prepare<[string, string]>('INSERT INTO applications (name, licence) VALUES (?, ?)'),
      exchange: db.prepare<[string], { id: number; name: string; send_regulatory_id: 0 | 1; algo_range: number | null }>(
        'SELECT id, name, send_regulatory_id, algo_range FROM exchanges WHERE name = ?',
      ),
      exchanges: db.prepare<[], { name: string; send_regulatory_id: 0 | 1; algo_range: number | null }>(
        'SELECT name, send_regulatory_id, algo_range FROM exchanges ORDER BY name',
      ),
      insertExchange: db.prepare<[string, number, number | null]>('INSERT INTO exchanges (name, send_regulatory_id, algo_range) VALUES (?, ?, ?)'),
      updateExchange: db.prepare<[number, number | null, number]>('UPDATE exchanges SET send_regulatory_id = ?, algo_range = ? WHERE id = ?'),
      account: db.prepare<[number, string], { id: number; number: string; description: string }>(
        'SELECT id, number, description FROM accounts WHERE firm_id = ? AND number = ?',
      ),
      accounts: db.prepare<[number], { number: string; description: string }>('SELECT number, description FROM accounts WHERE firm_id = ? ORDER BY number'),
      insertAccount: db.prepare<[number, string, string]>('INSERT INTO accounts (firm_id, number, description) VALUES (?, ?, ?)'),
      updateAccount: db.prepare<[string, number]>('UPDATE accounts SET description = ? WHERE id = ?'),
      deleteAccount: db.prepare<[number]>('DELETE FROM accounts WHERE id = ?'),
      accountHolders: db.prepare<[number], { username: string }>(
        'SELECT u.username FROM user_accounts ua JOIN users u ON u.id = ua.user_id WHERE ua.account_id = ? ORDER BY u.username',
      ),
      riskLimits: db.prepare<[number], { max_order_qty: number | null; max_position: number | null; price_band_ticks: number | null }>(
        'SELECT max_order_qty, max_position, price_band_ticks FROM risk_limits WHERE account_id = ?',
      ),
      upsertRiskLimits: db.prepare<[number, number | null, number | null, number | null]>(
        `INSERT INTO risk_limits (account_id, max_order_qty, max_position, price_band_ticks) VALUES (?, ?, ?, ?)
         ON CONFLICT (account_id) DO UPDATE SET max_order_qty = excluded.max_order_qty, max_position = excluded.max_position,
         price_band_ticks = excluded.price_band_ticks`,
      ),
      user: db.prepare<[number, string], UserRow>(
        `SELECT u.id, f.name AS firm, u.username, u.password_hash, u.market_data_completed, u.operator_id
         FROM users u JOIN firms f ON f.id = u.firm_id WHERE u.firm_id = ? AND u.username = ?`,
      ),
      usernames: db.prepare<[number], { username: string }>('SELECT username FROM users WHERE firm_id = ? ORDER BY username'),
      insertUser: db.prepare<[number, string, string, number, string]>(
        'INSERT INTO users (firm_id, username, password_hash, market_data_completed, operator_id) VALUES (?, ?, ?, ?, ?)',
      ),
      updateUser: db.prepare<[number, string, number]>('UPDATE users SET market_data_completed = ?, operator_id = ? WHERE id = ?'),
      setPasswordHash: db.prepare<[string, number]>('UPDATE users SET password_hash = ? WHERE id = ?'),
      deleteUser: db.prepare<[number]>('DELETE FROM users WHERE id = ?'),
      userRoles: db.prepare<[number], { role: Role }>('SELECT role FROM user_roles WHERE user_id = ?'),
      userApplications: db.prepare<[number], { name: string }>(
        'SELECT a.name FROM user_applications ua JOIN applications a ON a.id = ua.application_id WHERE ua.user_id = ? ORDER BY a.name',
      ),
      userAccounts: db.prepare<[number], { number: string }>(
        'SELECT a.number FROM user_accounts ua JOIN accounts a ON a.id = ua.account_id WHERE ua.user_id = ? ORDER BY a.number',
      ),
      userExchanges: db.prepare<[number], { name: string }>(
        'SELECT e.name FROM user_exchanges ue JOIN exchanges e ON e.id = ue.exchange_id WHERE ue.user_id = ? ORDER BY e.name',
      ),
      clearRoles: db.prepare<[number]>('DELETE FROM user_roles WHERE user_id = ?'),
      clearApplications: db.prepare<[number]>('DELETE FROM user_applications WHERE user_id = ?'),
      clearAccounts: db.prepare<[number]>('DELETE FROM user_accounts WHERE user_id = ?'),
      clearExchanges: db.prepare<[number]>('DELETE FROM user_exchanges WHERE user_id = ?'),
      addRole: db.prepare<[number, string]>('INSERT INTO user_roles (user_id, role) VALUES (?, ?)'),
      addApplication: db.prepare<[number, number]>('INSERT INTO user_applications (user_id, application_id) VALUES (?, ?)'),
      addAccount: db.prepare<[number, number]>('INSERT INTO user_accounts (user_id, account_id) VALUES (?, ?)'),
      addExchange: db.prepare<[number, number]>('INSERT INTO user_exchanges (user_id, exchange_id) VALUES (?, ?)'),
      insertAudit: db.prepare<[number, string, string, string, string, string | null, string | null, string | null]>(
        'INSERT INTO admin_audit (at_us, actor, action, entity, entity_key, firm, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
    };
  }

  close(): void {
    this.db.close();
  }

  /** True before the first firm exists (first run: time to seed). */
  isEmpty(): boolean {
    return this.sql.firms.all().length === 0;
  }

  // ---- reads ------------------------------------------------------------------------------

  firm(name: string): FirmRecord | undefined {
    return this.sql.firmId.get(name) ? { name } : undefined;
  }

  firms(): FirmRecord[] {
    return this.sql.firms.all();
  }

  application(name: string): ApplicationRecord | undefined {
    const row = this.sql.application.get(name);
    return row && { name: row.name, licence: row.licence };
  }

  applications(): ApplicationRecord[] {
    return this.sql.applications.all();
  }

  exchange(name: string): ExchangeRecord | undefined {
    const row = this.sql.exchange.get(name);
    return row && { name: row.name, sendRegulatoryId: row.send_regulatory_id, algoRange: row.algo_range };
  }

  exchanges(): ExchangeRecord[] {
    return this.sql.exchanges.all().map((row) => ({ name: row.name, sendRegulatoryId: row.send_regulatory_id, algoRange: row.algo_range }));
  }

  account(firm: string, number: string): AccountRecord | undefined {
    const firmId = this.sql.firmId.get(firm)?.id;
    const row = firmId === undefined ? undefined : this.sql.account.get(firmId, number);
    return row && { firm, number: row.number, description: row.description };
  }

  /** Every account of the firm (cached; what a RiskManager sees). */
  accounts(firm: string): readonly AccountRecord[] {
    let accounts = this.accountCache.get(firm);
    if (!accounts) {
      const firmId = this.sql.firmId.get(firm)?.id;
      accounts = Object.freeze(
        firmId === undefined ? [] : this.sql.accounts.all(firmId).map((row) => Object.freeze({ firm, number: row.number, description: row.description })),
      );
      this.accountCache.set(firm, accounts);
    }
    return accounts;
  }

  /** The account's limits; undefined when none are set or the account is unknown. */
  riskLimits(firm: string, number: string): RiskLimits | undefined {
    const firmId = this.sql.firmId.get(firm)?.id;
    const account = firmId === undefined ? undefined : this.sql.account.get(firmId, number);
    const row = account && this.sql.riskLimits.get(account.id);
    return row && this.limitsOf(row);
  }

  /** The user (username matched without regard to case), cached until the next write. */
  user(firm: string, username: string): UserRecord | undefined {
    const cacheKey = `${firm}\u0000${username.toLowerCase()}`;
    let user = this.userCache.get(cacheKey);
    if (user === undefined) {
      const firmId = this.sql.firmId.get(firm)?.id;
      const row = firmId === undefined ? undefined : this.sql.user.get(firmId, username);
      user = row ? this.userRecord(row) : null;
      this.userCache.set(cacheKey, user);
    }
    return user ?? undefined;
  }

  users(firm: string): UserRecord[] {
    const firmId = this.sql.firmId.get(firm)?.id;
    if (firmId === undefined) return [];
    return this.sql.usernames.all(firmId).map((row) => this.user(firm, row.username)!);
  }

  /** The stored hash, for PasswordHasher.verify only; never put it in a response, log or audit row. */
  passwordHash(firm: string, username: string): string | undefined {
    const firmId = this.sql.firmId.get(firm)?.id;
    return firmId === undefined ? undefined : this.sql.user.get(firmId, username)?.password_hash;
  }

  audit(query: AuditQuery = {}): AuditRecord[] {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (query.firm !== undefined) {
      where.push('(firm = ? OR firm IS NULL)');
      params.push(query.firm);
    }
    if (query.entity !== undefined) {
      where.push('entity = ?');
      params.push(query.entity);
    }
    if (query.key !== undefined) {
      where.push('entity_key = ?');
      params.push(query.key);
    }
    if (query.beforeId !== undefined) {
      where.push('id < ?');
      params.push(query.beforeId);
    }
    const limit = Number.isInteger(query.limit) ? Math.min(Math.max(query.limit!, 1), 1000) : 100;
    const rows = this.db
      .prepare<Array<string | number>, AuditRow>(
        `SELECT * FROM admin_audit ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${limit}`,
      )
      .all(...params);
    return rows.map((row) => ({
      id: row.id,
      atMicros: row.at_us,
      actor: row.actor,
      action: row.action,
      entity: row.entity,
      key: row.entity_key,
      firm: row.firm,
      before: row.before_json === null ? null : (JSON.parse(row.before_json) as unknown),
      after: row.after_json === null ? null : (JSON.parse(row.after_json) as unknown),
    }));
  }

  // ---- writes (each in one transaction with its audit row) ----------------------------------

  createFirm(actor: string, name: string): FirmRecord {
    return this.write(() => {
      this.insertUnique(() => this.sql.insertFirm.run(name), `Firm ${name} already exists`, 'name');
      this.recordAudit(actor, 'create', 'firm', name, name, null, { name });
      return { name };
    });
  }

  createApplication(actor: string, application: ApplicationRecord): ApplicationRecord {
    return this.write(() => {
      this.insertUnique(() => this.sql.insertApplication.run(application.name, application.licence), `Application ${application.name} already exists`, 'name');
      // The licence code is a credential the vendor hands out: the audit notes its presence only.
      this.recordAudit(actor, 'create', 'application', application.name, null, null, { name: application.name });
      return { ...application };
    });
  }

  createExchange(actor: string, exchange: ExchangeRecord): ExchangeRecord {
    return this.write(() => {
      this.insertUnique(
        () => this.sql.insertExchange.run(exchange.name, exchange.sendRegulatoryId, exchange.algoRange),
        `Exchange ${exchange.name} already exists`,
        'name',
      );
      this.recordAudit(actor, 'create', 'exchange', exchange.name, null, null, exchange);
      return { ...exchange };
    });
  }

  /** Changes an exchange's order session settings (SendRegulatoryID, AlgoRange). */
  updateExchange(actor: string, name: string, changes: Partial<Omit<ExchangeRecord, 'name'>>): ExchangeRecord {
    return this.write(() => {
      const before = this.exchange(name);
      const row = this.sql.exchange.get(name);
      if (!before || !row) throw new StoreError('not-found', `Unknown exchange ${name}`);
      const after: ExchangeRecord = { ...before, ...changes };
      this.sql.updateExchange.run(after.sendRegulatoryId, after.algoRange, row.id);
      this.recordAudit(actor, 'update', 'exchange', name, null, before, after);
      return after;
    });
  }

  createAccount(actor: string, firm: string, account: { number: string; description: string }): AccountRecord {
    return this.write(() => {
      const firmId = this.firmId(firm);
      this.insertUnique(() => this.sql.insertAccount.run(firmId, account.number, account.description), `Account ${account.number} already exists`, 'number');
      const after: AccountRecord = { firm, number: account.number, description: account.description };
      this.recordAudit(actor, 'create', 'account', `${firm}/${account.number}`, firm, null, after);
      return after;
    });
  }

  updateAccount(actor: string, firm: string, number: string, changes: { description?: string }): AccountRecord {
    return this.write(() => {
      const row = this.accountRow(firm, number);
      const before: AccountRecord = { firm, number, description: row.description };
      const after: AccountRecord = { ...before, ...changes };
      this.sql.updateAccount.run(after.description, row.id);
      this.recordAudit(actor, 'update', 'account', `${firm}/${number}`, firm, before, after);
      return after;
    });
  }

  /** Refused while users still hold the account, so no user's assignments change unseen. */
  deleteAccount(actor: string, firm: string, number: string): void {
    this.write(() => {
      const row = this.accountRow(firm, number);
      const holders = this.sql.accountHolders.all(row.id).map((holder) => holder.username);
      if (holders.length > 0) {
        throw new StoreError('conflict', `Account ${number} is assigned to ${holders.join(', ')}; unassign it first`);
      }
      const limits = this.sql.riskLimits.get(row.id);
      this.sql.deleteAccount.run(row.id);
      if (limits) this.recordAudit(actor, 'delete', 'risk-limits', `${firm}/${number}`, firm, this.limitsOf(limits), null);
      this.recordAudit(actor, 'delete', 'account', `${firm}/${number}`, firm, { firm, number, description: row.description }, null);
    });
  }

  setRiskLimits(actor: string, firm: string, number: string, limits: RiskLimits): RiskLimits {
    return this.write(() => {
      const row = this.accountRow(firm, number);
      const previous = this.sql.riskLimits.get(row.id);
      this.sql.upsertRiskLimits.run(row.id, limits.maxOrderQty, limits.maxPosition, limits.priceBandTicks);
      const after = { ...limits };
      this.recordAudit(actor, previous ? 'update' : 'create', 'risk-limits', `${firm}/${number}`, firm, previous ? this.limitsOf(previous) : null, after);
      return after;
    });
  }

  createUser(actor: string, firm: string, user: NewUser): UserRecord {
    return this.write(() => {
      const firmId = this.firmId(firm);
      this.checkHash(user.passwordHash);
      const result = this.insertUnique(
        () => this.sql.insertUser.run(firmId, user.username, user.passwordHash, user.marketDataCompleted ? 1 : 0, user.operatorId),
        `User ${user.username} already exists`,
        'username',
      );
      const userId = Number(result.lastInsertRowid);
      this.assign(userId, firm, firmId, user);
      const after = this.user(firm, user.username)!;
      this.recordAudit(actor, 'create', 'user', `${firm}/${after.username}`, firm, null, after);
      return after;
    });
  }

  updateUser(actor: string, firm: string, username: string, changes: UserChanges): UserRecord {
    return this.write(() => {
      const { row, before } = this.userRow(firm, username);
      const merged = { ...before, ...changes };
      this.sql.updateUser.run(merged.marketDataCompleted ? 1 : 0, merged.operatorId, row.id);
      this.assign(row.id, firm, this.firmId(firm), changes);
      const after = this.user(firm, username)!;
      this.recordAudit(actor, 'update', 'user', `${firm}/${before.username}`, firm, before, after);
      return after;
    });
  }

  /** The audit row says that the password changed, never what to. */
  setPasswordHash(actor: string, firm: string, username: string, passwordHash: string): void {
    this.write(() => {
      const { row, before } = this.userRow(firm, username);
      this.checkHash(passwordHash);
      this.sql.setPasswordHash.run(passwordHash, row.id);
      this.recordAudit(actor, 'set-password', 'user', `${firm}/${before.username}`, firm, null, null);
    });
  }

  deleteUser(actor: string, firm: string, username: string): void {
    this.write(() => {
      const { row, before } = this.userRow(firm, username);
      this.sql.deleteUser.run(row.id);
      this.recordAudit(actor, 'delete', 'user', `${firm}/${before.username}`, firm, before, null);
    });
  }

  /** Runs several writes as one transaction: all of them or none (e.g. the first-run seed). */
  batch<T>(work: () => T): T {
    return this.write(work);
  }

  /** Audits a change made outside the store (e.g. a market opened or closed by an admin). */
  recordEvent(actor: string, action: string, entity: AuditEntity, key: string, firm: string | null, before: unknown, after: unknown): void {
    this.recordAudit(actor, action, entity, key, firm, before, after);
  }

  // ---- internals -----------------------------------------------------------------------------

  private write<T>(work: () => T): T {
    this.invalidate();
    try {
      return this.db.transaction(work)();
    } finally {
      this.invalidate();
    }
  }

  private invalidate(): void {
    this.userCache.clear();
    this.accountCache.clear();
  }

  private recordAudit(actor: string, action: string, entity: AuditEntity, key: string, firm: string | null, before: unknown, after: unknown): void {
    this.sql.insertAudit.run(
      this.clockMicros(),
      actor,
      action,
      entity,
      key,
      firm,
      before === null ? null : JSON.stringify(before),
      after === null ? null : JSON.stringify(after),
    );
  }

  private insertUnique<T>(insert: () => T, message: string, field: string): T {
    try {
      return insert();
    } catch (error) {
      if (uniqueViolation(error)) throw new StoreError('conflict', message, field);
      throw error;
    }
  }

  private checkHash(passwordHash: string): void {
    if (!isPasswordHash(passwordHash)) throw new StoreError('invalid', 'The store accepts only password hashes from PasswordHasher');
  }

  private firmId(firm: string): number {
    const id = this.sql.firmId.get(firm)?.id;
    if (id === undefined) throw new StoreError('not-found', `Unknown firm ${firm}`);
    return id;
  }

  private accountRow(firm: string, number: string): { id: number; description: string } {
    const row = this.sql.account.get(this.firmId(firm), number);
    if (!row) throw new StoreError('not-found', `Unknown account ${number}`);
    return row;
  }

  private userRow(firm: string, username: string): { row: UserRow; before: UserRecord } {
    const row = this.sql.user.get(this.firmId(firm), username);
    if (!row) throw new StoreError('not-found', `Unknown user ${username}`);
    return { row, before: this.userRecord(row) };
  }

  private userRecord(row: UserRow): UserRecord {
    const held = new Set(this.sql.userRoles.all(row.id).map((r) => r.role));
    return Object.freeze({
      firm: row.firm,
      username: row.username,
      roles: Object.freeze(roleOrder.filter((role) => held.has(role))),
      applications: Object.freeze(this.sql.userApplications.all(row.id).map((r) => r.name)),
      accounts: Object.freeze(this.sql.userAccounts.all(row.id).map((r) => r.number)),
      exchanges: Object.freeze(this.sql.userExchanges.all(row.id).map((r) => r.name)),
      marketDataCompleted: row.market_data_completed === 1,
      operatorId: row.operator_id,
    });
  }

  private limitsOf(row: { max_order_qty: number | null; max_position: number | null; price_band_ticks: number | null }): RiskLimits {
    return { maxOrderQty: row.max_order_qty, maxPosition: row.max_position, priceBandTicks: row.price_band_ticks };
  }

  /** Replaces whichever assignment lists `changes` carries; unknown names are refused by field. */
  private assign(userId: number, firm: string, firmId: number, changes: UserChanges): void {
    if (changes.roles) {
      this.sql.clearRoles.run(userId);
      for (const role of new Set(changes.roles)) this.sql.addRole.run(userId, role);
    }
    if (changes.applications) {
      this.sql.clearApplications.run(userId);
      uniqueEntries(changes.applications).forEach(([name, index]) => {
        const application = this.sql.application.get(name);
        if (!application) throw new StoreError('invalid', `Unknown application ${name}`, `applications[${index}]`);
        this.sql.addApplication.run(userId, application.id);
      });
    }
    if (changes.accounts) {
      this.sql.clearAccounts.run(userId);
      uniqueEntries(changes.accounts).forEach(([number, index]) => {
        const account = this.sql.account.get(firmId, number);
        if (!account) throw new StoreError('invalid', `Unknown account ${number} in firm ${firm}`, `accounts[${index}]`);
        this.sql.addAccount.run(userId, account.id);
      });
    }
    if (changes.exchanges) {
      this.sql.clearExchanges.run(userId);
      uniqueEntries(changes.exchanges).forEach(([name, index]) => {
        const exchange = this.sql.exchange.get(name);
        if (!exchange) throw new StoreError('invalid', `Unknown exchange ${name}`, `exchanges[${index}]`);
        this.sql.addExchange.run(userId, exchange.id);
      });
    }
  }
}

/** Each distinct entry with the index it first appears at (for error field names). */
function uniqueEntries(values: readonly string[]): Array<[string, number]> {
  const seen = new Map<string, number>();
  values.forEach((value, index) => {
    if (!seen.has(value)) seen.set(value, index);
  });
  return [...seen];
}
