import type { FixSession } from '../../src-shared/fix/session';
import type { UserRecord } from '../store/records';

/** What a master Logon established for one FIX session. */
export interface SessionGrant {
  readonly firm: string;
  readonly application: string;
  /** The master user (553 of the Logon). */
  readonly master: string;
  readonly multiTrader: boolean;
  readonly chart: boolean;
}

/** One logged-on FIX session of the gateway and the traders logged on under it. */
export class GatewaySession {
  /** Canonical usernames by lower-case name; the master user is one of them. */
  private readonly traderNames = new Map<string, string>();

  constructor(
    readonly fix: FixSession,
    readonly grant: SessionGrant,
  ) {
    this.traderNames.set(grant.master.toLowerCase(), grant.master);
  }

  /** The canonical name of a logged-on trader, or undefined. */
  trader(name: string): string | undefined {
    return this.traderNames.get(name.toLowerCase());
  }

  traders(): IterableIterator<string> {
    return this.traderNames.values();
  }

  logOnTrader(username: string): void {
    this.traderNames.set(username.toLowerCase(), username);
  }

  logOutTrader(username: string): boolean {
    if (username.toLowerCase() === this.grant.master.toLowerCase()) return false;
    return this.traderNames.delete(username.toLowerCase());
  }
}

/** Who can see an account: the drop-copy fan-out asks this for every execution. */
export type AccountVisibility = (user: UserRecord, firm: string, account: string) => boolean;

/** The gateway's logged-on sessions. */
export class GatewaySessions {
  private readonly live = new Map<FixSession, GatewaySession>();

  add(session: GatewaySession): void {
    this.live.set(session.fix, session);
  }

  remove(fix: FixSession): GatewaySession | undefined {
    const session = this.live.get(fix);
    this.live.delete(fix);
    return session;
  }

  of(fix: FixSession): GatewaySession | undefined {
    return this.live.get(fix);
  }

  all(): IterableIterator<GatewaySession> {
    return this.live.values();
  }

  /** Every trader logged on anywhere, as a set of lower-case names with their session. */
  sessionOfTrader(firm: string, username: string): GatewaySession | undefined {
    for (const session of this.live.values()) {
      if (session.grant.firm === firm && session.trader(username) !== undefined) return session;
    }
    return undefined;
  }
}
