import { allowsSession, type FixSessionPolicy } from '../config/gatewayConfig';
import type { AccountRecord, ApplicationRecord, FirmRecord, UserRecord } from '../store/records';
import { visibleAccounts } from './entitlements';

// Logon decisions (SPEC §2 "Who is logging on", seed 004): a master Logon (35=A) and a T4
// Trader Logon (35=UCG) are accepted only when the firm exists, the licence matches the
// application, the user belongs to the firm, the password matches and the user has the
// application. An unknown user and a wrong password get the same text; every other reason is
// named, and only after the password has matched, so a stranger learns nothing about a user.

export const invalidCredentials = 'Invalid username or password';
export const credentialsRequired = 'UserName (553) and Password (554) are required';
export const traderLogonsNotEnabled = 'Trader logons are not enabled on this session: log on with RefMsgType (372) = UCG';

/** What the gateway's store answers (GatewayStore satisfies it). */
export interface LogonDirectory {
  firm(name: string): FirmRecord | undefined;
  application(name: string): ApplicationRecord | undefined;
  user(firm: string, username: string): UserRecord | undefined;
  passwordHash(firm: string, username: string): string | undefined;
  accounts(firm: string): readonly AccountRecord[];
}

/** PasswordHasher satisfies it; verify(password, undefined) must cost what a real check costs. */
export interface PasswordVerifier {
  verify(password: string, encoded: string | undefined): Promise<boolean>;
}

export interface Refusal {
  readonly accepted: false;
  /** Text (58) of the Logout or Trader Logon Response. */
  readonly reason: string;
}

export type LogonDecision = { readonly accepted: true } | Refusal;

/** Everything a logon is decided on, once the password has been checked. */
export interface LogonFacts {
  /** Undefined: no such user in the firm (or no such firm). */
  readonly user: UserRecord | undefined;
  readonly passwordMatched: boolean;
  /** SenderCompID (49) of the logon. */
  readonly application: string;
  /** The application's licence in the store; undefined for an unknown application. */
  readonly licence: string | undefined;
  /** SecureData (91) sent by the client. */
  readonly licenceSent: string | undefined;
  readonly firmAccounts: ReadonlyArray<{ readonly number: string }>;
  /** A chart-data login (372=V): market-data requirements do not apply. */
  readonly chart: boolean;
  /** ClientID (109) of a trader logon, if sent: the trader's organisation. */
  readonly clientId?: string;
}

/** The pure rule, in the order the reasons are checked. */
export function decideLogon(facts: LogonFacts): LogonDecision {
  const { user } = facts;
  if (!user || !facts.passwordMatched) return reject(invalidCredentials);
  if (facts.clientId !== undefined && facts.clientId !== user.firm) {
    return reject(`ClientID (109) ${facts.clientId} does not match firm ${user.firm}`);
  }
  if (facts.licence === undefined || facts.licenceSent !== facts.licence) return reject(`Invalid licence for application ${facts.application}`);
  if (!user.applications.includes(facts.application)) return reject(`Application ${facts.application} is not assigned to user ${user.username}`);
  if (visibleAccounts(user, facts.firmAccounts).length === 0) return reject(`User ${user.username} has no account assigned`);
  if (user.exchanges.length === 0) return reject(`User ${user.username} has no exchange assigned`);
  if (!facts.chart && !user.marketDataCompleted) return reject(`User ${user.username} has not completed market data requirements`);
  return { accepted: true };
}

function reject(reason: string): Refusal {
  return { accepted: false, reason };
}

/** The master Logon's fields (35=A). */
export interface MasterLogonRequest {
  /** 49: the application. */
  readonly senderCompId: string;
  /** 56: the firm. */
  readonly targetCompId: string;
  /** 91. */
  readonly secureData: string | undefined;
  /** 553. */
  readonly username: string | undefined;
  /** 554. */
  readonly password: string | undefined;
  /** Every RefMsgType (372) of the NoMsgTypes (384) group. */
  readonly refMsgTypes: readonly string[];
}

export type MasterLogonDecision =
  | {
      readonly accepted: true;
      readonly user: UserRecord;
      readonly firm: string;
      readonly application: string;
      /** 372=UCG: Trader Logons may follow on this session. */
      readonly multiTrader: boolean;
      /** 372=V: a chart-data session. */
      readonly chart: boolean;
    }
  | Refusal;

/** A Trader Logon's fields (35=UCG). */
export interface TraderLogonRequest {
  /** 91. */
  readonly secureData: string | undefined;
  /** 553. */
  readonly username: string | undefined;
  /** 554. */
  readonly password: string | undefined;
  /** 109, optional. */
  readonly clientId: string | undefined;
}

/** The session a Trader Logon arrives on, as its master logon established it. */
export interface TraderLogonSession {
  readonly firm: string;
  readonly application: string;
  readonly multiTrader: boolean;
  readonly chart: boolean;
}

export type UserLogonDecision = { readonly accepted: true; readonly user: UserRecord } | Refusal;

/** Looks up the facts, checks the password off the event loop, and applies decideLogon. */
export class LogonAuthority {
  constructor(
    private readonly directory: LogonDirectory,
    private readonly passwords: PasswordVerifier,
    private readonly sessions: FixSessionPolicy = 'any',
  ) {}

  async masterLogon(request: MasterLogonRequest): Promise<MasterLogonDecision> {
    const firm = request.targetCompId;
    const application = request.senderCompId;
    if (!allowsSession(this.sessions, application, firm)) {
      return reject(`Unknown session: SenderCompID ${application}, TargetCompID ${firm}`);
    }
    const chart = request.refMsgTypes.includes('V');
    const decision = await this.decide(firm, application, request, chart, undefined);
    if (!decision.accepted) return decision;
    return { accepted: true, user: decision.user, firm, application, multiTrader: request.refMsgTypes.includes('UCG'), chart };
  }

  /** A failed Trader Logon is answered with the reason and never ends the FIX session. */
  async traderLogon(request: TraderLogonRequest, session: TraderLogonSession): Promise<UserLogonDecision> {
    if (!session.multiTrader) return reject(traderLogonsNotEnabled);
    return this.decide(session.firm, session.application, request, session.chart, request.clientId);
  }

  private async decide(
    firm: string,
    application: string,
    request: { secureData: string | undefined; username: string | undefined; password: string | undefined },
    chart: boolean,
    clientId: string | undefined,
  ): Promise<UserLogonDecision> {
    if (!request.username || request.password === undefined) return reject(credentialsRequired);
    const user = await this.authenticate(firm, request.username, request.password);
    const decision = decideLogon({
      user,
      passwordMatched: user !== undefined,
      application,
      licence: this.directory.application(application)?.licence,
      licenceSent: request.secureData,
      firmAccounts: this.directory.accounts(firm),
      chart,
      ...(clientId === undefined ? {} : { clientId }),
    });
    if (!decision.accepted) return decision;
    return user ? { accepted: true, user } : reject(invalidCredentials);
  }

  /**
   * The user when the password matches, else undefined; an unknown user or firm costs the same
   * time as a wrong password. The admin API's login uses it too.
   */
  async authenticate(firm: string, username: string, password: string): Promise<UserRecord | undefined> {
    const known = this.directory.firm(firm) !== undefined;
    const matched = await this.passwords.verify(password, known ? this.directory.passwordHash(firm, username) : undefined);
    // Read after the (slow) check so a change made meanwhile is seen.
    return matched ? this.directory.user(firm, username) : undefined;
  }
}
