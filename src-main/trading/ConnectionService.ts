import { join } from 'node:path';
import { parseUtcTimestamp, Tag, type FixMessage, type FixView } from '../../src-shared/fix/codec';
import { FixDictionary } from '../../src-shared/fix/dictionary';
import { FileLog, FileStore, FixInitiator, type InitiatorStatus } from '../../src-shared/fix/node';
import { FixSession, type FixApplication, type SessionLog } from '../../src-shared/fix/session';
import type { ConnectionSettings, ConnectionState } from '../../src-shared/ipc/contract/connections';
import type { InstrumentInfo, TraderView } from '../../src-shared/ipc/contract/trading';
import { refused } from '../../src-shared/ipc/protocol';
import { PricingError, Rational, TickSize } from '../../src-shared/pricing';
import { MarketDataCache } from './MarketDataCache';
import { isTerminal, OrderRefusal, OrderStateMachine, type NewOrderFields, type OrderChanges } from './OrderStateMachine';
import {
  cancelRejectEventOf,
  executionEventOf,
  incrementsOf,
  instrumentsOf,
  LastRptRequested,
  marketDataRequest,
  newOrderSingle,
  orderCancelReplaceRequest,
  orderCancelRequest,
  orderMassStatusRequest,
  securityListRequest,
  snapshotOf,
  TotNumReports,
  traderLogon,
  traderLogout,
  type AmendTarget,
} from './tradingMessages';

/** How the connection's timers are set (tests shorten them). */
export interface ConnectionTiming {
  /** Latency: a TestRequest/Heartbeat round trip this often. */
  pingIntervalMs: number;
  /** The market-data watchdog runs this often. */
  watchdogIntervalMs: number;
  silentAfterMs: number;
  probeTimeoutMs: number;
  reconnectInitialMs: number;
  reconnectMaxMs: number;
  /** How long a trader logon or the instrument list may take to be answered. */
  answerTimeoutMs: number;
}

export const defaultTiming: ConnectionTiming = {
  pingIntervalMs: 5000,
  watchdogIntervalMs: 500,
  silentAfterMs: 3000,
  probeTimeoutMs: 2000,
  reconnectInitialMs: 1000,
  reconnectMaxMs: 30_000,
  answerTimeoutMs: 10_000,
};

/** What the Connections panel shows of the session (SPEC §4). */
export interface SessionStatus {
  state: ConnectionState;
  detail: string;
  loggedOnAs: string | null;
  traders: TraderView[];
  latencyMs: number | null;
  marketData: 'live' | 'stale' | 'none';
}

export interface ConnectionEvents {
  status(status: SessionStatus): void;
  orders(changes: OrderChanges): void;
  book(exchange: string, symbol: string): void;
  instruments(): void;
}

export interface ConnectionServiceOptions {
  id: string;
  settings: () => ConnectionSettings | undefined;
  /** The user-data folder: FIX stores and logs go in `fix/<connection>/<master user>/`. */
  dataDir: string;
  /** SecureData (91) of every logon: the application's licence. */
  licence: string;
  nextClOrdId: () => string;
  events: ConnectionEvents;
  timing?: Partial<ConnectionTiming>;
  report?: (line: string) => void;
  clock?: () => number;
}

/** An instrument of the list with its terms read once. */
export interface Instrument {
  readonly info: InstrumentInfo;
  readonly tick: TickSize;
  readonly multiplier: Rational;
}

type Phase = 'idle' | 'logging-on' | 'logged-on' | 'reconnecting' | 'logging-off';

interface Trader {
  /** As the gateway spells it once it answered; as typed before. */
  username: string;
  /** Held in memory only, to log on again after a reconnect; never stored or logged. */
  password: string | null;
  state: TraderView['state'];
  detail: string;
  waiter?: { resolve(): void; reject(error: Error): void; timer: ReturnType<typeof setTimeout> };
  logoutWaiter?: () => void;
}

const MAX_TRACKED_REQUESTS = 10_000;

/**
 * One configured gateway connection (SPEC §4): a FIX initiator of our engine with a crash-safe
 * store per connection and master user (sequence numbers survive restarts; no reset on logon),
 * the master logon (553/554, licence in 91, 372=UCG for trader logons), traders logged on under
 * it, automatic reconnect that logs the master and every trader on again, a latency probe, the
 * market-data cache with its staleness watchdog, and one order state machine per trader fed by
 * the reports routed to that trader (TargetSubID, 57), reconciled after every logon with an
 * OrderMassStatusRequest.
 */
export class ConnectionService implements FixApplication {
  readonly md: MarketDataCache;
  private readonly timing: ConnectionTiming;
  private readonly clock: () => number;
  private readonly report: (line: string) => void;
  private readonly dictionary = FixDictionary.tessera();
  private phase: Phase = 'idle';
  private detail = 'Not logged on';
  private initiator: FixInitiator | null = null;
  private store: FileStore | null = null;
  private log: FileLog | null = null;
  private master: { username: string; password: string } | null = null;
  private loggedOnAs: string | null = null;
  private firstLogon: { resolve(): void; reject(error: Error): void } | null = null;
  private readonly traders = new Map<string, Trader>();
  private readonly machines = new Map<string, OrderStateMachine>();
  private readonly instrumentMap = new Map<string, Instrument>();
  private instrumentsKnown = false;
  private instrumentParts: InstrumentInfo[] = [];
  private readonly instrumentWaiters: Array<{ resolve(): void; reject(error: Error): void }> = [];
  /** Our application messages by MsgSeqNum, to tie a session-level reject to its request. */
  private readonly sentRequests = new Map<number, { trader: string; clOrdId: string }>();
  private readonly massStatus = new Map<string, { trader: string; token: number }>();
  private massStatusCount = 0;
  private latencyMs: number | null = null;
  /** A TCP connection was made at least once (else the gateway cannot be reached at all). */
  private reached = false;
  /** The current connection got as far as a logon (a Logout before that is a refusal). */
  private loggedOnThisConnection = false;
  /** When the last Logon went out: messages sent since may be resent, older ones not. */
  private logonSentAt = Infinity;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private watchdogTimer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly options: ConnectionServiceOptions) {
    this.timing = { ...defaultTiming, ...options.timing };
    this.clock = options.clock ?? Date.now;
    this.report = options.report ?? (() => undefined);
    this.md = new MarketDataCache({
      send: (request) => this.sendAs(this.loggedOnAs, marketDataRequest(this.loggedOnAs ?? '', request)),
      tickOf: (exchange, symbol) => this.instrument(exchange, symbol)?.tick,
      onChange: (exchange, symbol) => this.options.events.book(exchange, symbol),
      onHealthChange: () => this.publish(),
      silentAfterMs: this.timing.silentAfterMs,
      probeTimeoutMs: this.timing.probeTimeoutMs,
    });
  }

  get id(): string {
    return this.options.id;
  }

  get isLoggedOn(): boolean {
    return this.phase === 'logged-on';
  }

  // ---- master logon --------------------------------------------------------------------------

  /** Logs the master user on; resolves once the gateway accepted, rejects with its reason. */
  logOn(username: string, password: string): Promise<void> {
    if (this.phase !== 'idle') throw refused(`${this.name()} is already ${this.phase === 'logged-on' ? `logged on as ${this.loggedOnAs}` : 'logging on'}: log off first`);
    const settings = this.options.settings();
    if (!settings) throw refused(`No connection ${this.id}`);
    const folder = join(this.options.dataDir, 'fix', this.id, fileSafe(username.toLowerCase()));
    let store: FileStore;
    try {
      store = FileStore.open(folder, settings.senderCompID, settings.targetCompID, { fsync: 'batch' });
    } catch (error) {
      throw refused(`Cannot open the FIX store in ${folder}: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.store = store;
    this.log = new FileLog(join(folder, 'messages.log'), this.clock);
    const session = new FixSession({
      settings: { senderCompID: settings.senderCompID, targetCompID: settings.targetCompID, role: 'initiator', heartBtInt: settings.heartbeatSeconds, resetOnLogon: false },
      store,
      application: this,
      validator: this.dictionary,
      clock: this.clock,
      log: withoutMarketData(this.log.forSession(this.id)),
    });
    this.master = { username, password };
    this.phase = 'logging-on';
    this.reached = false;
    this.initiator = new FixInitiator({
      session,
      host: settings.host,
      port: settings.port,
      tls: settings.tls,
      reconnect: { initialMs: this.timing.reconnectInitialMs, maxMs: this.timing.reconnectMaxMs },
      onStatus: (status) => this.initiatorStatus(status, session),
    });
    this.startTimers();
    return new Promise<void>((resolve, reject) => {
      this.firstLogon = { resolve, reject };
      this.initiator!.start();
    });
  }

  /** FIX Logout: the session and every trader under it end. */
  async logOff(text = 'Logged off'): Promise<void> {
    if (this.phase === 'idle') return;
    this.phase = 'logging-off';
    const initiator = this.initiator;
    await initiator?.stop(text);
    this.teardown('Logged off');
  }

  async dispose(): Promise<void> {
    await this.logOff('Workstation closing');
  }

  // ---- traders -------------------------------------------------------------------------------

  /** Trader Logon (35=UCG) under the master; resolves on 58=Success, else rejects with the gateway's text. */
  logOnTrader(username: string, password: string): Promise<void> {
    this.requireLoggedOn();
    const lower = username.toLowerCase();
    if (lower === this.loggedOnAs?.toLowerCase()) throw refused(`${this.loggedOnAs} is the master user of ${this.name()} and is logged on with it`);
    const existing = this.traders.get(lower);
    if (existing?.state === 'logged-on') throw refused(`Trader ${existing.username} is already logged on`);
    if (existing?.state === 'logging-on') throw refused(`Trader ${existing.username} is already logging on`);
    const trader: Trader = { username, password, state: 'logging-on', detail: '' };
    this.traders.set(lower, trader);
    const answered = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => this.traderAnswered(trader, `No answer from the gateway within ${this.timing.answerTimeoutMs / 1000} s`), this.timing.answerTimeoutMs);
      trader.waiter = { resolve, reject, timer };
    });
    this.sendTraderLogon(trader);
    this.publish();
    return answered;
  }

  /** Trader Logout (35=UCI); resolves when the gateway answers (or at once when not logged on). */
  logOffTrader(username: string): Promise<void> {
    const trader = this.traders.get(username.toLowerCase());
    if (!trader || trader.state === 'logged-off' || trader.state === 'refused') {
      if (username.toLowerCase() === this.loggedOnAs?.toLowerCase()) throw refused(`${this.loggedOnAs} is the master user: log the connection off instead`);
      throw refused(`Trader ${username} is not logged on`);
    }
    trader.password = null;
    if (!this.isLoggedOn) {
      this.setTrader(trader, 'logged-off', 'Logged off');
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        trader.logoutWaiter = undefined;
        this.setTrader(trader, 'logged-off', 'Logged off');
        resolve();
      };
      const timer = setTimeout(done, this.timing.answerTimeoutMs);
      trader.logoutWaiter = done;
      this.sendAs(this.loggedOnAs, traderLogout(trader.username));
    });
  }

  /** The canonical name of a trader who may send now (the master, or a logged-on trader). */
  tradingAs(name: string): string | undefined {
    if (!this.isLoggedOn) return undefined;
    if (name.toLowerCase() === this.loggedOnAs?.toLowerCase()) return this.loggedOnAs;
    const trader = this.traders.get(name.toLowerCase());
    return trader?.state === 'logged-on' ? trader.username : undefined;
  }

  // ---- instruments ---------------------------------------------------------------------------

  instrument(exchange: string, symbol: string): Instrument | undefined {
    return this.instrumentMap.get(`${exchange}|${symbol}`);
  }

  get hasInstruments(): boolean {
    return this.instrumentsKnown;
  }

  /** The gateway's instrument list (asked for at every logon). */
  async instruments(): Promise<InstrumentInfo[]> {
    if (!this.instrumentsKnown) {
      this.requireLoggedOn();
      await new Promise<void>((resolve, reject) => {
        const waiter = { resolve, reject };
        this.instrumentWaiters.push(waiter);
        setTimeout(() => {
          const i = this.instrumentWaiters.indexOf(waiter);
          if (i < 0) return;
          this.instrumentWaiters.splice(i, 1);
          reject(refused(`No instrument list from the gateway within ${this.timing.answerTimeoutMs / 1000} s`));
        }, this.timing.answerTimeoutMs);
      });
    }
    return [...this.instrumentMap.values()].map((i) => i.info);
  }

  // ---- orders --------------------------------------------------------------------------------

  machinesOf(): IterableIterator<OrderStateMachine> {
    return this.machines.values();
  }

  /** Local checks, then PendingNew and a NewOrderSingle; returns the order's key. */
  submit(trader: string, fields: NewOrderFields): string {
    const sender = this.requireTrader(trader);
    const instrument = this.requireInstrument(fields.exchange, fields.symbol);
    const order: NewOrderFields = {
      ...fields,
      price: fields.price === null ? null : onLattice(instrument, fields.price, 'Price'),
      stopPrice: fields.stopPrice === null ? null : onLattice(instrument, fields.stopPrice, 'Stop price'),
    };
    this.requireLiveMarket(fields.exchange, fields.symbol);
    const clOrdId = this.options.nextClOrdId();
    const now = this.clock();
    const view = this.machine(sender).submit(order, clOrdId, now);
    this.options.events.orders({ orders: [view], fills: [] });
    this.sendRequest(sender, clOrdId, newOrderSingle(sender, clOrdId, order, now));
    return clOrdId;
  }

  /**
   * The state machine to act on an order through: the trader who sent it from here, else a
   * logged-on trader who sees it (a drop copy), else any that has it.
   */
  ownerOf(key: string): OrderStateMachine | undefined {
    let seen: OrderStateMachine | undefined;
    let loggedOn: OrderStateMachine | undefined;
    for (const machine of this.machines.values()) {
      if (!machine.order(key)) continue;
      if (machine.sentHere(key)) return machine;
      seen ??= machine;
      if (this.tradingAs(machine.trader) !== undefined) loggedOn ??= machine;
    }
    return loggedOn ?? seen;
  }

  cancel(key: string): void {
    const machine = this.ownerOf(key);
    if (!machine) throw refused(`No order ${key}`);
    this.cancelIn(machine, key);
  }

  private cancelIn(machine: OrderStateMachine, key: string): void {
    const sender = this.requireTrader(machine.trader);
    const clOrdId = this.options.nextClOrdId();
    const now = this.clock();
    const target = this.amendTarget(machine, key);
    const view = refusing(() => machine.requestCancel(key, clOrdId, now));
    this.options.events.orders({ orders: [view], fills: [] });
    this.sendRequest(sender, clOrdId, orderCancelRequest(sender, clOrdId, target, now));
  }

  replace(key: string, change: { quantity?: number; price?: string }): void {
    const machine = this.ownerOf(key);
    if (!machine) throw refused(`No order ${key}`);
    const sender = this.requireTrader(machine.trader);
    const target = this.amendTarget(machine, key);
    const instrument = this.requireInstrument(target.exchange, target.symbol);
    const order = machine.order(key)!;
    if (change.quantity !== undefined && change.quantity <= order.filled) throw refused(`The new quantity must be above the ${order.filled} already filled`);
    if (change.price !== undefined) {
      if (target.type === 'market' || target.type === 'stop') throw refused(`A ${target.type} order has no limit price to change`);
      target.price = onLattice(instrument, change.price, 'Price');
      this.requireLiveMarket(target.exchange, target.symbol);
    }
    if (change.quantity !== undefined) target.quantity = change.quantity;
    const clOrdId = this.options.nextClOrdId();
    const now = this.clock();
    const view = refusing(() => machine.requestReplace(key, clOrdId, now));
    this.options.events.orders({ orders: [view], fills: [] });
    this.sendRequest(sender, clOrdId, orderCancelReplaceRequest(sender, clOrdId, target, now));
  }

  /** Cancels every working order of the trader that matches; returns how many cancels went out. */
  cancelAll(trader: string, match: { account?: string; exchange?: string; symbol?: string }): number {
    const sender = this.requireTrader(trader);
    const machine = this.machines.get(sender);
    if (!machine) return 0;
    let count = 0;
    for (const order of machine.list()) {
      if (isTerminal(order.status) || order.status === 'PendingCancel') continue;
      if ((match.account !== undefined && order.account !== match.account) || (match.exchange !== undefined && order.exchange !== match.exchange) || (match.symbol !== undefined && order.symbol !== match.symbol)) continue;
      this.cancelIn(machine, order.key);
      count++;
    }
    return count;
  }

  /**
   * Flatten: cancel the trader's working orders in the account and contract, then take the
   * net position out with a limit IOC priced where the visible book covers it (the far side:
   * bids for a long, offers for a short). Limit rather than market: the price is bounded by
   * what the book shows, IOC leaves nothing resting. Returns the order's key, null when flat.
   */
  flatten(trader: string, account: string, exchange: string, symbol: string, net: number): string | null {
    const sender = this.requireTrader(trader);
    const instrument = this.requireInstrument(exchange, symbol);
    this.requireLiveMarket(exchange, symbol);
    this.cancelAll(sender, { account, exchange, symbol });
    if (net === 0) return null;
    const side = net > 0 ? 'sell' : 'buy';
    const quantity = Math.abs(net);
    const ticks = this.md.book(exchange, symbol)?.sweepTicks(side, quantity);
    if (ticks === undefined) throw refused(`No ${side === 'sell' ? 'bids' : 'offers'} in ${symbol} to flatten into`);
    return this.submit(sender, { account, exchange, symbol, side, type: 'limit', tif: 'ioc', quantity, price: instrument.tick.priceOf(ticks), stopPrice: null });
  }

  // ---- FixApplication ------------------------------------------------------------------------

  onLogon(): void {
    this.loggedOnThisConnection = true;
    this.phase = 'logged-on';
    this.detail = '';
    this.firstLogon?.resolve();
    this.firstLogon = null;
    const now = this.clock();
    this.md.logon(now);
    this.instrumentParts = [];
    this.sendAs(this.loggedOnAs, securityListRequest(this.loggedOnAs ?? '', `SL${now.toString(36)}`));
    this.requestMassStatus(this.loggedOnAs!);
    for (const trader of this.traders.values()) {
      if (trader.password === null || trader.state === 'logged-off' || trader.state === 'refused') continue;
      this.setTrader(trader, 'logging-on', 'Logging on again after the reconnect');
      this.sendTraderLogon(trader);
    }
    this.ping();
    this.publish();
  }

  onLogout(_session: FixSession, reason: string): void {
    this.md.logout();
    this.latencyMs = null;
    this.massStatus.clear();
    this.sentRequests.clear();
    for (const trader of this.traders.values()) {
      if (trader.state === 'logged-on' || trader.state === 'logging-on') this.setTrader(trader, trader.password === null ? 'logged-off' : 'logging-on', `Connection lost: ${reason}`);
      if (trader.waiter) this.traderAnswered(trader, `Connection lost: ${reason}`);
    }
    if (this.phase === 'logged-on') this.phase = 'reconnecting';
    this.publish();
  }

  toAdmin(message: FixMessage): void {
    if (message.msgType !== 'A' || !this.master) return;
    // SendingTime has whole milliseconds: count from the start of this one.
    this.logonSentAt = Math.floor(this.clock());
    message.set(Tag.SecureData, this.options.licence).set(Tag.Username, this.master.username).set(Tag.Password, this.master.password);
    message.set(Tag.NoMsgTypes, 1).add(Tag.RefMsgType, 'UCG');
  }

  fromAdmin(view: FixView): void {
    if (view.msgType === 'A') this.loggedOnAs = view.get(Tag.Username) ?? this.master?.username ?? null;
    else if (view.msgType === '3') this.requestRefused(view.getInt(Tag.RefSeqNum), view.get(Tag.Text) ?? 'Rejected by the session');
  }

  fromApp(view: FixView): void {
    try {
      this.dispatch(view);
    } catch (error) {
      this.report(`${this.id}: could not read ${view.msgType} ${view.get(Tag.MsgSeqNum) ?? ''}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Resend only what was sent since this Logon (the gateway may ask for it while it catches
   * up); an order from before a disconnect is never sent again (it is gap-filled, and found
   * lost when reconciling): a stale order must not trade.
   */
  allowResend(stored: FixView): boolean {
    // A trader logon is stored without its password, and is not worth repeating anyway.
    if (stored.msgType === 'UCG') return false;
    const sent = parseUtcTimestamp(stored.get(Tag.SendingTime) ?? '');
    return sent !== undefined && sent >= this.logonSentAt;
  }

  // ---- inbound -------------------------------------------------------------------------------

  private dispatch(view: FixView): void {
    const now = this.clock();
    switch (view.msgType) {
      case '8':
        return this.executionReport(view, now);
      case '9': {
        const machine = this.routed(view);
        if (machine) this.options.events.orders(machine.cancelRejected(cancelRejectEventOf(view), now));
        return;
      }
      case 'W': {
        const w = snapshotOf(view);
        this.md.snapshot(w.mdReqId, w.exchange, w.symbol, w.rptSeq, w.entries, now);
        return;
      }
      case 'X':
        this.md.increment(incrementsOf(view), now);
        return;
      case 'Y':
        this.md.rejected(view.get(Tag.MDReqID) ?? '', view.get(Tag.Text) ?? 'refused');
        return;
      case 'y':
        return this.securityList(view);
      case 'h':
        return this.tradingSessionStatus(view);
      case 'UCH':
        return this.traderLogonResponse(view);
      case 'UCI': {
        const trader = this.traders.get((view.get(Tag.Username) ?? '').toLowerCase());
        if (!trader) return;
        if (trader.logoutWaiter) trader.logoutWaiter();
        else this.setTrader(trader, 'logged-off', view.get(Tag.Text) ?? 'Logged out by the gateway');
        return;
      }
      case 'j':
        this.requestRefused(view.getInt(Tag.RefSeqNum), view.get(Tag.Text) ?? 'Rejected by the gateway');
        return;
    }
  }

  private executionReport(view: FixView, now: number): void {
    const machine = this.routed(view);
    if (!machine) return;
    const requestId = view.get(Tag.MassStatusReqID);
    const request = requestId !== undefined ? this.massStatus.get(requestId) : undefined;
    // The answer to a mass status request when there are no orders: a marker, not an order.
    if (request === undefined || view.getInt(TotNumReports) !== 0) {
      const changes = machine.execution(executionEventOf(view, now), now);
      this.options.events.orders(changes);
      for (const fill of changes.fills) this.md.watch(fill.exchange, fill.symbol, now);
    }
    if (request !== undefined && view.get(LastRptRequested) === 'Y') {
      this.massStatus.delete(requestId!);
      this.options.events.orders(this.machine(request.trader).endReconcile(request.token, now));
    }
  }

  /** The state machine of the trader a response is for: TargetSubID (57) decides, nothing else. */
  private routed(view: FixView): OrderStateMachine | undefined {
    const trader = view.get(Tag.TargetSubID);
    if (trader === undefined || trader.length === 0) {
      this.report(`${this.id}: ${view.msgType} ${view.get(Tag.MsgSeqNum) ?? ''} names no trader (57); ignored`);
      return undefined;
    }
    return this.machine(trader);
  }

  private securityList(view: FixView): void {
    this.instrumentParts.push(...instrumentsOf(view));
    if (view.get(Tag.LastFragment) === 'N') return;
    this.instrumentMap.clear();
    for (const info of this.instrumentParts) {
      try {
        this.instrumentMap.set(`${info.exchange}|${info.symbol}`, { info, tick: TickSize.parse(info.tickSize), multiplier: Rational.parse(info.multiplier) });
      } catch (error) {
        this.report(`${this.id}: instrument ${info.symbol} on ${info.exchange} skipped: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.instrumentParts = [];
    this.instrumentsKnown = true;
    for (const waiter of this.instrumentWaiters.splice(0)) waiter.resolve();
    this.md.instrumentsChanged(this.clock());
    this.options.events.instruments();
  }

  /** An exchange opened or closed: its instruments' hours say so. */
  private tradingSessionStatus(view: FixView): void {
    const exchange = view.get(Tag.TradingSessionID);
    const status = view.get(Tag.TradSesStatus);
    if (exchange === undefined || (status !== '2' && status !== '3')) return;
    const now = status === '2' ? 'open' : 'closed';
    for (const [key, instrument] of this.instrumentMap) {
      if (instrument.info.exchange !== exchange) continue;
      const hours = instrument.info.hours.replace(/^(open|closed)/, now);
      this.instrumentMap.set(key, { ...instrument, info: { ...instrument.info, hours } });
    }
    this.options.events.instruments();
  }

  private traderLogonResponse(view: FixView): void {
    const name = view.get(Tag.Username) ?? '';
    const trader = this.traders.get(name.toLowerCase());
    if (!trader) return;
    const text = view.get(Tag.Text) ?? '';
    if (text === 'Success') {
      trader.username = name;
      this.setTrader(trader, 'logged-on', '');
      this.requestMassStatus(name);
    }
    this.traderAnswered(trader, text === 'Success' ? undefined : text);
  }

  /** A trader logon was answered (reason undefined: accepted), or will not be. */
  private traderAnswered(trader: Trader, reason: string | undefined): void {
    if (reason !== undefined && trader.state === 'logging-on') {
      trader.password = null;
      this.setTrader(trader, 'refused', reason);
    }
    const waiter = trader.waiter;
    if (!waiter) return;
    trader.waiter = undefined;
    clearTimeout(waiter.timer);
    if (reason === undefined) waiter.resolve();
    else waiter.reject(refused(reason));
  }

  /** A session Reject (35=3) or BusinessMessageReject (35=j) of one of our requests. */
  private requestRefused(refSeqNum: number | undefined, text: string): void {
    const request = refSeqNum !== undefined ? this.sentRequests.get(refSeqNum) : undefined;
    if (!request) {
      this.report(`${this.id}: the gateway rejected message ${refSeqNum ?? '?'}: ${text}`);
      return;
    }
    this.sentRequests.delete(refSeqNum!);
    this.options.events.orders(this.machine(request.trader).requestFailed(request.clOrdId, text, this.clock()));
  }

  // ---- outbound ------------------------------------------------------------------------------

  private sendAs(trader: string | null, message: FixMessage): boolean {
    const session = this.initiator?.session;
    if (!session?.isLoggedOn || trader === null) return false;
    return session.send(message);
  }

  private sendRequest(trader: string, clOrdId: string, message: FixMessage): void {
    const session = this.initiator!.session;
    const seq = session.nextSenderMsgSeqNum;
    if (!session.send(message)) {
      this.options.events.orders(this.machine(trader).requestFailed(clOrdId, 'Not sent: the session is resetting', this.clock()));
      return;
    }
    this.sentRequests.set(seq, { trader, clOrdId });
    if (this.sentRequests.size > MAX_TRACKED_REQUESTS) this.sentRequests.delete(this.sentRequests.keys().next().value!);
  }

  private sendTraderLogon(trader: Trader): void {
    this.sendAs(this.loggedOnAs, traderLogon(trader.username, trader.password ?? '', this.options.licence));
  }

  private requestMassStatus(trader: string): void {
    const requestId = `OMS${this.clock().toString(36)}-${++this.massStatusCount}`;
    const token = this.machine(trader).beginReconcile();
    this.massStatus.set(requestId, { trader, token });
    this.sendAs(trader, orderMassStatusRequest(trader, requestId));
  }

  private ping(): void {
    const initiator = this.initiator;
    if (!initiator || !this.isLoggedOn) return;
    initiator.ping(Math.max(this.timing.pingIntervalMs, 1000)).then(
      (ms) => {
        this.latencyMs = Math.round(ms * 10) / 10;
        this.publish();
      },
      () => {
        this.latencyMs = null;
        this.publish();
      },
    );
  }

  // ---- state ---------------------------------------------------------------------------------

  private initiatorStatus(status: InitiatorStatus, session: FixSession): void {
    const settings = this.options.settings();
    const where = settings ? `${settings.host}:${settings.port}` : 'the gateway';
    switch (status.state) {
      case 'connecting':
        if (this.phase === 'logging-on' || this.phase === 'reconnecting') this.detail = `Connecting to ${where}${status.attempt > 1 ? ` (attempt ${status.attempt})` : ''}`;
        break;
      case 'connected':
        this.reached = true;
        this.loggedOnThisConnection = false;
        this.detail = `Logging on as ${this.master?.username ?? '?'}`;
        break;
      case 'disconnected': {
        const refusedText = this.loggedOnThisConnection ? undefined : session.lastLogoutText;
        const reason = refusedText ?? (this.reached ? status.reason : `Cannot reach ${where}: ${status.reason}`);
        if (this.firstLogon) {
          const failed = this.firstLogon;
          this.firstLogon = null;
          void this.initiator?.stop();
          this.teardown(reason);
          failed.reject(refused(reason));
          return;
        }
        if (this.phase === 'logging-off' || this.phase === 'idle') return;
        if (refusedText !== undefined) {
          // The gateway refused the logon itself (a changed password, a withdrawn licence):
          // trying again with the same credentials would not help.
          void this.initiator?.stop();
          this.teardown(`Logon refused on reconnect: ${refusedText}`);
          return;
        }
        this.phase = 'reconnecting';
        this.detail = status.retryInMs === null ? `Disconnected: ${reason}` : `Disconnected: ${reason}; reconnecting in ${Math.ceil(status.retryInMs / 1000)} s`;
        break;
      }
      default:
        return;
    }
    this.publish();
  }

  /** Back to not logged on: store closed, traders and their credentials gone, market data off. */
  private teardown(detail: string): void {
    this.stopTimers();
    this.store?.close();
    this.store = null;
    void this.log?.close();
    this.log = null;
    this.initiator = null;
    this.master = null;
    this.loggedOnAs = null;
    this.phase = 'idle';
    this.detail = detail;
    this.latencyMs = null;
    this.instrumentsKnown = false;
    const pendingLogon = this.firstLogon;
    this.firstLogon = null;
    pendingLogon?.reject(refused(detail));
    for (const waiter of this.instrumentWaiters.splice(0)) waiter.reject(refused(`${this.name()}: ${detail}`));
    for (const trader of this.traders.values()) {
      if (trader.waiter) this.traderAnswered(trader, detail);
      trader.password = null;
      if (trader.state !== 'refused') trader.state = 'logged-off';
    }
    this.md.logout();
    this.publish();
  }

  private startTimers(): void {
    this.stopTimers();
    this.pingTimer = setInterval(() => this.ping(), this.timing.pingIntervalMs);
    this.watchdogTimer = setInterval(() => {
      this.md.tick(this.clock());
      this.publish();
    }, this.timing.watchdogIntervalMs);
  }

  private stopTimers(): void {
    if (this.pingTimer !== null) clearInterval(this.pingTimer);
    if (this.watchdogTimer !== null) clearInterval(this.watchdogTimer);
    this.pingTimer = null;
    this.watchdogTimer = null;
  }

  private setTrader(trader: Trader, state: TraderView['state'], detail: string): void {
    trader.state = state;
    trader.detail = detail;
    this.publish();
  }

  status(): SessionStatus {
    const market = this.md.summary();
    const traders: TraderView[] = [];
    if (this.loggedOnAs !== null) traders.push({ username: this.loggedOnAs, state: this.isLoggedOn ? 'logged-on' : 'logging-on', detail: '', master: true });
    for (const trader of this.traders.values()) traders.push({ username: trader.username, state: trader.state, detail: trader.detail, master: false });
    let state: ConnectionState;
    let detail = this.detail;
    if (this.phase === 'logged-on') {
      state = market.state === 'stale' ? 'stale' : 'connected';
      detail = market.state === 'stale' ? `Market data stale: ${market.reason}` : `Logged on as ${this.loggedOnAs}`;
    } else if (this.phase === 'logging-on' || this.phase === 'reconnecting') {
      state = this.initiator?.isConnected || this.detail.startsWith('Connecting') ? 'connecting' : 'disconnected';
    } else state = 'disconnected';
    return {
      state,
      detail,
      loggedOnAs: this.isLoggedOn ? this.loggedOnAs : null,
      traders,
      latencyMs: this.latencyMs,
      marketData: this.isLoggedOn ? market.state : 'none',
    };
  }

  private publish(): void {
    this.options.events.status(this.status());
  }

  // ---- checks --------------------------------------------------------------------------------

  private name(): string {
    return this.options.settings()?.name ?? this.id;
  }

  private requireLoggedOn(): void {
    if (this.isLoggedOn) return;
    if (this.phase === 'reconnecting' || this.phase === 'logging-on') throw refused(`${this.name()} is not connected: ${this.detail}`);
    throw refused(`Not logged on to ${this.name()}`);
  }

  private requireTrader(name: string): string {
    this.requireLoggedOn();
    const sender = this.tradingAs(name);
    if (sender === undefined) throw refused(`Trader ${name} is not logged on to ${this.name()}`);
    return sender;
  }

  private requireInstrument(exchange: string, symbol: string): Instrument {
    const instrument = this.instrument(exchange, symbol);
    if (instrument) return instrument;
    throw refused(this.instrumentsKnown ? `Unknown instrument ${symbol} on ${exchange}` : `The instrument list of ${this.name()} has not arrived yet`);
  }

  private requireLiveMarket(exchange: string, symbol: string): void {
    const health = this.md.health(exchange, symbol);
    if (health === undefined) {
      this.md.watch(exchange, symbol, this.clock());
      throw refused(`No market data for ${symbol} on ${exchange} yet: subscribing now`);
    }
    if (health.state === 'stale') throw refused(`Market data for ${symbol} on ${exchange} is stale (${health.reason}): trading is blocked`);
  }

  private amendTarget(machine: OrderStateMachine, key: string): AmendTarget {
    const order = machine.order(key)!;
    return {
      origClOrdId: order.clOrdId,
      orderId: order.orderId,
      account: order.account,
      exchange: order.exchange,
      symbol: order.symbol,
      side: order.side,
      type: order.type,
      tif: order.tif,
      quantity: order.quantity,
      price: order.price,
      stopPrice: order.stopPrice,
      algoId: order.algoId,
    };
  }

  private machine(trader: string): OrderStateMachine {
    let machine = this.machines.get(trader);
    if (!machine) {
      machine = new OrderStateMachine(this.id, trader, (exchange, symbol) => this.instrument(exchange, symbol)?.tick);
      this.machines.set(trader, machine);
    }
    return machine;
  }
}

/** A price on the instrument's tick lattice, written with the tick's decimals; refused otherwise. */
function onLattice(instrument: Instrument, price: string, what: string): string {
  try {
    return instrument.tick.priceOf(instrument.tick.ticksOf(price));
  } catch (error) {
    if (error instanceof PricingError) throw refused(`${what} ${price} is not a price of ${instrument.info.symbol}: the tick is ${instrument.info.tickSize}`);
    throw error;
  }
}

function refusing<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof OrderRefusal) throw refused(error.message);
    throw error;
  }
}

/** The FIX log without market data (it would be most of the file and none of the use). */
function withoutMarketData(log: SessionLog): SessionLog {
  return {
    incoming: (frame) => {
      if (!isMarketData(frame)) log.incoming(frame);
    },
    outgoing: (frame) => log.outgoing(frame),
    event: (text) => log.event(text),
  };
}

const MD_TYPES = new Set([0x57, 0x58]); // W, X

function isMarketData(frame: Uint8Array): boolean {
  // "8=FIX.4.4|9=n|35=W|": find "35=" in the first bytes and look at the type after it.
  for (let i = 0; i + 5 < Math.min(frame.length, 40); i++) {
    if (frame[i] === 0x01 && frame[i + 1] === 0x33 && frame[i + 2] === 0x35 && frame[i + 3] === 0x3d) return MD_TYPES.has(frame[i + 4]!) && frame[i + 5] === 0x01;
  }
  return false;
}

function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_') || '_';
}
