import type { Role, UserRecord } from '../store/records';

// Who may do what (SPEC §3 Entitlements). Pure: decisions over a user record read from the
// store at decision time, so an admin's change applies to the very next order or report.

export type Verdict = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

const allowed: Verdict = Object.freeze({ allowed: true });

function hasRole(user: UserRecord, role: Role): boolean {
  return user.roles.includes(role);
}

/** Only Trading users may send, change or cancel orders. */
export function canSendOrders(user: UserRecord): Verdict {
  return hasRole(user, 'Trading') ? allowed : { allowed: false, reason: `User ${user.username} does not have the Trading role` };
}

/**
 * Orders go to assigned accounts only: RiskManager widens what a user sees, not where it trades.
 */
export function canTradeAccount(user: UserRecord, account: string): Verdict {
  const trading = canSendOrders(user);
  if (!trading.allowed) return trading;
  return user.accounts.includes(account) ? allowed : { allowed: false, reason: `User ${user.username} is not assigned account ${account}` };
}

export function canTradeExchange(user: UserRecord, exchange: string): Verdict {
  return user.exchanges.includes(exchange) ? allowed : { allowed: false, reason: `User ${user.username} is not assigned exchange ${exchange}` };
}

/** Whether the user sees orders and fills of `account` of `firm` (drop copy routing). */
export function canSeeAccount(user: UserRecord, firm: string, account: string): boolean {
  return user.firm === firm && (hasRole(user, 'RiskManager') || user.accounts.includes(account));
}

/** The accounts whose orders and fills the user sees: its own, or all of its firm's with RiskManager. */
export function visibleAccounts(user: UserRecord, firmAccounts: ReadonlyArray<{ readonly number: string }>): string[] {
  return hasRole(user, 'RiskManager') ? firmAccounts.map((account) => account.number) : [...user.accounts];
}

/** The admin API (User Setup) is for Admin users only. */
export function canAdminister(user: UserRecord): Verdict {
  return hasRole(user, 'Admin') ? allowed : { allowed: false, reason: `User ${user.username} does not have the Admin role` };
}
