import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FixView } from '../src-shared/fix/codec';
import { FixDictionary } from '../src-shared/fix/dictionary';
import { FileStore, FixAcceptor } from '../src-shared/fix/node';
import { FixSession } from '../src-shared/fix/session';
import { startAdminApi, type AdminApi } from './admin/AdminApi';
import { instrumentControl } from './admin/instrumentControl';
import { LogonAuthority } from './auth/logon';
import { PasswordHasher } from './auth/passwords';
import type { GatewayConfig } from './config/gatewayConfig';
import { DEMO_EXCHANGES } from './exchange/demo/demoExchanges';
import { GatewayApplication } from './fix/GatewayApplication';
import { OrderDesk } from './orders/OrderDesk';
import { OrderJournal } from './orders/OrderJournal';
import type { GatewayStore } from './store/GatewayStore';
import { openGatewayStore } from './store/openGatewayStore';
import { tradingDayOf } from './tradingDay';

export interface RunningGateway {
  readonly fixPort: number;
  readonly adminPort: number;
  readonly store: GatewayStore;
  readonly desk: OrderDesk;
  readonly application: GatewayApplication;
  close(): Promise<void>;
}

export interface GatewayOptions {
  log?: (line: string) => void;
  /** Password hashing cost (tests use a cheap one). */
  hasher?: PasswordHasher;
}

/** How often the exchanges' clocks, schedules and background flow advance. */
const stepIntervalMs = 20;

/**
 * The gateway process: the store (users, accounts, entitlements), the order desk over the
 * simulated exchanges with its journal, the FIX acceptor hosting one session per firm,
 * application and master user, and the admin API on loopback.
 */
export async function startGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<RunningGateway> {
  const log = options.log ?? (() => undefined);
  const hasher = options.hasher ?? new PasswordHasher();
  const store = await openGatewayStore(config, hasher);
  const authority = new LogonAuthority(store, hasher, config.fix.sessions);
  const journal = new OrderJournal(join(config.dataDir, 'orders'), config.store.fsync);
  // Session stores follow the same policy: fsync per flush, or in batches (a process crash loses nothing either way).
  const sessionFsync = config.store.fsync === 'full' ? 'always' : 'batch';
  const dictionary = FixDictionary.tessera();
  // The application hears the desk's events and the desk needs the application as listener.
  const application: GatewayApplication = new GatewayApplication(store, authority, () => desk, log);
  const desk: OrderDesk = new OrderDesk({
    exchanges: DEMO_EXCHANGES,
    journal,
    listener: application,
    clock: Date.now,
    tradingDayOf,
    hours: config.market.schedule === 'always-open' ? 'alwaysOpen' : 'schedule',
    ...(config.market.backgroundFlow ? { seed: config.market.backgroundSeed } : {}),
  });
  const stepper = setInterval(() => desk.step(Date.now()), stepIntervalMs);

  const sessions = new Map<string, FixSession>();
  const fixDir = join(config.dataDir, 'fix');
  const acceptor = new FixAcceptor({
    host: config.fix.host,
    port: config.fix.port,
    ...(config.fix.tls
      ? { tls: { cert: readFileSync(config.fix.tls.cert), key: readFileSync(config.fix.tls.key), ...(config.fix.tls.ca ? { ca: readFileSync(config.fix.tls.ca) } : {}) } }
      : {}),
    sessionFor: async (firm, applicationName, logon) => {
      const heartBtInt = logon.getInt(108);
      const { minSeconds, maxSeconds } = config.fix.heartbeat;
      if (heartBtInt === undefined || heartBtInt < minSeconds || heartBtInt > maxSeconds) {
        return `HeartBtInt (108) must be from ${minSeconds} to ${maxSeconds} seconds`;
      }
      const user = logon.get(553) ?? '';
      // One session (and sequence store) per firm, application and master user: several
      // workstations of one firm log on with the same CompIDs.
      const key = `${firm}\u0000${applicationName}\u0000${user.toLowerCase()}`;
      let session = sessions.get(key);
      if (session?.isConnected) return 'Session already connected';
      const known = store.firm(firm) !== undefined && store.user(firm, user) !== undefined;
      if (!session) {
        session = new FixSession({
          settings: { senderCompID: firm, targetCompID: applicationName, role: 'acceptor' },
          // Stores only for real users: a stranger's attempts leave nothing on disk.
          ...(known ? { store: FileStore.open(join(fixDir, fileSafe(firm), fileSafe(applicationName), fileSafe(user.toLowerCase())), firm, applicationName, { fsync: sessionFsync }) } : {}),
          application,
          validator: dictionary,
        });
        if (known) sessions.set(key, session);
      }
      await application.vetLogon(session, new FixView().reset(logon.frame.slice()));
      return session;
    },
    onEvent: (text) => log(`fix: ${text}`),
  });
  const fixAddress = await acceptor.listen();

  const market = {
    isMarketOpen: (exchange: string) => desk.exchange(exchange)?.isOpen,
    setMarketOpen: (exchange: string, open: boolean) => {
      desk.setMarketOpen(exchange, open);
    },
    // Bursts act on the stepper's next turn, inside the desk's command (journal, then the feed).
    ...instrumentControl((name) => desk.exchange(name)),
  };
  const admin: AdminApi = await startAdminApi({
    store,
    authority,
    hasher,
    market,
    port: config.admin.port,
    tokenTtlMs: config.admin.tokenTtlMinutes * 60_000,
    log: (line) => log(`admin: ${line}`),
  });

  return {
    fixPort: fixAddress.port,
    adminPort: admin.port,
    store,
    desk,
    application,
    async close() {
      clearInterval(stepper);
      await acceptor.close('Gateway shutting down');
      await admin.close();
      for (const session of sessions.values()) session.store.close();
      journal.close();
      store.close();
    },
  };
}

function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_') || '_';
}
