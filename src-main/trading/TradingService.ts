import { randomBytes } from 'node:crypto';
import type { CallHandlers, StreamHandlers } from '../../src-shared/ipc/server';
import type { BookView, FillView, OrderView, PositionView } from '../../src-shared/ipc/contract/trading';
import { refused } from '../../src-shared/ipc/protocol';
import type { Rational } from '../../src-shared/pricing';
import type { ConnectionRegistry } from '../connections/connectionRegistry';
import { Conflator } from './Conflator';
import { ConnectionService, type ConnectionTiming } from './ConnectionService';
import type { OrderChanges } from './OrderStateMachine';
import { Positions, type ContractTerms } from './Positions';

/**
 * The `Tessera` application's licence code (SecureData, 91), sent with every master and trader
 * logon. A licence belongs to the application, not to a firm or a connection (SPEC §2), so it
 * is a constant of the product; the embedded gateway's demo firm is seeded with the same code.
 */
export const TESSERA_LICENCE = '7E4C1F0A-5B2D-4C8E-9A31-2F6D8B0C4E17';

/** One display frame at 60 Hz: the book stream's conflation interval. */
export const BOOK_FRAME_MS = 16;
/** Positions move with every trade print; a few updates a second is what a trader can read. */
const POSITIONS_FRAME_MS = 100;

export interface TradingServiceOptions {
  registry: ConnectionRegistry;
  dataDir: string;
  /** Settles once the embedded gateway's connection exists (or failed to start). */
  ready: Promise<void>;
  licence?: string;
  timing?: Partial<ConnectionTiming>;
  bookFrameMs?: number;
  report?: (line: string) => void;
}

type TradingCalls = Pick<
  CallHandlers,
  'session.logOn' | 'session.logOff' | 'traders.logOn' | 'traders.logOff' | 'instruments.list' | 'orders.submit' | 'orders.cancel' | 'orders.replace' | 'orders.cancelAll' | 'orders.flatten'
>;
type TradingStreams = Pick<StreamHandlers, 'orders' | 'fills' | 'positions' | 'book'>;

/**
 * What another main service (the Aggregator) follows of trading, unconflated: every order change
 * of every trader, every book change, every change of an instrument's hours.
 */
export interface TradingObserver {
  orderChanges?(connectionId: string, changes: OrderChanges): void;
  bookChanged?(connectionId: string, exchange: string, symbol: string): void;
  instrumentsChanged?(connectionId: string): void;
}

interface ChangeReader {
  readonly trader: string | undefined;
  onChanges(changes: OrderChanges): void;
}

/**
 * Trading in main, for every connection: the connection services, the one order state machine
 * per trader they hold, positions and P&L from the fills, the conflated books, and the IPC
 * calls and streams over them (SPEC §4, §11).
 */
export class TradingService {
  private readonly services = new Map<string, ConnectionService>();
  private readonly readers = new Set<ChangeReader>();
  private readonly observers = new Set<TradingObserver>();
  private readonly books = new Map<string, Conflator<BookView>>();
  private readonly positionReaders = new Set<{ trader: string | undefined; conflator: Conflator<PositionView[]> }>();
  /** Positions of all traders (fills once each by connection and ExecID), and per trader. */
  private readonly allPositions = new Positions();
  private readonly traderPositions = new Map<string, Positions>();
  private readonly countedFills = new Set<string>();
  /** Which trader's copy of an order or fill the unfiltered streams show (the first to have it). */
  private readonly primary = new Map<string, string>();
  private readonly positionInstruments = new Set<string>();
  private readonly clOrdIdPrefix = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  private clOrdIdCount = 0;
  private readonly report: (line: string) => void;
  private readonly unfollowRegistry: () => void;

  constructor(private readonly options: TradingServiceOptions) {
    this.report = options.report ?? (() => undefined);
    this.unfollowRegistry = options.registry.onChange((list) => {
      for (const [id, service] of this.services) {
        if (list.some((view) => view.id === id)) continue;
        this.services.delete(id);
        void service.dispose();
      }
    });
  }

  readonly calls: TradingCalls = {
    'session.logOn': async ({ connectionId, username, password }) => {
      await this.options.ready;
      await this.service(connectionId).logOn(username, password);
      return {};
    },
    'session.logOff': async ({ connectionId }) => {
      await this.services.get(connectionId)?.logOff();
      return {};
    },
    'traders.logOn': async ({ connectionId, username, password }) => {
      await this.service(connectionId).logOnTrader(username, password);
      return {};
    },
    'traders.logOff': async ({ connectionId, username }) => {
      await this.service(connectionId).logOffTrader(username);
      return {};
    },
    'instruments.list': ({ connectionId }) => this.service(connectionId).instruments(),
    'orders.submit': (order) => {
      const key = this.service(order.connectionId).submit(order.trader, {
        account: order.account,
        exchange: order.exchange,
        symbol: order.symbol,
        side: order.side,
        type: order.type,
        tif: order.tif,
        quantity: order.quantity,
        price: order.price ?? null,
        stopPrice: order.stopPrice ?? null,
      });
      return { key };
    },
    'orders.cancel': ({ key }) => {
      this.serviceOfOrder(key).cancel(key);
      return {};
    },
    'orders.replace': ({ key, quantity, price }) => {
      this.serviceOfOrder(key).replace(key, { ...(quantity === undefined ? {} : { quantity }), ...(price === undefined ? {} : { price }) });
      return {};
    },
    'orders.cancelAll': ({ trader, connectionId, account, exchange, symbol }) => {
      const targets = [...this.services.values()].filter((s) => (connectionId === undefined || s.id === connectionId) && s.tradingAs(trader) !== undefined);
      if (targets.length === 0) throw refused(`Trader ${trader} is not logged on${connectionId === undefined ? '' : ` to ${connectionId}`}`);
      const match = { ...(account === undefined ? {} : { account }), ...(exchange === undefined ? {} : { exchange }), ...(symbol === undefined ? {} : { symbol }) };
      return { count: targets.reduce((sum, s) => sum + s.cancelAll(trader, match), 0) };
    },
    'orders.flatten': ({ connectionId, trader, account, exchange, symbol }) => {
      const service = this.service(connectionId);
      return { key: service.flatten(trader, account, exchange, symbol, this.netOn(service, account, exchange, symbol)) };
    },
  };

  readonly streams: TradingStreams = {
    orders: ({ trader }, emit) => {
      emit({ reset: true, orders: this.orderList(trader) });
      return this.follow(trader, (changes) => {
        if (changes.orders.length > 0) emit({ reset: false, orders: changes.orders });
      });
    },
    fills: ({ trader }, emit) => {
      emit({ reset: true, fills: this.fillList(trader) });
      return this.follow(trader, (changes) => {
        if (changes.fills.length > 0) emit({ reset: false, fills: changes.fills });
      });
    },
    positions: ({ trader }, emit) => {
      const conflator = new Conflator(() => this.positionList(trader), POSITIONS_FRAME_MS);
      const reader = { trader: trader?.toLowerCase(), conflator };
      this.positionReaders.add(reader);
      const stop = conflator.subscribe(emit);
      return () => {
        stop();
        conflator.dispose();
        this.positionReaders.delete(reader);
      };
    },
    book: ({ connectionId, exchange, symbol }, emit) => {
      const service = this.service(connectionId);
      if (service.hasInstruments && !service.instrument(exchange, symbol)) throw refused(`Unknown instrument ${symbol} on ${exchange}`);
      service.md.watch(exchange, symbol, Date.now());
      const key = `${connectionId}|${exchange}|${symbol}`;
      let conflator = this.books.get(key);
      if (!conflator) {
        conflator = new Conflator(() => this.bookView(service, exchange, symbol), this.options.bookFrameMs ?? BOOK_FRAME_MS);
        this.books.set(key, conflator);
      }
      return conflator.subscribe(emit);
    },
  };

  /** The connection service of a configured connection (made on first use). */
  service(connectionId: string): ConnectionService {
    let service = this.services.get(connectionId);
    if (service) return service;
    if (!this.options.registry.get(connectionId)) throw refused(`No connection ${connectionId}`);
    service = new ConnectionService({
      id: connectionId,
      settings: () => this.options.registry.get(connectionId)?.settings,
      dataDir: this.options.dataDir,
      licence: this.options.licence ?? TESSERA_LICENCE,
      nextClOrdId: () => `${this.clOrdIdPrefix}-${++this.clOrdIdCount}`,
      timing: this.options.timing ?? {},
      report: this.report,
      events: {
        status: (status) => this.options.registry.setSession(connectionId, status),
        orders: (changes) => this.changed(connectionId, changes),
        book: (exchange, symbol) => {
          this.books.get(`${connectionId}|${exchange}|${symbol}`)?.changed();
          if (this.positionInstruments.has(`${exchange}|${symbol}`)) this.positionsChanged();
          for (const observer of this.observers) observer.bookChanged?.(connectionId, exchange, symbol);
        },
        instruments: () => {
          this.positionsChanged();
          for (const observer of this.observers) observer.instrumentsChanged?.(connectionId);
        },
      },
    });
    this.services.set(connectionId, service);
    return service;
  }

  /** Follows trading as it happens (see `TradingObserver`); returns what stops it. */
  observe(observer: TradingObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  async dispose(): Promise<void> {
    this.unfollowRegistry();
    for (const conflator of this.books.values()) conflator.dispose();
    for (const reader of this.positionReaders) reader.conflator.dispose();
    await Promise.all([...this.services.values()].map((service) => service.dispose()));
  }

  // ---- internals ----------------------------------------------------------------------------

  private serviceOfOrder(key: string): ConnectionService {
    for (const service of this.services.values()) if (service.ownerOf(key)) return service;
    throw refused(`No order ${key}`);
  }

  private changed(connectionId: string, changes: OrderChanges): void {
    if (changes.orders.length === 0 && changes.fills.length === 0) return;
    for (const observer of this.observers) observer.orderChanges?.(connectionId, changes);
    for (const order of changes.orders) if (!this.primary.has(`${connectionId}|o|${order.key}`)) this.primary.set(`${connectionId}|o|${order.key}`, order.trader);
    for (const fill of changes.fills) {
      if (!this.primary.has(`${connectionId}|f|${fill.execId}`)) this.primary.set(`${connectionId}|f|${fill.execId}`, fill.trader);
      this.countFill(fill);
    }
    for (const reader of this.readers) {
      const trader = reader.trader;
      const orders = changes.orders.filter((o) => (trader === undefined ? this.isPrimary(o.connectionId, 'o', o.key, o.trader) : o.trader.toLowerCase() === trader));
      const fills = changes.fills.filter((f) => (trader === undefined ? this.isPrimary(f.connectionId, 'f', f.execId, f.trader) : f.trader.toLowerCase() === trader));
      if (orders.length > 0 || fills.length > 0) reader.onChanges({ orders, fills });
    }
    if (changes.fills.length > 0) this.positionsChanged();
  }

  private countFill(fill: FillView): void {
    const key = `${fill.exchange}|${fill.symbol}`;
    this.positionInstruments.add(key);
    const lower = fill.trader.toLowerCase();
    let mine = this.traderPositions.get(lower);
    if (!mine) {
      mine = new Positions();
      this.traderPositions.set(lower, mine);
    }
    mine.apply(fill);
    const id = `${fill.connectionId}|${fill.execId}`;
    if (this.countedFills.has(id)) return;
    this.countedFills.add(id);
    this.allPositions.apply(fill);
  }

  private isPrimary(connectionId: string, kind: 'o' | 'f', id: string, trader: string): boolean {
    return this.primary.get(`${connectionId}|${kind}|${id}`) === trader;
  }

  private follow(trader: string | undefined, onChanges: (changes: OrderChanges) => void): () => void {
    const reader: ChangeReader = { trader: trader?.toLowerCase(), onChanges };
    this.readers.add(reader);
    return () => this.readers.delete(reader);
  }

  private orderList(trader: string | undefined): OrderView[] {
    const lower = trader?.toLowerCase();
    const list: OrderView[] = [];
    for (const service of this.services.values()) {
      for (const machine of service.machinesOf()) {
        if (lower !== undefined && machine.trader.toLowerCase() !== lower) continue;
        for (const order of machine.list()) if (lower !== undefined || this.isPrimary(service.id, 'o', order.key, order.trader)) list.push(order);
      }
    }
    return list;
  }

  private fillList(trader: string | undefined): FillView[] {
    const lower = trader?.toLowerCase();
    const list: FillView[] = [];
    for (const service of this.services.values()) {
      for (const machine of service.machinesOf()) {
        if (lower !== undefined && machine.trader.toLowerCase() !== lower) continue;
        for (const fill of machine.fills()) if (lower !== undefined || this.isPrimary(service.id, 'f', fill.execId, fill.trader)) list.push(fill);
      }
    }
    return list.sort((a, b) => a.time - b.time);
  }

  private positionList(trader: string | undefined): PositionView[] {
    const positions = trader === undefined ? this.allPositions : this.traderPositions.get(trader.toLowerCase());
    if (!positions) return [];
    return positions.list(
      (exchange, symbol) => this.terms(exchange, symbol),
      (exchange, symbol) => this.mark(exchange, symbol),
    );
  }

  private positionsChanged(): void {
    for (const reader of this.positionReaders) reader.conflator.changed();
  }

  private terms(exchange: string, symbol: string): ContractTerms | undefined {
    for (const service of this.services.values()) {
      const instrument = service.instrument(exchange, symbol);
      if (instrument) return { multiplier: instrument.multiplier, currency: instrument.info.currency, tickDecimals: instrument.tick.decimals };
    }
    return undefined;
  }

  private mark(exchange: string, symbol: string): Rational | undefined {
    for (const service of this.services.values()) {
      const mark = service.md.book(exchange, symbol)?.mark();
      if (mark) return mark;
    }
    return undefined;
  }

  /** Net position of an account in a contract from the fills this connection has seen. */
  private netOn(service: ConnectionService, account: string, exchange: string, symbol: string): number {
    const seen = new Set<string>();
    let net = 0;
    for (const machine of service.machinesOf()) {
      for (const fill of machine.fills()) {
        if (fill.account !== account || fill.exchange !== exchange || fill.symbol !== symbol || seen.has(fill.execId)) continue;
        seen.add(fill.execId);
        net += fill.side === 'buy' ? fill.quantity : -fill.quantity;
      }
    }
    return net;
  }

  private bookView(service: ConnectionService, exchange: string, symbol: string): BookView | undefined {
    const book = service.md.book(exchange, symbol);
    if (!book) return undefined;
    return book.view(service.md.health(exchange, symbol)?.state !== 'live');
  }
}
