import { BackgroundFlow } from './BackgroundFlow';
import type { FlowVenue } from './BackgroundFlow';
import { BurstFlow, type BurstSettings } from './BurstFlow';
import { Instrument } from './Instrument';
import type { InstrumentDefinition } from './Instrument';
import { hashSeed } from './Mulberry32';
import { OrderIndex } from './OrderIndex';
import { OrderBook } from './OrderBook';
import type { BookContext } from './OrderBook';
import { DailyTime, TradingSchedule } from './TradingSchedule';
import type { WeeklySession } from './TradingSchedule';
import type {
  ExchangeListener,
  NewOrder,
  OrderState,
  ReplaceOrder,
  SessionCause,
  SessionStatus,
} from './types';

/** A benchmark fixing published for every instrument of the exchange (FX: ECB, WMR). */
export interface FixingDefinition {
  benchmark: string;
  zone: string;
  /** Local time "HH:mm", published on weekdays. */
  time: string;
}

export interface ExchangeDefinition {
  /** Exchange name as the gateway and SecurityExchange (207) know it: "CME", "EUREX". */
  name: string;
  description: string;
  hours: { zone: string; sessions: WeeklySession[] };
  fixings?: FixingDefinition[];
  instruments: InstrumentDefinition[];
}

/** What instrument discovery tells a client about one instrument. */
export interface SecurityListEntry {
  exchange: string;
  symbol: string;
  securityId: string;
  description: string;
  /** As configured: "0.25", "1/64". */
  tickSize: string;
  /** Decimal places of prices on the tick lattice. */
  tickDecimals: number;
  multiplier: string;
  currency: string;
  productGroup: string;
  zone: string;
  /** Weekly trading hours, e.g. "Sun 17:00–Mon 16:00, … America/Chicago". */
  hours: string;
}

export interface ExchangeOptions {
  listener: ExchangeListener;
  /** Current time in ms since the epoch; read on every command. */
  clock: () => number;
  /** `alwaysOpen` ignores the schedule (the embedded demo, so a new user can trade at any hour). */
  hours?: 'schedule' | 'alwaysOpen';
  /** Seed for the background flow; without one there is no background flow. */
  seed?: number;
  /** Cancel the rest of an order that would trade against its own owner's order. Default off. */
  selfTradePrevention?: boolean;
  /** Ids continue from these after a restart (never reused). */
  firstOrderId?: number;
  firstTradeId?: number;
}

/** Time, ids and the order index that an exchange's books share. */
class ExchangeContext implements BookContext {
  readonly orders = new OrderIndex();
  readonly listener: ExchangeListener;
  readonly selfTradePrevention: boolean;
  private orderId: number;
  private tradeId: number;
  private priority = 1;

  constructor(
    public time: number,
    options: ExchangeOptions,
  ) {
    this.listener = options.listener;
    this.selfTradePrevention = options.selfTradePrevention ?? false;
    this.orderId = options.firstOrderId ?? 1;
    this.tradeId = options.firstTradeId ?? 1;
  }

  nextOrderId(): number {
    return this.orderId++;
  }

  nextTradeId(): number {
    return this.tradeId++;
  }

  nextPriority(): number {
    return this.priority++;
  }

  /** After a restored order: new ids and priorities come after its. */
  continueAfter(orderId: number, priority: number): void {
    this.orderId = Math.max(this.orderId, orderId + 1);
    this.priority = Math.max(this.priority, priority + 1);
  }
}

/**
 * One simulated exchange: its instruments' books, its trading hours with open/close events,
 * benchmark fixings, and background flow. Pure: no I/O and no timers. Time comes from the
 * injected clock on commands and from step(nowMs), and only ever moves forward; everything
 * the exchange does goes out through the listener during the call that caused it.
 */
export class SimulatedExchange {
  readonly name: string;
  readonly schedule: TradingSchedule;
  private readonly instrumentList: Instrument[];
  private readonly books = new Map<string, OrderBook>();
  /** Background flow by symbol. */
  private readonly flows = new Map<string, BackgroundFlow>();
  /** Synthetic bursts by symbol; an ending one withdraws its orders on the next step. */
  private readonly bursts = new Map<string, { flow: BurstFlow; ending: boolean }>();
  private readonly venue: FlowVenue;
  private readonly fixings: { benchmark: string; at: DailyTime; next: number }[];
  private readonly ctx: ExchangeContext;
  private readonly clock: () => number;
  private readonly listener: ExchangeListener;
  private readonly alwaysOpen: boolean;
  private override: SessionStatus | undefined;
  private currentStatus: SessionStatus;
  private nextScheduleChange: number;

  constructor(
    readonly definition: ExchangeDefinition,
    options: ExchangeOptions,
  ) {
    this.name = definition.name;
    this.clock = options.clock;
    this.listener = options.listener;
    this.alwaysOpen = options.hours === 'alwaysOpen';
    this.schedule = new TradingSchedule(definition.hours.zone, definition.hours.sessions);
    const start = options.clock();
    this.ctx = new ExchangeContext(start, options);
    this.instrumentList = definition.instruments.map((d) => new Instrument(definition.name, d));
    for (const instrument of this.instrumentList) {
      if (this.books.has(instrument.symbol)) throw new Error(`${this.name}: instrument ${instrument.symbol} is defined twice`);
      this.books.set(instrument.symbol, new OrderBook(instrument.symbol, this.ctx));
    }
    this.fixings = (definition.fixings ?? []).map((f) => {
      const at = new DailyTime(f.zone, f.time);
      return { benchmark: f.benchmark, at, next: at.nextAfter(start) };
    });
    this.currentStatus = this.alwaysOpen || this.schedule.isOpen(start) ? 'open' : 'closed';
    this.nextScheduleChange = this.schedule.nextChange(start)?.at ?? Infinity;
    this.venue = {
      submit: (cmd) => this.submitNow(cmd),
      cancel: (orderId) => this.cancelNow(orderId, undefined),
      replace: (cmd) => this.replaceNow(cmd),
      order: (orderId) => this.ctx.orders.get(orderId),
    };
    if (options.seed !== undefined) {
      for (const instrument of this.instrumentList) {
        const seed = hashSeed(options.seed, `${this.name}/${instrument.symbol}`);
        this.flows.set(instrument.symbol, new BackgroundFlow(this.venue, this.books.get(instrument.symbol)!, instrument.referenceTicks, seed, instrument.definition.flow));
      }
    }
  }

  /** Instrument discovery: every instrument with its exchange, tick, multiplier and hours. */
  instruments(): readonly Instrument[] {
    return this.instrumentList;
  }

  /** Instrument discovery as plain data (SecurityList, 35=y): one entry per instrument. */
  securityList(): SecurityListEntry[] {
    const hours = this.schedule.describe();
    return this.instrumentList.map((i) => ({
      exchange: this.name,
      symbol: i.symbol,
      securityId: i.definition.securityId,
      description: i.definition.description,
      tickSize: i.tick.text,
      tickDecimals: i.tick.decimals,
      multiplier: i.definition.multiplier,
      currency: i.definition.currency,
      productGroup: i.definition.productGroup,
      zone: this.schedule.zone,
      hours,
    }));
  }

  instrument(symbol: string): Instrument | undefined {
    return this.instrumentList.find((i) => i.symbol === symbol);
  }

  /** The book of an instrument, for snapshots (depth, last trade, sequence number). */
  book(symbol: string): OrderBook | undefined {
    return this.books.get(symbol);
  }

  get status(): SessionStatus {
    return this.currentStatus;
  }

  get isOpen(): boolean {
    return this.currentStatus === 'open';
  }

  /** The exchange's current time: the latest of the clock readings and step times seen. */
  get time(): number {
    return this.ctx.time;
  }

  /** A new order (35=D). Returns the order id, or undefined when it was rejected. */
  submit(cmd: NewOrder): number | undefined {
    this.advance(this.clock());
    return this.submitNow(cmd);
  }

  /** Cancel (35=F). Allowed while the market is closed, so GTC orders can be pulled. */
  cancel(orderId: number, clientRef?: string): void {
    this.advance(this.clock());
    this.cancelNow(orderId, clientRef);
  }

  /** Cancel/replace (35=G). */
  replace(cmd: ReplaceOrder): void {
    this.advance(this.clock());
    this.replaceNow(cmd);
  }

  /** An order the exchange holds (resting or waiting for a trigger): a live view, copy it to keep it. */
  order(orderId: number): OrderState | undefined {
    return this.ctx.orders.get(orderId);
  }

  /** Every order the exchange holds, for persistence. */
  orders(): IterableIterator<OrderState> {
    return this.ctx.orders.values();
  }

  /** Puts back an order held before a restart; later ids and priorities continue above it. */
  restore(state: OrderState): void {
    const book = this.books.get(state.instrument);
    if (!book) throw new Error(`${this.name}: cannot restore order ${state.orderId} of unknown instrument ${state.instrument}`);
    if (this.ctx.orders.has(state.orderId)) throw new Error(`${this.name}: order ${state.orderId} is already held`);
    book.restore(state);
    this.ctx.continueAfter(state.orderId, state.priority);
  }

  /** Admin: open the market now and keep it open until closeMarket() or followSchedule(). */
  openMarket(): void {
    this.advance(this.clock());
    this.override = 'open';
    this.setStatus('open', 'manual');
  }

  /** Admin: close the market now (DAY orders expire) until openMarket() or followSchedule(). */
  closeMarket(): void {
    this.advance(this.clock());
    this.override = 'closed';
    this.setStatus('closed', 'manual');
  }

  /** Admin: drop a manual open/close and go back to the hours (or always open). */
  followSchedule(): void {
    const now = this.clock();
    this.advance(now);
    this.override = undefined;
    this.setStatus(this.alwaysOpen || this.schedule.isOpen(this.ctx.time) ? 'open' : 'closed', 'schedule');
  }

  /**
   * Admin: a synthetic fast market on one instrument (BurstFlow), from the next step on, in
   * place of its background flow; a burst already running only takes the new rate. Returns
   * undefined for an unknown instrument.
   */
  startBurst(symbol: string, settings: BurstSettings): BurstFlow | undefined {
    const book = this.books.get(symbol);
    if (!book) return undefined;
    const running = this.bursts.get(symbol);
    if (running && !running.ending) {
      running.flow.setRate(settings.rate);
      return running.flow;
    }
    // Where the market is: the background flow's fair price, else the book, else the reference.
    const fair = this.flows.get(symbol)?.fair;
    const bid = book.bestBid();
    const ask = book.bestAsk();
    const bidTop = fair !== undefined ? fair - 1 : bid !== undefined ? bid : ask !== undefined ? ask - 1 : this.instrument(symbol)!.referenceTicks - 1;
    const flow = new BurstFlow(this.venue, book, bidTop, settings);
    this.bursts.set(symbol, { flow, ending: false });
    return flow;
  }

  /** The burst running on an instrument, if any. */
  burst(symbol: string): BurstFlow | undefined {
    const running = this.bursts.get(symbol);
    return running && !running.ending ? running.flow : undefined;
  }

  /** Admin: ends a burst; on the next step its orders go and the background flow takes over where it left the market. */
  endBurst(symbol: string): boolean {
    const running = this.bursts.get(symbol);
    if (!running || running.ending) return false;
    running.ending = true;
    return true;
  }

  /** The gateway's timer: session changes and fixings up to `nowMs`, then background flow and bursts. */
  step(nowMs: number): void {
    this.advance(nowMs);
    for (const [symbol, running] of this.bursts) {
      if (!running.ending) continue;
      running.flow.withdraw();
      this.bursts.delete(symbol);
      const background = this.flows.get(symbol);
      if (background) background.fair = running.flow.bidTop + 1;
    }
    if (!this.isOpen) return;
    for (const [symbol, flow] of this.flows) if (!this.bursts.has(symbol)) flow.step(this.ctx.time);
    for (const { flow } of this.bursts.values()) flow.step(this.ctx.time);
  }

  /** Runs the schedule and the fixings forward to `t`, each at its own instant, in time order. */
  private advance(t: number): void {
    const ctx = this.ctx;
    if (!(t > ctx.time)) return;
    for (;;) {
      let at = this.nextScheduleChange;
      for (const f of this.fixings) if (f.next < at) at = f.next;
      if (at > t) break;
      ctx.time = at;
      if (at === this.nextScheduleChange) {
        const change = this.schedule.nextChange(at - 1)!;
        this.nextScheduleChange = this.schedule.nextChange(at)?.at ?? Infinity;
        if (!this.alwaysOpen && this.override === undefined) this.setStatus(change.open ? 'open' : 'closed', 'schedule');
      }
      for (const f of this.fixings) {
        if (f.next !== at) continue;
        f.next = f.at.nextAfter(at);
        this.publishFixing(f.benchmark);
      }
    }
    ctx.time = t;
  }

  private setStatus(status: SessionStatus, cause: SessionCause): void {
    if (status === this.currentStatus) return;
    this.currentStatus = status;
    this.listener.onEvent({ kind: 'session', time: this.ctx.time, exchange: this.name, status, cause });
    if (status === 'closed') for (const book of this.books.values()) book.expireDayOrders();
  }

  /** The fixing is the mid of the best bid and offer (rounded down to a tick), else the last trade, else the reference. */
  private publishFixing(benchmark: string): void {
    for (const instrument of this.instrumentList) {
      const book = this.books.get(instrument.symbol)!;
      const bid = book.bestBid();
      const ask = book.bestAsk();
      const price =
        bid !== undefined && ask !== undefined ? Math.floor((bid + ask) / 2) : (book.lastTradePrice ?? instrument.referenceTicks);
      this.listener.onEvent({
        kind: 'fixing',
        time: this.ctx.time,
        exchange: this.name,
        instrument: instrument.symbol,
        benchmark,
        price,
      });
    }
  }

  private submitNow(cmd: NewOrder): number | undefined {
    const book = this.books.get(cmd.instrument);
    if (!book || !this.isOpen) {
      this.listener.onEvent({
        kind: 'rejected',
        time: this.ctx.time,
        instrument: cmd.instrument,
        owner: cmd.owner,
        clientRef: cmd.clientRef,
        reason: book ? 'MarketClosed' : 'UnknownInstrument',
        text: book ? `${this.name} is closed` : `${this.name} has no instrument ${cmd.instrument}`,
      });
      return undefined;
    }
    return book.submit(cmd);
  }

  private cancelNow(orderId: number, clientRef: string | undefined): void {
    const order = this.ctx.orders.get(orderId);
    if (!order) {
      this.rejectCancel(orderId, clientRef, 'cancel', 'UnknownOrder', `${this.name} holds no open order ${orderId}`);
      return;
    }
    this.books.get(order.instrument)!.cancel(order, clientRef);
  }

  private replaceNow(cmd: ReplaceOrder): void {
    const order = this.ctx.orders.get(cmd.orderId);
    if (!order) {
      this.rejectCancel(cmd.orderId, cmd.clientRef, 'replace', 'UnknownOrder', `${this.name} holds no open order ${cmd.orderId}`);
    } else if (!this.isOpen) {
      this.rejectCancel(cmd.orderId, cmd.clientRef, 'replace', 'MarketClosed', `${this.name} is closed`);
    } else {
      this.books.get(order.instrument)!.replace(order, cmd);
    }
  }

  private rejectCancel(
    orderId: number,
    clientRef: string | undefined,
    request: 'cancel' | 'replace',
    reason: 'UnknownOrder' | 'MarketClosed',
    text: string,
  ): void {
    this.listener.onEvent({ kind: 'cancelRejected', time: this.ctx.time, orderId, clientRef, request, reason, text });
  }
}
