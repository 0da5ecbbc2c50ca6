import { createHash, randomBytes } from 'node:crypto';

// Bearer tokens of logged-in admins: random, expiring, kept in memory only (a gateway restart
// logs every admin out). Looked up by their SHA-256, so the map's timing says nothing about a
// token and a memory dump holds no usable one.

export interface AdminIdentity {
  readonly firm: string;
  readonly username: string;
}

interface Session extends AdminIdentity {
  readonly expiresAt: number;
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class AdminSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  issue(identity: AdminIdentity): { token: string; expiresAt: number } {
    this.dropExpired();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = this.now() + this.ttlMs;
    this.sessions.set(digest(token), { firm: identity.firm, username: identity.username, expiresAt });
    return { token, expiresAt };
  }

  /** The admin behind a live token; undefined for an unknown, revoked or expired one. */
  resolve(token: string): AdminIdentity | undefined {
    const key = digest(token);
    const session = this.sessions.get(key);
    if (!session) return undefined;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(key);
      return undefined;
    }
    return { firm: session.firm, username: session.username };
  }

  revoke(token: string): void {
    this.sessions.delete(digest(token));
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [key, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(key);
  }
}
