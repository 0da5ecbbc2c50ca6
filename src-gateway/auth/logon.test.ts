import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoFirmName, demoLicences, seedDemoFirm } from '../store/demoFirm';
import { GatewayStore } from '../store/GatewayStore';
import type { UserRecord } from '../store/records';
import { credentialsRequired, decideLogon, invalidCredentials, LogonAuthority, traderLogonsNotEnabled, type MasterLogonRequest } from './logon';
import { PasswordHasher } from './passwords';

const hasher = new PasswordHasher({ logN: 10, r: 8, p: 1 });

/** The real hasher, counting the checks it is asked for. */
class CountingVerifier {
  readonly hashesChecked: Array<string | undefined> = [];

  verify(password: string, encoded: string | undefined): Promise<boolean> {
    this.hashesChecked.push(encoded);
    return hasher.verify(password, encoded);
  }
}

let store: GatewayStore;
let verifier: CountingVerifier;
let authority: LogonAuthority;

beforeEach(async () => {
  store = new GatewayStore({ file: ':memory:', fsync: 'normal' });
  await seedDemoFirm(store, hasher);
  verifier = new CountingVerifier();
  authority = new LogonAuthority(store, verifier);
});

afterEach(() => {
  store.close();
});

function master(overrides: Partial<MasterLogonRequest> = {}): MasterLogonRequest {
  return {
    senderCompId: 'Tessera',
    targetCompId: demoFirmName,
    secureData: demoLicences.Tessera,
    username: 'trader1',
    password: 'trader1-demo',
    refMsgTypes: ['UCG'],
    ...overrides,
  };
}

async function reason(request: MasterLogonRequest): Promise<string> {
  const decision = await authority.masterLogon(request);
  if (decision.accepted) throw new Error('accepted');
  return decision.reason;
}

async function addUser(username: string, overrides: Partial<Omit<UserRecord, 'firm' | 'username'>>): Promise<void> {
  store.createUser('test', demoFirmName, {
    username,
    passwordHash: await hasher.hash('pw'),
    roles: ['Trading'],
    applications: ['Tessera'],
    accounts: ['11111'],
    exchanges: ['CME'],
    marketDataCompleted: true,
    operatorId: '',
    ...overrides,
  });
}

describe('master logon', () => {
  it('accepts a demo trader and reads the 372 options', async () => {
    const decision = await authority.masterLogon(master());
    expect(decision).toMatchObject({ accepted: true, firm: 'DemoFirm', application: 'Tessera', multiTrader: true, chart: false });
    expect(decision.accepted && decision.user.username).toBe('trader1');
    expect(await authority.masterLogon(master({ refMsgTypes: ['d'] }))).toMatchObject({ accepted: true, multiTrader: false });
  });

  it('accepts the fill service user (RiskManager, no accounts assigned) and the read-only viewer', async () => {
    expect(
      await authority.masterLogon(master({ senderCompId: 'WhenTechFills', secureData: demoLicences.WhenTechFills, username: 'fills', password: 'fills-demo' })),
    ).toMatchObject({ accepted: true });
    expect(await authority.masterLogon(master({ username: 'viewer', password: 'viewer-demo' }))).toMatchObject({ accepted: true });
  });

  it('gives an unknown user, a wrong password and an unknown firm the same text, after the same work', async () => {
    expect(await reason(master({ password: 'wrong' }))).toBe(invalidCredentials);
    expect(await reason(master({ username: 'nobody' }))).toBe(invalidCredentials);
    expect(await reason(master({ targetCompId: 'NoSuchFirm' }))).toBe(invalidCredentials);
    expect(verifier.hashesChecked.map((hash) => (hash === undefined ? 'dummy' : 'real'))).toEqual(['real', 'dummy', 'dummy']);
  });

  it('names the other reasons only once the password has matched', async () => {
    expect(await reason(master({ secureData: 'WRONG-LICENCE' }))).toBe('Invalid licence for application Tessera');
    expect(await reason(master({ secureData: 'WRONG-LICENCE', password: 'wrong' }))).toBe(invalidCredentials);
    expect(await reason(master({ secureData: undefined }))).toBe('Invalid licence for application Tessera');
    expect(await reason(master({ secureData: demoLicences.WhenTech }))).toBe('Invalid licence for application Tessera');
    expect(await reason(master({ senderCompId: 'Unknown', secureData: demoLicences.Tessera }))).toBe('Invalid licence for application Unknown');
    expect(await reason(master({ senderCompId: 'WhenTechFills', secureData: demoLicences.WhenTechFills }))).toBe(
      'Application WhenTechFills is not assigned to user trader1',
    );
  });

  it('refuses a user without accounts, exchanges or market data requirements, naming which', async () => {
    await addUser('noaccount', { accounts: [] });
    await addUser('noexchange', { exchanges: [] });
    await addUser('nomd', { marketDataCompleted: false });
    expect(await reason(master({ username: 'noaccount', password: 'pw' }))).toBe('User noaccount has no account assigned');
    expect(await reason(master({ username: 'noexchange', password: 'pw' }))).toBe('User noexchange has no exchange assigned');
    expect(await reason(master({ username: 'nomd', password: 'pw' }))).toBe('User nomd has not completed market data requirements');
    expect(await authority.masterLogon(master({ username: 'nomd', password: 'pw', refMsgTypes: ['V'] }))).toMatchObject({ accepted: true, chart: true });
  });

  it('asks for UserName and Password when they are missing', async () => {
    expect(await reason(master({ username: undefined }))).toBe(credentialsRequired);
    expect(await reason(master({ password: undefined }))).toBe(credentialsRequired);
    expect(verifier.hashesChecked).toEqual([]);
  });

  it('refuses a session the config does not list', async () => {
    authority = new LogonAuthority(store, verifier, [{ firm: demoFirmName, application: 'WhenTech' }]);
    expect(await reason(master())).toBe('Unknown session: SenderCompID Tessera, TargetCompID DemoFirm');
    expect(await authority.masterLogon(master({ senderCompId: 'WhenTech', secureData: demoLicences.WhenTech }))).toMatchObject({ accepted: true });
  });

  it('sees an admin change at the next logon', async () => {
    store.updateUser('DemoFirm/admin', demoFirmName, 'trader1', { applications: ['WhenTech'] });
    expect(await reason(master())).toBe('Application Tessera is not assigned to user trader1');
  });
});

describe('trader logon', () => {
  const session = { firm: demoFirmName, application: 'Tessera', multiTrader: true, chart: false };
  const trader2 = { secureData: demoLicences.Tessera, username: 'trader2', password: 'trader2-demo', clientId: undefined };

  it('accepts a trader on a multi-trader session', async () => {
    const decision = await authority.traderLogon(trader2, session);
    expect(decision.accepted && decision.user.accounts).toEqual(['33333', '44444']);
  });

  it('matches the username without regard to case', async () => {
    const decision = await authority.traderLogon({ ...trader2, username: 'Trader2' }, session);
    expect(decision.accepted && decision.user.username).toBe('trader2');
  });

  it('refuses trader logons unless the master asked for them', async () => {
    expect(await authority.traderLogon(trader2, { ...session, multiTrader: false })).toEqual({ accepted: false, reason: traderLogonsNotEnabled });
  });

  it('applies the same rules as a master logon', async () => {
    expect(await authority.traderLogon({ ...trader2, password: 'x' }, session)).toEqual({ accepted: false, reason: invalidCredentials });
    expect(await authority.traderLogon({ ...trader2, secureData: 'x' }, session)).toEqual({ accepted: false, reason: 'Invalid licence for application Tessera' });
    await addUser('nomd', { marketDataCompleted: false });
    const nomd = { ...trader2, username: 'nomd', password: 'pw' };
    expect(await authority.traderLogon(nomd, session)).toEqual({ accepted: false, reason: 'User nomd has not completed market data requirements' });
    expect(await authority.traderLogon(nomd, { ...session, chart: true })).toMatchObject({ accepted: true });
  });

  it('checks ClientID (109) against the firm', async () => {
    expect(await authority.traderLogon({ ...trader2, clientId: demoFirmName }, session)).toMatchObject({ accepted: true });
    expect(await authority.traderLogon({ ...trader2, clientId: 'OtherFirm' }, session)).toEqual({
      accepted: false,
      reason: 'ClientID (109) OtherFirm does not match firm DemoFirm',
    });
  });
});

describe('decideLogon', () => {
  const user: UserRecord = {
    firm: 'F',
    username: 'u',
    roles: [],
    applications: ['A'],
    accounts: ['1'],
    exchanges: ['X'],
    marketDataCompleted: true,
    operatorId: '',
  };
  const facts = { user, passwordMatched: true, application: 'A', licence: 'L', licenceSent: 'L', firmAccounts: [{ number: '1' }], chart: false };

  it('checks the reasons in order: credentials, licence, application, account, exchange, market data', () => {
    const none = { ...user, applications: [], accounts: [], exchanges: [], marketDataCompleted: false };
    expect(decideLogon({ ...facts, user: none, passwordMatched: false, licenceSent: 'bad' })).toEqual({ accepted: false, reason: invalidCredentials });
    expect(decideLogon({ ...facts, user: none, licenceSent: 'bad' })).toEqual({ accepted: false, reason: 'Invalid licence for application A' });
    expect(decideLogon({ ...facts, user: none })).toEqual({ accepted: false, reason: 'Application A is not assigned to user u' });
    expect(decideLogon({ ...facts, user: { ...none, applications: ['A'] } })).toEqual({ accepted: false, reason: 'User u has no account assigned' });
    expect(decideLogon({ ...facts, user: { ...none, applications: ['A'], roles: ['RiskManager'] } })).toEqual({
      accepted: false,
      reason: 'User u has no exchange assigned',
    });
    expect(decideLogon({ ...facts, user: { ...user, marketDataCompleted: false } })).toEqual({
      accepted: false,
      reason: 'User u has not completed market data requirements',
    });
    expect(decideLogon(facts)).toEqual({ accepted: true });
  });

  it('counts a RiskManager as having an account only when its firm has one', () => {
    const riskManager = { ...user, roles: ['RiskManager' as const], accounts: [] };
    expect(decideLogon({ ...facts, user: riskManager }).accepted).toBe(true);
    expect(decideLogon({ ...facts, user: riskManager, firmAccounts: [] })).toEqual({ accepted: false, reason: 'User u has no account assigned' });
  });
});
