import type { PasswordHasher } from '../auth/passwords';
import type { GatewayStore } from './GatewayStore';
import type { ApplicationRecord, ExchangeRecord, RiskLimits, UserRecord } from './records';

// The demo firm seeded on first run (SPEC §1), so a new user can log on and trade at once.
// DEMO_CREDENTIALS.md lists the same names, passwords and licence codes for the README; a test
// keeps the two in step.

export const demoFirmName = 'DemoFirm';

/** Licence codes (SecureData 91) of the demo applications: fixed so clients can be preconfigured. */
export const demoLicences = {
  Tessera: '7E4C1F0A-5B2D-4C8E-9A31-2F6D8B0C4E17',
  WhenTech: '3B9D2E61-8F47-4A05-B6C3-91E0D5A7F248',
  WhenTechFills: 'C81A6F3E-2D94-4B7A-8E05-6F3B19C2D7A0',
} as const;

export const demoApplications: readonly ApplicationRecord[] = Object.entries(demoLicences).map(([name, licence]) => ({ name, licence }));

export const demoExchanges: readonly ExchangeRecord[] = [
  { name: 'CME', sendRegulatoryId: 0, algoRange: null },
  { name: 'ICE', sendRegulatoryId: 0, algoRange: null },
  // EUREX labels algorithmic orders (SPEC §3) so the ComplianceID path is exercised.
  { name: 'EUREX', sendRegulatoryId: 1, algoRange: 5 },
  { name: 'FXALL', sendRegulatoryId: 0, algoRange: null },
];

// Limits are per account in the order's own units: contracts for futures, base-currency amounts
// for FX spot (FXALL flow trades in lots of 1,000,000), so futures and FX use separate accounts.
export const demoAccounts: ReadonlyArray<{ number: string; description: string; limits: RiskLimits }> = [
  { number: '11111', description: 'Trader in Ohio A - futures', limits: { maxOrderQty: 100, maxPosition: 500, priceBandTicks: 100 } },
  { number: '22222', description: 'Trader in Ohio A - FX spot', limits: { maxOrderQty: 10_000_000, maxPosition: 50_000_000, priceBandTicks: 1000 } },
  { number: '33333', description: 'Trader in Idaho B - futures', limits: { maxOrderQty: 50, maxPosition: 200, priceBandTicks: 50 } },
  { number: '44444', description: 'Trader in Idaho B - FX spot', limits: { maxOrderQty: 5_000_000, maxPosition: 20_000_000, priceBandTicks: 1000 } },
];

const allExchanges = demoExchanges.map((exchange) => exchange.name);

export const demoUsers: ReadonlyArray<Omit<UserRecord, 'firm'> & { password: string }> = [
  {
    username: 'admin',
    password: 'admin-demo',
    roles: ['RiskManager', 'Admin'],
    applications: ['Tessera'],
    accounts: [],
    exchanges: allExchanges,
    marketDataCompleted: true,
    operatorId: '',
  },
  {
    username: 'trader1',
    password: 'trader1-demo',
    roles: ['Trading'],
    applications: ['Tessera', 'WhenTech'],
    accounts: ['11111', '22222'],
    exchanges: allExchanges,
    marketDataCompleted: true,
    operatorId: 'OP1',
  },
  {
    username: 'trader2',
    password: 'trader2-demo',
    roles: ['Trading'],
    applications: ['Tessera', 'WhenTech'],
    accounts: ['33333', '44444'],
    exchanges: allExchanges,
    marketDataCompleted: true,
    // An algo prefix override (SPEC §3): EUREX orders carry prefix 100 instead of AlgoRange 5.
    operatorId: 'OP2|100',
  },
  {
    // The fill service's read-only user (seed 000): no Trading role, RiskManager to see every account.
    username: 'fills',
    password: 'fills-demo',
    roles: ['RiskManager'],
    applications: ['WhenTechFills'],
    accounts: [],
    exchanges: allExchanges,
    marketDataCompleted: true,
    operatorId: '',
  },
  {
    // Read-only and limited to one account: must never see 22222, 33333 or 44444.
    username: 'viewer',
    password: 'viewer-demo',
    roles: [],
    applications: ['Tessera'],
    accounts: ['11111'],
    exchanges: allExchanges,
    marketDataCompleted: true,
    operatorId: '',
  },
];

const seedActor = 'system';

/** Creates the demo firm in an empty store. Hashes first (off the event loop), then writes in one go. */
export async function seedDemoFirm(store: GatewayStore, hasher: PasswordHasher): Promise<void> {
  const hashes = await Promise.all(demoUsers.map((user) => hasher.hash(user.password)));
  store.batch(() => {
    store.createFirm(seedActor, demoFirmName);
    for (const application of demoApplications) store.createApplication(seedActor, application);
    for (const exchange of demoExchanges) store.createExchange(seedActor, exchange);
    for (const account of demoAccounts) {
      store.createAccount(seedActor, demoFirmName, { number: account.number, description: account.description });
      store.setRiskLimits(seedActor, demoFirmName, account.number, account.limits);
    }
    demoUsers.forEach(({ password: _password, ...user }, index) => {
      store.createUser(seedActor, demoFirmName, { ...user, passwordHash: hashes[index]! });
    });
  });
}
