import { request as httpRequest } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canSendOrders } from '../auth/entitlements';
import { invalidCredentials, LogonAuthority } from '../auth/logon';
import { PasswordHasher } from '../auth/passwords';
import { demoFirmName, demoLicences, seedDemoFirm } from '../store/demoFirm';
import { GatewayStore } from '../store/GatewayStore';
import { CME } from '../exchange/demo/demoExchanges';
import { SimulatedExchange } from '../exchange/SimulatedExchange';
import { startAdminApi, type AdminApi, type MarketControl } from './AdminApi';
import { instrumentControl, type InstrumentControl } from './instrumentControl';

const hasher = new PasswordHasher({ logN: 10, r: 8, p: 1 });

/** Markets as a matching engine would hold them: the admin API's only way to reach them. */
class InMemoryMarkets implements MarketControl {
  readonly open = new Map<string, boolean>([
    ['CME', true],
    ['ICE', true],
    ['EUREX', true],
    ['FXALL', true],
  ]);
  readonly calls: string[] = [];
  failWith: string | undefined;
  /** A real CME engine (quiet: no background flow) behind books and bursts; the test steps it. */
  readonly cme = new SimulatedExchange(CME, { listener: { onEvent: () => undefined }, clock: () => 0, hours: 'alwaysOpen' });
  private readonly instruments: InstrumentControl = instrumentControl((name) => (name === 'CME' ? this.cme : undefined));
  readonly book = this.instruments.book;
  readonly burst = this.instruments.burst;
  readonly startBurst = this.instruments.startBurst;
  readonly endBurst = this.instruments.endBurst;

  isMarketOpen(exchange: string): boolean | undefined {
    return this.open.get(exchange);
  }

  async setMarketOpen(exchange: string, open: boolean): Promise<void> {
    this.calls.push(`${exchange} ${open ? 'open' : 'close'}`);
    if (this.failWith) throw new Error(this.failWith);
    this.open.set(exchange, open);
  }
}

let store: GatewayStore;
let authority: LogonAuthority;
let markets: InMemoryMarkets;
let api: AdminApi;
let now: number;
let logLines: string[];

beforeEach(async () => {
  store = new GatewayStore({ file: ':memory:', fsync: 'normal' });
  await seedDemoFirm(store, hasher);
  authority = new LogonAuthority(store, hasher);
  markets = new InMemoryMarkets();
  now = Date.parse('2026-11-22T10:00:00Z');
  logLines = [];
  api = await startAdminApi({
    store,
    authority,
    hasher,
    market: markets,
    port: 0,
    tokenTtlMs: 30 * 60_000,
    now: () => now,
    log: (line) => logLines.push(line),
  });
});

afterEach(async () => {
  await api.close();
  store.close();
});

interface Answer {
  status: number;
  body: unknown;
  text: string;
}

async function call(method: string, path: string, options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${api.url}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown), text };
}

async function login(username = 'admin', password = 'admin-demo'): Promise<string> {
  const answer = await call('POST', '/login', { body: { firm: demoFirmName, username, password } });
  expect(answer.status).toBe(200);
  return (answer.body as { token: string }).token;
}

async function masterLogon(username: string, password: string) {
  return authority.masterLogon({
    senderCompId: 'Tessera',
    targetCompId: demoFirmName,
    secureData: demoLicences.Tessera,
    username,
    password,
    refMsgTypes: ['UCG'],
  });
}

describe('admin API authentication', () => {
  it('refuses requests without a token, or with a wrong, revoked or expired one (401)', async () => {
    expect((await call('GET', '/users')).status).toBe(401);
    expect((await call('GET', '/users', { token: 'not-a-token' })).status).toBe(401);
    const token = await login();
    expect((await call('GET', '/users', { token })).status).toBe(200);
    expect((await call('POST', '/logout', { token })).status).toBe(204);
    expect((await call('GET', '/users', { token })).status).toBe(401);
    const second = await login();
    now += 30 * 60_000;
    const expired = await call('GET', '/users', { token: second });
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ error: 'Log in first: POST /login, then send Authorization: Bearer <token>' });
  });

  it('refuses a wrong password with the logon text, and a non-admin with 403', async () => {
    const wrong = await call('POST', '/login', { body: { firm: demoFirmName, username: 'admin', password: 'nope' } });
    expect(wrong).toMatchObject({ status: 401, body: { error: invalidCredentials } });
    const unknown = await call('POST', '/login', { body: { firm: 'NoFirm', username: 'admin', password: 'admin-demo' } });
    expect(unknown).toMatchObject({ status: 401, body: { error: invalidCredentials } });
    const trader = await call('POST', '/login', { body: { firm: demoFirmName, username: 'trader1', password: 'trader1-demo' } });
    expect(trader).toMatchObject({ status: 403, body: { error: 'User trader1 does not have the Admin role' } });
  });

  it('stops honouring a token once its user loses the Admin role', async () => {
    await call('POST', '/users', {
      token: await login(),
      body: { username: 'admin2', password: 'second-admin', roles: ['Admin'], applications: ['Tessera'] },
    });
    const token = await login('admin2', 'second-admin');
    store.updateUser('DemoFirm/admin', demoFirmName, 'admin2', { roles: [] });
    expect(await call('GET', '/users', { token })).toMatchObject({ status: 403, body: { error: 'User admin2 does not have the Admin role' } });
  });

  it('answers only loopback, non-browser callers', async () => {
    const token = await login();
    expect((await call('GET', '/users', { token, headers: { origin: 'https://evil.example' } })).status).toBe(403);
    const rebound = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${api.url}/users`, { headers: { host: `attacker.example:${api.port}`, authorization: `Bearer ${token}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(rebound).toBe(403);
  });
});

describe('admin API users', () => {
  let token: string;
  beforeEach(async () => {
    token = await login();
  });

  it('lists users without any password or hash', async () => {
    const answer = await call('GET', '/users', { token });
    expect((answer.body as Array<{ username: string }>).map((user) => user.username)).toEqual(['admin', 'fills', 'trader1', 'trader2', 'viewer']);
    expect(answer.text).not.toMatch(/password|scrypt/i);
    expect((await call('GET', '/users/trader2', { token })).body).toMatchObject({ operatorId: 'OP2|100', accounts: ['33333', '44444'] });
    expect((await call('GET', '/users/nobody', { token })).status).toBe(404);
  });

  it('creates a user who can log on at once, and audits it without the password', async () => {
    const created = await call('POST', '/users', {
      token,
      body: {
        username: 'trader3',
        password: 'trader3-secret',
        roles: ['Trading'],
        applications: ['Tessera'],
        accounts: ['22222'],
        exchanges: ['EUREX'],
        marketDataCompleted: true,
        operatorId: 'OP3|7',
      },
    });
    expect(created.status).toBe(201);
    expect(created.text).not.toMatch(/trader3-secret|scrypt/);
    expect(await masterLogon('trader3', 'trader3-secret')).toMatchObject({ accepted: true });
    const audit = await call('GET', '/audit?entity=user&key=DemoFirm/trader3', { token });
    expect(audit.body).toMatchObject([{ actor: 'DemoFirm/admin', action: 'create', before: null, after: { username: 'trader3', operatorId: 'OP3|7' } }]);
    expect(audit.text).not.toMatch(/trader3-secret|scrypt/);
    expect(logLines.join('\n')).not.toMatch(/trader3-secret|admin-demo|scrypt/);
  });

  it('answers a bad body with 400 naming every field at fault', async () => {
    const answer = await call('POST', '/users', {
      token,
      body: { password: 'short', roles: ['Trader'], accounts: '11111', operatorId: 'OP|300', marketDataCompleted: 'yes', pasword: 'x' },
    });
    expect(answer.status).toBe(400);
    expect((answer.body as { problems: unknown }).problems).toEqual(
      expect.arrayContaining([
        { field: 'username', message: 'required' },
        { field: 'password', message: 'expected at least 8 characters' },
        { field: 'roles[0]', message: 'expected one of Trading, RiskManager, Admin' },
        { field: 'accounts', message: 'expected a list' },
        { field: 'operatorId', message: 'Operator ID "OP|300" must be <id>, <id>|NM or <id>|<algo prefix 0-255>' },
        { field: 'marketDataCompleted', message: 'expected true or false' },
        { field: 'pasword', message: 'unknown field' },
      ]),
    );
    expect((answer.body as { error: string }).error).toMatch(/^Invalid request body: /);
    expect((answer.body as { error: string }).error).not.toContain('short');
  });

  it('names an unknown account, application or exchange by its place in the list', async () => {
    const answer = await call('PATCH', '/users/trader1', { token, body: { accounts: ['11111', '99999'] } });
    expect(answer).toMatchObject({
      status: 400,
      body: { error: 'accounts[1]: Unknown account 99999 in firm DemoFirm', problems: [{ field: 'accounts[1]', message: 'Unknown account 99999 in firm DemoFirm' }] },
    });
    expect((await call('PATCH', '/users/trader1', { token, body: {} })).body).toEqual({
      error: 'Invalid request body: expected at least one change',
      problems: [{ field: '', message: 'expected at least one change' }],
    });
  });

  it('takes a role away at once: the next order decision refuses', async () => {
    expect(canSendOrders(store.user(demoFirmName, 'trader1')!).allowed).toBe(true);
    const answer = await call('PATCH', '/users/trader1', { token, body: { roles: [], marketDataCompleted: false } });
    expect(answer).toMatchObject({ status: 200, body: { roles: [], marketDataCompleted: false } });
    expect(canSendOrders(store.user(demoFirmName, 'trader1')!)).toEqual({ allowed: false, reason: 'User trader1 does not have the Trading role' });
    expect(await masterLogon('trader1', 'trader1-demo')).toEqual({ accepted: false, reason: 'User trader1 has not completed market data requirements' });
  });

  it('sets a password: the old one stops working, and nothing secret is recorded', async () => {
    expect((await call('PUT', '/users/trader1/password', { token, body: { password: 'brand-new-pw' } })).status).toBe(204);
    expect(await masterLogon('trader1', 'trader1-demo')).toEqual({ accepted: false, reason: invalidCredentials });
    expect(await masterLogon('trader1', 'brand-new-pw')).toMatchObject({ accepted: true });
    const audit = await call('GET', '/audit?limit=1', { token });
    expect(audit.body).toMatchObject([{ action: 'set-password', key: 'DemoFirm/trader1', before: null, after: null }]);
    expect(JSON.stringify(store.audit({ limit: 1000 }))).not.toMatch(/brand-new-pw|trader1-demo|scrypt/);
    expect((await call('PUT', '/users/nobody/password', { token, body: { password: 'brand-new-pw' } })).status).toBe(404);
  });

  it('deletes a user, but never the caller, and never strips the caller of Admin', async () => {
    expect((await call('DELETE', '/users/viewer', { token })).status).toBe(204);
    expect(store.user(demoFirmName, 'viewer')).toBeUndefined();
    expect(await call('DELETE', '/users/Admin', { token })).toMatchObject({ status: 409, body: { error: 'You cannot delete yourself' } });
    expect(await call('PATCH', '/users/admin', { token, body: { roles: ['RiskManager'] } })).toMatchObject({
      status: 409,
      body: { error: 'You cannot remove the Admin role from yourself' },
    });
    expect((await call('POST', '/users', { token, body: { username: 'TRADER1', password: 'whatever-pw' } })).status).toBe(409);
  });
});

describe('admin API accounts and risk limits', () => {
  let token: string;
  beforeEach(async () => {
    token = await login();
  });

  it('creates, describes and deletes accounts', async () => {
    expect((await call('POST', '/accounts', { token, body: { number: '55555', description: 'New desk' } })).status).toBe(201);
    expect((await call('POST', '/accounts', { token, body: { number: '55555' } })).status).toBe(409);
    expect((await call('POST', '/accounts', { token, body: { number: '5 5' } })).body).toMatchObject({
      problems: [{ field: 'number', message: 'expected 1 to 32 letters, digits, _ or -' }],
    });
    expect((await call('PATCH', '/accounts/55555', { token, body: { description: 'Renamed' } })).body).toMatchObject({ description: 'Renamed' });
    expect((await call('GET', '/accounts/55555', { token })).body).toEqual({
      firm: 'DemoFirm',
      number: '55555',
      description: 'Renamed',
      riskLimits: { maxOrderQty: null, maxPosition: null, priceBandTicks: null },
    });
    expect((await call('DELETE', '/accounts/55555', { token })).status).toBe(204);
    expect(await call('DELETE', '/accounts/11111', { token })).toMatchObject({
      status: 409,
      body: { error: 'Account 11111 is assigned to trader1, viewer; unassign it first' },
    });
  });

  it('sets risk limits, validating each', async () => {
    const bad = await call('PUT', '/accounts/11111/risk-limits', { token, body: { maxOrderQty: 0, maxPosition: 1.5 } });
    expect(bad.status).toBe(400);
    expect((bad.body as { problems: Array<{ field: string }> }).problems.map((problem) => problem.field)).toEqual(['maxOrderQty', 'maxPosition', 'priceBandTicks']);
    const good = await call('PUT', '/accounts/11111/risk-limits', { token, body: { maxOrderQty: 5, maxPosition: null, priceBandTicks: 10 } });
    expect(good).toMatchObject({ status: 200, body: { maxOrderQty: 5, maxPosition: null, priceBandTicks: 10 } });
    expect(store.riskLimits(demoFirmName, '11111')).toEqual({ maxOrderQty: 5, maxPosition: null, priceBandTicks: 10 });
    expect((await call('GET', '/audit?entity=risk-limits&limit=1', { token })).body).toMatchObject([
      { action: 'update', before: { maxOrderQty: 100 }, after: { maxOrderQty: 5 } },
    ]);
    expect((await call('PUT', '/accounts/99999/risk-limits', { token, body: { maxOrderQty: 5, maxPosition: 5, priceBandTicks: 5 } })).status).toBe(404);
  });
});

describe('admin API exchanges and markets', () => {
  let token: string;
  beforeEach(async () => {
    token = await login();
  });

  it('lists exchanges with their order sessions and market state, and changes a session', async () => {
    expect((await call('GET', '/exchanges', { token })).body).toContainEqual({ name: 'EUREX', sendRegulatoryId: 1, algoRange: 5, marketOpen: true });
    expect((await call('PATCH', '/exchanges/EUREX', { token, body: { algoRange: 256, sendRegulatoryId: 2 } })).body).toMatchObject({
      problems: [
        { field: 'sendRegulatoryId', message: 'expected 0 or 1' },
        { field: 'algoRange', message: 'expected null (not set) or an integer from 0 to 255' },
      ],
    });
    expect((await call('PATCH', '/exchanges/EUREX', { token, body: { algoRange: 26 } })).body).toEqual({
      name: 'EUREX',
      sendRegulatoryId: 1,
      algoRange: 26,
      marketOpen: true,
    });
    expect(store.exchange('EUREX')?.algoRange).toBe(26);
    expect((await call('PATCH', '/exchanges/LME', { token, body: { algoRange: 1 } })).status).toBe(404);
  });

  it('closes and opens a market through the injected control, audited', async () => {
    expect(await call('POST', '/exchanges/ICE/market', { token, body: { open: false } })).toMatchObject({ status: 200, body: { name: 'ICE', marketOpen: false } });
    expect(markets.calls).toEqual(['ICE close']);
    expect(markets.isMarketOpen('ICE')).toBe(false);
    await call('POST', '/exchanges/ICE/market', { token, body: { open: true } });
    expect(markets.calls).toEqual(['ICE close', 'ICE open']);
    expect((await call('GET', '/audit?entity=market', { token })).body).toMatchObject([
      { actor: 'DemoFirm/admin', action: 'open', key: 'ICE', before: { open: false }, after: { open: true } },
      { actor: 'DemoFirm/admin', action: 'close', key: 'ICE', before: { open: true }, after: { open: false } },
    ]);
  });

  it('refuses a bad market request and reports a control that fails', async () => {
    expect((await call('POST', '/exchanges/ICE/market', { token, body: { open: 'no' } })).body).toMatchObject({ problems: [{ field: 'open' }] });
    expect((await call('POST', '/exchanges/ICE/market', { token })).body).toMatchObject({
      error: 'Invalid request body: expected an object {"open": true or false}',
    });
    expect((await call('POST', '/exchanges/LME/market', { token, body: { open: false } })).status).toBe(404);
    markets.failWith = 'matching engine is stopping';
    expect(await call('POST', '/exchanges/CME/market', { token, body: { open: false } })).toMatchObject({
      status: 503,
      body: { error: 'Could not close the CME market: matching engine is stopping' },
    });
    expect(store.audit({ entity: 'market' })).toEqual([]);
  });
});

describe('admin API books and bursts', () => {
  let token: string;
  beforeEach(async () => {
    token = await login();
  });

  it('shows an instrument\'s book with FIX prices and its market-data sequence number', async () => {
    markets.cme.submit({ instrument: 'ESZ6', owner: 'A', side: 'buy', type: 'limit', tif: 'day', quantity: 3, price: 24000 });
    markets.cme.submit({ instrument: 'ESZ6', owner: 'B', side: 'buy', type: 'limit', tif: 'day', quantity: 2, price: 24000 });
    markets.cme.submit({ instrument: 'ESZ6', owner: 'B', side: 'sell', type: 'limit', tif: 'day', quantity: 1, price: 24004 });
    expect(await call('GET', '/exchanges/CME/instruments/ESZ6/book', { token })).toMatchObject({
      status: 200,
      body: { exchange: 'CME', symbol: 'ESZ6', seq: 3, bids: [{ price: '6000.00', quantity: 5, orders: 2 }], asks: [{ price: '6001.00', quantity: 1, orders: 1 }], lastTrade: null },
    });
    expect(await call('GET', '/exchanges/CME/instruments/NOPE/book', { token })).toMatchObject({ status: 404, body: { error: 'Unknown instrument NOPE on CME' } });
    expect((await call('GET', '/exchanges/LME/instruments/ESZ6/book', { token })).status).toBe(404);
  });

  it('starts, changes and ends a burst on one instrument, audited', async () => {
    expect(await call('GET', '/exchanges/CME/instruments/ESZ6/burst', { token })).toMatchObject({ status: 404, body: { error: 'No burst on CME ESZ6' } });
    const started = await call('PUT', '/exchanges/CME/instruments/ESZ6/burst', { token, body: { rate: 1000, levels: 40 } });
    expect(started).toMatchObject({ status: 200, body: { exchange: 'CME', symbol: 'ESZ6', rate: 1000, levels: 40, seed: 1, actions: 0 } });
    for (let t = 20; t <= 1020; t += 20) markets.cme.step(t);
    const book = (await call('GET', '/exchanges/CME/instruments/ESZ6/book', { token })).body as { bids: unknown[]; asks: unknown[] };
    expect([book.bids.length, book.asks.length]).toEqual([40, 40]);
    expect(await call('GET', '/exchanges/CME/instruments/ESZ6/burst', { token })).toMatchObject({ body: { rate: 1000, actions: 1000 } });
    expect(await call('PUT', '/exchanges/CME/instruments/ESZ6/burst', { token, body: { rate: 0 } })).toMatchObject({ status: 200, body: { rate: 0, levels: 40 } });
    expect(await call('DELETE', '/exchanges/CME/instruments/ESZ6/burst', { token })).toMatchObject({ status: 204 });
    expect((await call('DELETE', '/exchanges/CME/instruments/ESZ6/burst', { token })).status).toBe(404);
    markets.cme.step(1040);
    expect(await call('GET', '/exchanges/CME/instruments/ESZ6/book', { token })).toMatchObject({ body: { bids: [], asks: [] } });
    expect((await call('GET', '/audit?entity=market', { token })).body).toMatchObject([
      { actor: 'DemoFirm/admin', action: 'end-burst', key: 'CME/ESZ6' },
      { action: 'burst', key: 'CME/ESZ6', before: { rate: 1000 }, after: { rate: 0, levels: 40, seed: 1 } },
      { action: 'burst', key: 'CME/ESZ6', before: null, after: { rate: 1000, levels: 40, seed: 1 } },
    ]);
  });

  it('refuses a bad burst and an unknown instrument, naming the field', async () => {
    expect(await call('PUT', '/exchanges/CME/instruments/ESZ6/burst', { token, body: { rate: 100_001, levels: 1, speed: 2 } })).toMatchObject({
      status: 400,
      body: {
        problems: [
          { field: 'rate', message: 'expected an integer from 0 to 100000' },
          { field: 'levels', message: 'expected an integer from 2 to 1000' },
          { field: 'speed', message: 'unknown field' },
        ],
      },
    });
    expect((await call('PUT', '/exchanges/CME/instruments/ESZ6/burst', { token, body: { rate: 1.5 } })).status).toBe(400);
    expect((await call('PUT', '/exchanges/CME/instruments/ESZ6/burst', { token })).status).toBe(400);
    expect(await call('PUT', '/exchanges/CME/instruments/NOPE/burst', { token, body: { rate: 10 } })).toMatchObject({ status: 404, body: { error: 'Unknown instrument NOPE on CME' } });
    expect((await call('DELETE', '/exchanges/ICE/instruments/BRNF7/burst', { token })).status).toBe(404);
    expect(markets.cme.burst('ESZ6')).toBeUndefined();
    expect(store.audit({ entity: 'market' })).toEqual([]);
  });
});

describe('admin API robustness', () => {
  it('answers malformed requests with a clear error and keeps serving', async () => {
    const token = await login();
    expect(await call('POST', '/users', { token, rawBody: '{"username":', headers: { 'content-type': 'application/json' } })).toMatchObject({
      status: 400,
      body: { error: 'Request body is not valid JSON' },
    });
    expect((await call('POST', '/users', { token, rawBody: 'username=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(415);
    expect((await call('POST', '/accounts', { token, rawBody: JSON.stringify({ number: '1', description: 'x'.repeat(70_000) }), headers: { 'content-type': 'application/json' } })).status).toBe(413);
    expect((await call('GET', '/nothing-here', { token })).status).toBe(404);
    expect((await call('DELETE', '/exchanges', { token })).status).toBe(405);
    expect((await call('GET', '/users/%E0%A4%A', { token })).status).toBe(400);
    expect((await call('GET', '/audit?limit=abc', { token })).body).toMatchObject({ problems: [{ field: 'limit', message: 'expected an integer from 1 to 1000' }] });
    expect((await call('POST', '/login', { body: null })).status).toBe(400);
    expect((await call('GET', '/me', { token })).body).toMatchObject({ username: 'admin' });
  });
});
