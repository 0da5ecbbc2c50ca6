import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PasswordHasher } from '../auth/passwords';
import { demoAccounts, demoApplications, demoFirmName, demoLicences, demoUsers, seedDemoFirm } from './demoFirm';
import { GatewayStore, StoreError } from './GatewayStore';
import { openGatewayStore, storeFileName } from './openGatewayStore';
import type { NewUser } from './records';

const hasher = new PasswordHasher({ logN: 10, r: 8, p: 1 });
let dir: string;
let clock: number;
let store: GatewayStore;
let hash: string;

function openStore(): GatewayStore {
  return new GatewayStore({ file: join(dir, storeFileName), fsync: 'full', clockMicros: () => ++clock });
}

function storeError(work: () => unknown): StoreError {
  try {
    work();
  } catch (error) {
    if (error instanceof StoreError) return error;
    throw error;
  }
  throw new Error('no StoreError');
}

function newUser(username: string, overrides: Partial<NewUser> = {}): NewUser {
  return {
    username,
    passwordHash: hash,
    roles: ['Trading'],
    applications: ['Tessera'],
    accounts: ['11111'],
    exchanges: ['CME'],
    marketDataCompleted: true,
    operatorId: '',
    ...overrides,
  };
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-store-'));
  clock = 1_700_000_000_000_000;
  store = openStore();
  hash = await hasher.hash('secret-pw');
  await seedDemoFirm(store, hasher);
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GatewayStore schema', () => {
  it('creates a WAL database at the current schema version and reopens it with its data', () => {
    store.close();
    const raw = new Database(join(dir, storeFileName));
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    raw.close();
    store = openStore();
    expect(store.user(demoFirmName, 'trader1')?.accounts).toEqual(['11111', '22222']);
  });

  it('refuses a database written by a newer version', () => {
    store.close();
    const raw = new Database(join(dir, storeFileName));
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => openStore()).toThrow('gateway.sqlite has schema version 99, newer than this Tessera gateway understands (1); upgrade Tessera');
    store = new GatewayStore({ file: ':memory:', fsync: 'normal' });
  });
});

describe('the demo firm', () => {
  it('has the shape SPEC §1 asks for', () => {
    expect(store.firms()).toEqual([{ name: 'DemoFirm' }]);
    expect(store.applications().map((application) => application.name)).toEqual(['Tessera', 'WhenTech', 'WhenTechFills']);
    expect(store.application('Tessera')?.licence).toBe(demoLicences.Tessera);
    expect(store.exchanges()).toEqual([
      { name: 'CME', sendRegulatoryId: 0, algoRange: null },
      { name: 'EUREX', sendRegulatoryId: 1, algoRange: 5 },
      { name: 'FXALL', sendRegulatoryId: 0, algoRange: null },
      { name: 'ICE', sendRegulatoryId: 0, algoRange: null },
    ]);
    expect(store.accounts(demoFirmName).map((account) => account.number)).toEqual(['11111', '22222', '33333', '44444']);
    expect(store.riskLimits(demoFirmName, '33333')).toEqual({ maxOrderQty: 50, maxPosition: 200, priceBandTicks: 50 });
    expect(store.user(demoFirmName, 'trader2')).toEqual({
      firm: 'DemoFirm',
      username: 'trader2',
      roles: ['Trading'],
      applications: ['Tessera', 'WhenTech'],
      accounts: ['33333', '44444'],
      exchanges: ['CME', 'EUREX', 'FXALL', 'ICE'],
      marketDataCompleted: true,
      operatorId: 'OP2|100',
    });
    expect(store.user(demoFirmName, 'fills')?.roles).toEqual(['RiskManager']);
    expect(store.user(demoFirmName, 'fills')?.applications).toEqual(['WhenTechFills']);
    expect(store.user(demoFirmName, 'viewer')?.roles).toEqual([]);
    expect(store.user(demoFirmName, 'viewer')?.accounts).toEqual(['11111']);
    expect(store.user(demoFirmName, 'admin')?.roles).toEqual(['RiskManager', 'Admin']);
  });

  it('stores hashes that verify the documented passwords, and no password in the clear', async () => {
    for (const user of demoUsers) {
      expect(await hasher.verify(user.password, store.passwordHash(demoFirmName, user.username))).toBe(true);
    }
    store.close();
    const files = readdirSync(dir).map((name) => readFileSync(join(dir, name)).toString('latin1'));
    for (const user of demoUsers) for (const file of files) expect(file).not.toContain(user.password);
    store = openStore();
  });

  it.each(['./DEMO_CREDENTIALS.md', '../../README.md'])('is what %s documents', (path) => {
    const doc = readFileSync(new URL(path, import.meta.url), 'utf8');
    expect(doc).toContain(`\`${demoFirmName}\``);
    for (const user of demoUsers) expect(doc).toMatch(new RegExp(`\\| \`${user.username}\` \\| \`${user.password}\` \\|`));
    for (const application of demoApplications) expect(doc).toContain(`| \`${application.name}\` | \`${application.licence}\` |`);
    for (const { number, limits } of demoAccounts) {
      const figures = [limits.maxOrderQty, limits.maxPosition, limits.priceBandTicks].map((n) => n!.toLocaleString('en-US')).join(' \\| ');
      expect(doc).toMatch(new RegExp(`\\| \`${number}\` \\| [^|]+ \\| ${figures} \\|`));
    }
  });

  it('audits the seed without secrets', () => {
    const rows = store.audit({ limit: 1000 });
    expect(rows.every((row) => row.actor === 'system' && row.action === 'create')).toBe(true);
    expect(rows.filter((row) => row.entity === 'user').map((row) => row.key).sort()).toEqual(demoUsers.map((user) => `DemoFirm/${user.username}`).sort());
    const text = JSON.stringify(rows);
    expect(text).not.toContain('scrypt$');
    expect(text).not.toContain(demoLicences.Tessera);
  });

  it('is seeded once, on first run, when the config asks for it', async () => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
    const config = { dataDir: join(dir, 'data'), store: { fsync: 'normal' as const, seedDemoFirm: true } };
    store = await openGatewayStore(config, hasher);
    store.updateAccount('DemoFirm/admin', demoFirmName, '11111', { description: 'changed' });
    store.close();
    store = await openGatewayStore(config, hasher);
    expect(store.account(demoFirmName, '11111')?.description).toBe('changed');
    expect(store.firms()).toHaveLength(1);
    store.close();
    store = await openGatewayStore({ dataDir: join(dir, 'empty'), store: { fsync: 'full', seedDemoFirm: false } }, hasher);
    expect(store.isEmpty()).toBe(true);
  });
});

describe('users', () => {
  it('creates a user, matching its name without regard to case and refusing a second spelling', () => {
    const created = store.createUser('DemoFirm/admin', demoFirmName, newUser('Trader3', { roles: ['Trading', 'Trading'], accounts: ['22222', '11111'] }));
    expect(created).toMatchObject({ username: 'Trader3', roles: ['Trading'], accounts: ['11111', '22222'] });
    expect(store.user(demoFirmName, 'trader3')?.username).toBe('Trader3');
    expect(storeError(() => store.createUser('DemoFirm/admin', demoFirmName, newUser('TRADER3')))).toMatchObject({
      kind: 'conflict',
      message: 'User TRADER3 already exists',
      field: 'username',
    });
    expect(store.user('OtherFirm', 'trader3')).toBeUndefined();
  });

  it('refuses an unknown assignment by field and leaves nothing behind', () => {
    const before = store.audit().length;
    expect(storeError(() => store.createUser('DemoFirm/admin', demoFirmName, newUser('x', { accounts: ['11111', '99999'] })))).toMatchObject({
      kind: 'invalid',
      message: 'Unknown account 99999 in firm DemoFirm',
      field: 'accounts[1]',
    });
    expect(storeError(() => store.createUser('DemoFirm/admin', demoFirmName, newUser('x', { exchanges: ['LME'] })))).toMatchObject({ field: 'exchanges[0]' });
    expect(storeError(() => store.createUser('DemoFirm/admin', demoFirmName, newUser('x', { applications: ['Nope'] })))).toMatchObject({ field: 'applications[0]' });
    expect(store.user(demoFirmName, 'x')).toBeUndefined();
    expect(store.audit()).toHaveLength(before);
  });

  it('refuses to store anything but a password hash', () => {
    expect(storeError(() => store.createUser('DemoFirm/admin', demoFirmName, newUser('x', { passwordHash: 'secret-pw' })))).toMatchObject({ kind: 'invalid' });
  });

  it('applies an update at once and audits before and after', () => {
    expect(store.user(demoFirmName, 'trader1')?.roles).toEqual(['Trading']);
    store.updateUser('DemoFirm/admin', demoFirmName, 'trader1', { roles: [], accounts: ['11111'], operatorId: 'OP1|NM', marketDataCompleted: false });
    expect(store.user(demoFirmName, 'trader1')).toMatchObject({
      roles: [],
      accounts: ['11111'],
      applications: ['Tessera', 'WhenTech'],
      operatorId: 'OP1|NM',
      marketDataCompleted: false,
    });
    const [row] = store.audit({ entity: 'user', key: 'DemoFirm/trader1', limit: 1 });
    expect(row).toMatchObject({
      actor: 'DemoFirm/admin',
      action: 'update',
      firm: 'DemoFirm',
      before: { roles: ['Trading'], accounts: ['11111', '22222'], operatorId: 'OP1' },
      after: { roles: [], accounts: ['11111'], operatorId: 'OP1|NM' },
    });
    expect(row!.atMicros).toBe(clock);
  });

  it('changes a password without writing either password or hash to the audit', async () => {
    const newHash = await hasher.hash('new-password');
    store.setPasswordHash('DemoFirm/admin', demoFirmName, 'trader1', newHash);
    expect(await hasher.verify('new-password', store.passwordHash(demoFirmName, 'trader1'))).toBe(true);
    const [row] = store.audit({ limit: 1 });
    expect(row).toMatchObject({ action: 'set-password', key: 'DemoFirm/trader1', before: null, after: null });
  });

  it('deletes a user and its assignments', () => {
    store.deleteUser('DemoFirm/admin', demoFirmName, 'viewer');
    expect(store.user(demoFirmName, 'viewer')).toBeUndefined();
    expect(store.users(demoFirmName).map((user) => user.username)).toEqual(['admin', 'fills', 'trader1', 'trader2']);
    expect(store.audit({ limit: 1 })[0]).toMatchObject({ action: 'delete', before: { username: 'viewer' }, after: null });
    expect(storeError(() => store.deleteUser('DemoFirm/admin', demoFirmName, 'viewer'))).toMatchObject({ kind: 'not-found', message: 'Unknown user viewer' });
  });
});

describe('accounts, risk limits and exchanges', () => {
  it('creates and describes accounts, refusing a duplicate number', () => {
    store.createAccount('DemoFirm/admin', demoFirmName, { number: '55555', description: 'new desk' });
    expect(store.accounts(demoFirmName).map((account) => account.number)).toContain('55555');
    expect(storeError(() => store.createAccount('DemoFirm/admin', demoFirmName, { number: '55555', description: '' }))).toMatchObject({ kind: 'conflict' });
    expect(store.updateAccount('DemoFirm/admin', demoFirmName, '55555', { description: 'renamed' }).description).toBe('renamed');
  });

  it('refuses to delete an account users still hold, and deletes it with its limits once free', () => {
    expect(storeError(() => store.deleteAccount('DemoFirm/admin', demoFirmName, '11111'))).toMatchObject({
      kind: 'conflict',
      message: 'Account 11111 is assigned to trader1, viewer; unassign it first',
    });
    store.updateUser('DemoFirm/admin', demoFirmName, 'trader2', { accounts: ['33333'] });
    store.deleteAccount('DemoFirm/admin', demoFirmName, '44444');
    expect(store.account(demoFirmName, '44444')).toBeUndefined();
    expect(store.riskLimits(demoFirmName, '44444')).toBeUndefined();
    expect(store.audit({ limit: 2 }).map((row) => `${row.action} ${row.entity}`)).toEqual(['delete account', 'delete risk-limits']);
  });

  it('sets risk limits with before and after in the audit', () => {
    store.setRiskLimits('DemoFirm/admin', demoFirmName, '11111', { maxOrderQty: 10, maxPosition: null, priceBandTicks: 20 });
    expect(store.riskLimits(demoFirmName, '11111')).toEqual({ maxOrderQty: 10, maxPosition: null, priceBandTicks: 20 });
    expect(store.audit({ entity: 'risk-limits', key: 'DemoFirm/11111', limit: 1 })[0]).toMatchObject({
      action: 'update',
      before: { maxOrderQty: 100, maxPosition: 500, priceBandTicks: 100 },
      after: { maxOrderQty: 10, maxPosition: null, priceBandTicks: 20 },
    });
    expect(storeError(() => store.setRiskLimits('a', demoFirmName, '12345', { maxOrderQty: 1, maxPosition: 1, priceBandTicks: 1 }))).toMatchObject({
      kind: 'not-found',
    });
  });

  it('changes an exchange order session and audits it as gateway-wide', () => {
    expect(store.updateExchange('DemoFirm/admin', 'CME', { sendRegulatoryId: 1, algoRange: 26 })).toEqual({ name: 'CME', sendRegulatoryId: 1, algoRange: 26 });
    expect(store.exchange('CME')).toEqual({ name: 'CME', sendRegulatoryId: 1, algoRange: 26 });
    expect(store.updateExchange('DemoFirm/admin', 'CME', { algoRange: null }).algoRange).toBeNull();
    expect(store.audit({ entity: 'exchange', limit: 1 })[0]).toMatchObject({ firm: null, before: { algoRange: 26 }, after: { algoRange: null } });
    expect(storeError(() => store.updateExchange('a', 'LME', {}))).toMatchObject({ kind: 'not-found', message: 'Unknown exchange LME' });
  });
});

describe('audit queries', () => {
  it('pages backwards and keeps one firm apart from another', () => {
    store.createFirm('system', 'OtherFirm');
    store.createAccount('OtherFirm/admin', 'OtherFirm', { number: '90000', description: '' });
    store.recordEvent('DemoFirm/admin', 'close', 'market', 'ICE', null, { open: true }, { open: false });
    const demo = store.audit({ firm: demoFirmName, limit: 1000 });
    expect(demo.some((row) => row.firm === 'OtherFirm')).toBe(false);
    expect(demo[0]).toMatchObject({ entity: 'market', key: 'ICE', action: 'close', before: { open: true }, after: { open: false } });
    const page = store.audit({ limit: 2 });
    const next = store.audit({ limit: 2, beforeId: page[1]!.id });
    expect(next[0]!.id).toBeLessThan(page[1]!.id);
  });
});
