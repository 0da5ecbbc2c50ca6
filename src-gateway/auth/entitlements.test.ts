import { describe, expect, it } from 'vitest';
import type { UserRecord } from '../store/records';
import { canAdminister, canSeeAccount, canSendOrders, canTradeAccount, canTradeExchange, visibleAccounts } from './entitlements';

function user(username: string, overrides: Partial<UserRecord>): UserRecord {
  return {
    firm: 'DemoFirm',
    username,
    roles: [],
    applications: ['Tessera'],
    accounts: [],
    exchanges: ['CME'],
    marketDataCompleted: true,
    operatorId: '',
    ...overrides,
  };
}

const firmAccounts = ['11111', '22222', '33333', '44444'].map((number) => ({ number }));
const trader1 = user('trader1', { roles: ['Trading'], accounts: ['11111', '22222'] });
const fills = user('fills', { roles: ['RiskManager'] });
const viewer = user('viewer', { accounts: ['11111'] });
const admin = user('admin', { roles: ['RiskManager', 'Admin'] });

describe('entitlements', () => {
  it('lets only Trading users send orders, saying why not', () => {
    expect(canSendOrders(trader1)).toEqual({ allowed: true });
    expect(canSendOrders(fills)).toEqual({ allowed: false, reason: 'User fills does not have the Trading role' });
    expect(canSendOrders(viewer)).toEqual({ allowed: false, reason: 'User viewer does not have the Trading role' });
  });

  it('lets a trader trade its assigned accounts only, even with RiskManager', () => {
    expect(canTradeAccount(trader1, '22222')).toEqual({ allowed: true });
    expect(canTradeAccount(trader1, '33333')).toEqual({ allowed: false, reason: 'User trader1 is not assigned account 33333' });
    const riskTrader = user('rt', { roles: ['Trading', 'RiskManager'], accounts: ['11111'] });
    expect(canTradeAccount(riskTrader, '44444').allowed).toBe(false);
    expect(canTradeAccount(viewer, '11111')).toEqual({ allowed: false, reason: 'User viewer does not have the Trading role' });
  });

  it('checks exchange assignment', () => {
    expect(canTradeExchange(trader1, 'CME')).toEqual({ allowed: true });
    expect(canTradeExchange(trader1, 'EUREX')).toEqual({ allowed: false, reason: 'User trader1 is not assigned exchange EUREX' });
  });

  it('shows a user its assigned accounts, or every account of its firm with RiskManager', () => {
    expect(visibleAccounts(trader1, firmAccounts)).toEqual(['11111', '22222']);
    expect(visibleAccounts(viewer, firmAccounts)).toEqual(['11111']);
    expect(visibleAccounts(fills, firmAccounts)).toEqual(['11111', '22222', '33333', '44444']);
  });

  it('routes an account’s reports to exactly the users entitled to it (drop copy)', () => {
    const everyone = [trader1, user('trader2', { roles: ['Trading'], accounts: ['33333', '44444'] }), fills, viewer, admin];
    const entitled = (firm: string, account: string) => everyone.filter((u) => canSeeAccount(u, firm, account)).map((u) => u.username);
    expect(entitled('DemoFirm', '11111')).toEqual(['trader1', 'fills', 'viewer', 'admin']);
    expect(entitled('DemoFirm', '33333')).toEqual(['trader2', 'fills', 'admin']);
    expect(entitled('OtherFirm', '11111')).toEqual([]);
  });

  it('keeps the admin API to Admin users', () => {
    expect(canAdminister(admin)).toEqual({ allowed: true });
    expect(canAdminister(fills)).toEqual({ allowed: false, reason: 'User fills does not have the Admin role' });
  });
});
