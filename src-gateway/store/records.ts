// What the gateway's store holds, as the rest of the gateway sees it (SPEC §3 User Setup).
// Records are immutable snapshots; a password hash is never part of a record.

export const roles = ['Trading', 'RiskManager', 'Admin'] as const;
export type Role = (typeof roles)[number];

export interface FirmRecord {
  /** The firm's name is the TargetCompID (56) its clients send. */
  readonly name: string;
}

export interface ApplicationRecord {
  /** The application's name is the SenderCompID (49) its clients send. */
  readonly name: string;
  /** The licence code the client sends as SecureData (91). */
  readonly licence: string;
}

/** An exchange and its order session settings (SPEC §3 algo labeling). */
export interface ExchangeRecord {
  readonly name: string;
  readonly sendRegulatoryId: 0 | 1;
  /** 0-255; null = not configured (behaves as 0). */
  readonly algoRange: number | null;
}

export interface AccountRecord {
  readonly firm: string;
  readonly number: string;
  readonly description: string;
}

/** Pre-trade limits of one account; null = no limit. Quantities in the contract's order units. */
export interface RiskLimits {
  readonly maxOrderQty: number | null;
  readonly maxPosition: number | null;
  /** How far (in ticks) a limit price may be from the market. */
  readonly priceBandTicks: number | null;
}

export interface UserRecord {
  readonly firm: string;
  readonly username: string;
  readonly roles: readonly Role[];
  /** Application names the user may log on with. */
  readonly applications: readonly string[];
  /** Account numbers assigned to the user (its firm's). */
  readonly accounts: readonly string[];
  /** Exchange names the user may trade. */
  readonly exchanges: readonly string[];
  readonly marketDataCompleted: boolean;
  /** Blank, `<id>`, `<id>|NM` (not an exchange member) or `<id>|<algo prefix 0-255>`. */
  readonly operatorId: string;
}

export interface NewUser extends Omit<UserRecord, 'firm'> {
  /** From PasswordHasher.hash; the store never sees a password. */
  readonly passwordHash: string;
}

export type UserChanges = Partial<Omit<UserRecord, 'firm' | 'username'>>;

export const auditEntities = ['firm', 'application', 'exchange', 'market', 'account', 'risk-limits', 'user'] as const;
export type AuditEntity = (typeof auditEntities)[number];

export interface AuditRecord {
  readonly id: number;
  /** Microseconds since the Unix epoch. */
  readonly atMicros: number;
  /** Who made the change, e.g. `DemoFirm/admin`, or `system` for the first-run seed. */
  readonly actor: string;
  readonly action: string;
  readonly entity: AuditEntity;
  /** e.g. `DemoFirm/trader1`, `EUREX`. */
  readonly key: string;
  /** The firm the entity belongs to; null for gateway-wide entities (exchanges, applications). */
  readonly firm: string | null;
  readonly before: unknown;
  readonly after: unknown;
}
