import { randomBytes } from 'node:crypto';
import { aggregateDepth, type AggregatedLevel, type LegDepth } from '../../../src-shared/aggregator';
import type { AggregatorDefinition } from '../../../src-shared/ipc/contract/aggregator';
import type { AggregatedBookView, ParentOrderView } from '../../../src-shared/ipc/contract/aggregatorOrders';
import type { OrderView } from '../../../src-shared/ipc/contract/trading';
import { refused } from '../../../src-shared/ipc/protocol';
import type { CallHandlers, StreamHandlers } from '../../../src-shared/ipc/server';
import type { ConnectionRegistry } from '../../connections/connectionRegistry';
import { Conflator } from '../../trading/Conflator';
import type { ConnectionService } from '../../trading/ConnectionService';
import type { OrderChanges } from '../../trading/OrderStateMachine';
import { BOOK_FRAME_MS, type TradingService } from '../../trading/TradingService';
import { AggregatorEngine } from '../AggregatorEngine';
import type { AggregatorClock, ChildOrderRequest, ParentView } from '../types';

/** Rows of the aggregated book sent to the ladder, each side. */
const BOOK_ROWS = 40;

export interface AggregatorDefinitionSource {
  get(id: string): AggregatorDefinition | undefined;
}

export interface AggregatorServiceOptions {
  trading: TradingService;
  registry: ConnectionRegistry;
  definitions: AggregatorDefinitionSource;
  clock?: AggregatorClock;
  bookFrameMs?: number;
  report?: (line: string) => void;
}

type AggregatorCalls = Pick<CallHandlers, 'aggregator.submit' | 'aggregator.cancel' | 'aggregator.replace'>;
type AggregatorStreams = Pick<StreamHandlers, 'aggregator.parents' | 'aggregator.book'>;

interface ParentOwner {
  trader: string;
  account: string;
  createdAt: number;
  view: ParentOrderView | undefined;
}

/** What the last report of a child said, to turn the next one into the engine's event. */
interface ChildTrack {
  childId: string;
  parentId: string;
  legIndex: number;
  trader: string;
  acked: boolean;
  over: boolean;
  quantity: number;
  status: OrderView['status'];
}

const realClock: AggregatorClock = {
  now: () => Date.now(),
  schedule: (delayMs, task) => {
    const timer = setTimeout(task, delayMs);
    return () => clearTimeout(timer);
  },
};

/**
 * One aggregated instrument at work: its engine, the legs' books and availability fed to it,
 * its parents' owners and its children's order keys.
 */
class AggregatedInstrument {
  engine!: AggregatorEngine;
  definition!: AggregatorDefinition;
  /** The definition as saved, to tell a new save from the same one read again. */
  saved = '';
  readonly parents = new Map<string, ParentOwner>();
  readonly children = new Map<string, ChildTrack>();
  /**
   * What the engine decided while its orders could not go out (the session down, a leg's feed
   * stale): sent, in order, once they can. The engine counts them in flight meanwhile, so the
   * parent's quantity stays covered and a blip of the connection is not an exchange reject.
   */
  readonly held: Array<() => boolean> = [];
  /** Each child's leg, trader and, once sent, order key, from the engine's decision on (sent or still held). */
  readonly childLegs = new Map<string, { leg: number; trader: string; key?: string }>();
  /** Whether the engine was last told each leg's market is open. */
  engineOpen: boolean[] = [];
  availability: Array<{ available: boolean; reason: string }> = [];
  readonly book: Conflator<AggregatedBookView>;
  lastRow: number | null = null;
  lastQuantity = 0;
  /** Each leg's trade count when its last trade was taken into `lastRow`. */
  lastTrades: Array<number | null> = [];

  constructor(
    definition: AggregatorDefinition,
    private readonly makeEngine: (instrument: AggregatedInstrument, definition: AggregatorDefinition) => AggregatorEngine,
    frameMs: number,
    view: (instrument: AggregatedInstrument) => AggregatedBookView,
  ) {
    this.redefine(definition);
    this.book = new Conflator(() => view(this), frameMs);
  }

  /** A definition saved again (only while nothing works): a fresh engine; parents so far keep their views. */
  redefine(definition: AggregatorDefinition): void {
    this.engine = this.makeEngine(this, definition);
    this.definition = definition;
    this.saved = JSON.stringify(definition);
    this.availability = definition.legs.map(() => ({ available: false, reason: 'not connected' }));
    this.engineOpen = definition.legs.map(() => false);
    this.lastTrades = definition.legs.map(() => null);
    this.lastRow = null;
    this.lastQuantity = 0;
  }
}

/**
 * The Aggregator in main (SPEC §6): parent orders from the ladder or the automation channel,
 * one engine per aggregated instrument fed with every leg book change (unconflated), the legs'
 * availability and the children's execution reports; the engine's children go out through
 * the connection's FIX session with the definition's algo ID in FFT3 (20003).
 *
 * The engine must not be called from inside its own listener: the engine's decisions reach
 * the connection service synchronously, whose order events come back here synchronously, so
 * every input to an engine goes through `input`, which queues it while an input is running.
 */
export class AggregatorService {
  private readonly instruments = new Map<string, AggregatedInstrument>();
  private readonly childByKey = new Map<string, AggregatedInstrument>();
  private readonly parentReaders = new Set<{ trader: string | undefined; emit: (event: { reset: boolean; parents: ParentOrderView[] }) => void }>();
  private readonly clock: AggregatorClock;
  private readonly frameMs: number;
  private readonly prefix = `A${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  private parentCount = 0;
  private readonly queue: Array<() => void> = [];
  private running = false;
  private readonly stops: Array<() => void> = [];
  private readonly report: (line: string) => void;

  constructor(private readonly options: AggregatorServiceOptions) {
    this.clock = options.clock ?? realClock;
    this.frameMs = options.bookFrameMs ?? BOOK_FRAME_MS;
    this.report = options.report ?? (() => undefined);
    this.stops.push(
      options.trading.observe({
        orderChanges: (connectionId, changes) => this.orderChanges(connectionId, changes),
        bookChanged: (connectionId, exchange, symbol) => this.bookChanged(connectionId, exchange, symbol),
        instrumentsChanged: (connectionId) => this.refreshAvailability(connectionId),
      }),
      options.registry.onChange((list) => {
        for (const view of list) this.refreshAvailability(view.id);
      }),
    );
  }

  /** Why an order may not be cancelled or changed on its own: it is an Aggregator child (the parent owns it); null otherwise. */
  childRefusal(orderKey: string): string | null {
    const instrument = this.childByKey.get(orderKey);
    const track = instrument?.children.get(orderKey);
    if (!instrument || !track) return null;
    return `Order ${orderKey} is a child of ${instrument.definition.name} parent ${track.parentId}: cancel or change the parent`;
  }

  /** Why a definition may not change or go now (its parents have working children), or null. */
  inUse(definitionId: string): string | null {
    const instrument = this.instruments.get(definitionId);
    return instrument ? busyReason(instrument) : null;
  }

  readonly calls: AggregatorCalls = {
    'aggregator.submit': ({ definitionId, trader, account, side, quantity, price }) => {
      const instrument = this.instrument(definitionId);
      const service = this.options.trading.service(instrument.definition.connectionId);
      if (service.tradingAs(trader) === undefined) throw refused(`Trader ${trader} is not logged on to ${instrument.definition.connectionId}`);
      this.requireLegs(instrument, service);
      const parentId = `${this.prefix}-${++this.parentCount}`;
      instrument.parents.set(parentId, { trader, account, createdAt: this.clock.now(), view: undefined });
      const result = this.input(() => instrument.engine.submit({ parentId, side, quantity, limit: price }));
      if (!result.ok) {
        instrument.parents.delete(parentId);
        throw refused(result.reason);
      }
      return { key: parentId };
    },
    'aggregator.cancel': ({ key }) => {
      const instrument = this.instrumentOfParent(key);
      const result = this.input(() => instrument.engine.cancel(key));
      if (!result.ok) throw refused(result.reason);
      return {};
    },
    'aggregator.replace': ({ key, quantity, price }) => {
      const instrument = this.instrumentOfParent(key);
      const result = this.input(() => instrument.engine.modify(key, { ...(quantity === undefined ? {} : { quantity }), ...(price === undefined ? {} : { limit: price }) }));
      if (!result.ok) throw refused(result.reason);
      return {};
    },
  };

  readonly streams: AggregatorStreams = {
    'aggregator.parents': ({ trader }, emit) => {
      const reader = { trader: trader?.toLowerCase(), emit };
      emit({ reset: true, parents: this.parentList(reader.trader) });
      this.parentReaders.add(reader);
      return () => this.parentReaders.delete(reader);
    },
    'aggregator.book': ({ definitionId }, emit) => {
      const instrument = this.instrument(definitionId);
      const service = this.options.trading.service(instrument.definition.connectionId);
      for (const leg of instrument.definition.legs) service.md.watch(leg.exchange, leg.symbol, this.clock.now());
      return instrument.book.subscribe(emit);
    },
  };

  /** Cancels the trader's parents that match (before their children are cancelled one by one); how many. */
  cancelParents(trader: string, match: { account?: string; exchange?: string; symbol?: string }): number {
    let count = 0;
    for (const instrument of this.instruments.values()) {
      const legs = instrument.definition.legs;
      if (match.exchange !== undefined && !legs.some((leg) => leg.exchange === match.exchange && (match.symbol === undefined || leg.symbol === match.symbol))) continue;
      for (const [parentId, owner] of instrument.parents) {
        if (owner.trader.toLowerCase() !== trader.toLowerCase() || (match.account !== undefined && owner.account !== match.account)) continue;
        const status = owner.view?.status;
        if (status !== 'working' && status !== 'paused') continue;
        if (this.input(() => instrument.engine.cancel(parentId)).ok) count++;
      }
    }
    return count;
  }

  dispose(): void {
    for (const stop of this.stops) stop();
    for (const instrument of this.instruments.values()) instrument.book.dispose();
  }

  // ---- engines ------------------------------------------------------------------------------

  /** The aggregated instrument at work for a definition, started on first use. */
  private instrument(definitionId: string): AggregatedInstrument {
    const definition = this.options.definitions.get(definitionId);
    if (!definition) throw refused(`No aggregated instrument ${definitionId}`);
    const instrument = this.instruments.get(definitionId);
    if (instrument) {
      // A definition saved again since (allowed only while nothing works) starts a fresh engine.
      if (instrument.saved !== JSON.stringify(definition) && busyReason(instrument) === null) {
        try {
          instrument.redefine(definition);
        } catch (error) {
          throw refused(`${definition.name} cannot be traded: ${(error as Error).message}`);
        }
        this.startFeeds(instrument);
      }
      return instrument;
    }
    let made: AggregatedInstrument;
    try {
      made = new AggregatedInstrument(
        definition,
        (self, current) =>
          new AggregatorEngine(current, {
            clock: this.clock,
            listener: {
              sendChild: (order) => this.sendChild(self, order),
              cancelChild: (childId) => this.cancelChild(self, childId),
              reduceChild: (childId, quantity) => this.reduceChild(self, childId, quantity),
              parentChanged: (view) => this.parentChanged(self, view),
            },
          }),
        this.frameMs,
        (self) => this.bookView(self),
      );
    } catch (error) {
      throw refused(`${definition.name} cannot be traded: ${(error as Error).message}`);
    }
    this.instruments.set(definitionId, made);
    this.startFeeds(made);
    return made;
  }

  /** Watches every leg and gives the engine what is known of each already. */
  private startFeeds(instrument: AggregatedInstrument): void {
    const { definition } = instrument;
    const service = this.options.trading.service(definition.connectionId);
    for (const leg of definition.legs) service.md.watch(leg.exchange, leg.symbol, this.clock.now());
    this.refreshAvailability(definition.connectionId);
    definition.legs.forEach((leg, index) => this.feedBook(instrument, service, index, leg.exchange, leg.symbol));
  }

  private instrumentOfParent(key: string): AggregatedInstrument {
    for (const instrument of this.instruments.values()) if (instrument.parents.has(key)) return instrument;
    throw refused(`No parent order ${key}`);
  }

  /** Every leg must be a contract the gateway lists, on the tick the definition was made with. */
  private requireLegs(instrument: AggregatedInstrument, service: ConnectionService): void {
    instrument.definition.legs.forEach((leg, index) => {
      const listed = service.instrument(leg.exchange, leg.symbol);
      if (!listed) throw refused(`Leg ${index + 1} (${leg.alias}): ${leg.symbol} on ${leg.exchange} is not in the gateway's instrument list`);
      if (listed.info.tickSize !== leg.minTick && listed.tick.text !== leg.minTick) {
        throw refused(`Leg ${index + 1} (${leg.alias}): ${leg.symbol} now ticks in ${listed.info.tickSize}, the definition says ${leg.minTick}: edit the aggregated instrument`);
      }
    });
  }

  /**
   * Runs a trader's request to an engine now, then every event it caused. Requests come from IPC
   * calls, never from inside an engine's output, so one never finds another running.
   */
  private input<T>(task: () => T): T {
    if (this.running) throw new Error('an Aggregator request arrived while an engine input was running');
    this.running = true;
    try {
      const result = task();
      while (this.queue.length > 0) this.queue.shift()!();
      return result;
    } finally {
      this.running = false;
    }
  }

  /** An event for an engine: queued when it arrives during an input (the engine's own output caused it). */
  private later(task: () => void): void {
    if (this.running) this.queue.push(task);
    else this.input(task);
  }

  // ---- the engine's decisions --------------------------------------------------------------

  private sendChild(instrument: AggregatedInstrument, order: ChildOrderRequest): void {
    const trader = instrument.parents.get(order.parentId)!.trader;
    instrument.childLegs.set(order.childId, { leg: order.legIndex, trader });
    this.whenSendable(instrument, order.legIndex, trader, () => this.sendChildNow(instrument, order));
  }

  /** Runs `send` now when the leg's orders can go out, else holds it (see `held`). */
  private whenSendable(instrument: AggregatedInstrument, legIndex: number, trader: string, send: () => void): void {
    if (instrument.held.length === 0 && this.sendable(instrument, legIndex, trader)) {
      send();
      return;
    }
    instrument.held.push(() => {
      if (!this.sendable(instrument, legIndex, trader)) return false;
      send();
      return true;
    });
  }

  private sendable(instrument: AggregatedInstrument, legIndex: number, trader: string): boolean {
    const leg = instrument.definition.legs[legIndex]!;
    const service = this.options.trading.service(instrument.definition.connectionId);
    return service.tradingAs(trader) !== undefined && service.md.health(leg.exchange, leg.symbol)?.state === 'live';
  }

  private releaseHeld(instrument: AggregatedInstrument): void {
    while (instrument.held.length > 0 && instrument.held[0]!()) instrument.held.shift();
  }

  private sendChildNow(instrument: AggregatedInstrument, order: ChildOrderRequest): void {
    const owner = instrument.parents.get(order.parentId)!;
    const service = this.options.trading.service(instrument.definition.connectionId);
    try {
      const key = service.submit(owner.trader, {
        account: owner.account,
        exchange: order.exchange,
        symbol: order.symbol,
        side: order.side,
        type: 'limit',
        tif: order.tif,
        quantity: order.quantity,
        price: order.price,
        stopPrice: null,
        algoId: order.algoId,
      });
      const track: ChildTrack = { childId: order.childId, parentId: order.parentId, legIndex: order.legIndex, trader: owner.trader.toLowerCase(), acked: false, over: false, quantity: order.quantity, status: 'PendingNew' };
      instrument.children.set(key, track);
      instrument.childLegs.get(order.childId)!.key = key;
      this.childByKey.set(key, instrument);
      this.touchParent(instrument, order.parentId);
    } catch (error) {
      // Refused before it left (market data stale, trader logged off): a reject, routed again or not by the engine's rules.
      const reason = (error as Error).message;
      this.report(`aggregator: child ${order.childId} of ${order.parentId} refused before sending: ${reason}`);
      this.later(() => instrument.engine.onChildRejected(order.childId, reason));
    }
  }

  private cancelChild(instrument: AggregatedInstrument, childId: string): void {
    const { leg, trader } = this.legOfChild(instrument, childId);
    this.whenSendable(instrument, leg, trader, () => this.cancelChildNow(instrument, childId));
  }

  private reduceChild(instrument: AggregatedInstrument, childId: string, quantity: number): void {
    const { leg, trader } = this.legOfChild(instrument, childId);
    this.whenSendable(instrument, leg, trader, () => this.reduceChildNow(instrument, childId, quantity));
  }

  /** The leg of a child, sent or still held (a held child's cancel waits behind its send). */
  private legOfChild(instrument: AggregatedInstrument, childId: string): { leg: number; trader: string } {
    const known = instrument.childLegs.get(childId);
    if (!known) throw new Error(`the engine acted on child ${childId}, which it never sent`);
    return known;
  }

  private cancelChildNow(instrument: AggregatedInstrument, childId: string): void {
    const key = this.keyOfChild(instrument, childId);
    if (key === undefined) return;
    try {
      this.options.trading.service(instrument.definition.connectionId).cancel(key);
    } catch (error) {
      const reason = (error as Error).message;
      this.later(() => instrument.engine.onCancelRejected(childId, reason));
    }
  }

  private reduceChildNow(instrument: AggregatedInstrument, childId: string, quantity: number): void {
    const key = this.keyOfChild(instrument, childId);
    if (key === undefined) return;
    try {
      this.options.trading.service(instrument.definition.connectionId).replace(key, { quantity });
    } catch (error) {
      const reason = (error as Error).message;
      this.later(() => instrument.engine.onCancelRejected(childId, reason));
    }
  }

  private keyOfChild(instrument: AggregatedInstrument, childId: string): string | undefined {
    return instrument.childLegs.get(childId)?.key;
  }

  private parentChanged(instrument: AggregatedInstrument, view: ParentView): void {
    const owner = instrument.parents.get(view.parentId);
    if (!owner) return;
    owner.view = this.parentView(instrument, view, owner);
    this.emitParent(owner);
  }

  /** A child joined a parent: the parent's view lists it. */
  private touchParent(instrument: AggregatedInstrument, parentId: string): void {
    const view = instrument.engine.parent(parentId);
    const owner = instrument.parents.get(parentId);
    if (!view || !owner) return;
    owner.view = this.parentView(instrument, view, owner);
    this.emitParent(owner);
  }

  private emitParent(owner: ParentOwner): void {
    if (!owner.view) return;
    for (const reader of this.parentReaders) {
      if (reader.trader !== undefined && reader.trader !== owner.trader.toLowerCase()) continue;
      reader.emit({ reset: false, parents: [owner.view] });
    }
  }

  private parentView(instrument: AggregatedInstrument, view: ParentView, owner: ParentOwner): ParentOrderView {
    const { definition } = instrument;
    const children: ParentOrderView['children'] = [];
    for (const [key, track] of instrument.children) if (track.parentId === view.parentId) children.push({ key, legIndex: track.legIndex });
    return {
      key: view.parentId,
      definitionId: definition.id,
      instrument: definition.name,
      colour: definition.colour,
      connectionId: definition.connectionId,
      trader: owner.trader,
      account: owner.account,
      side: view.side,
      quantity: view.quantity,
      price: view.limit,
      status: view.status,
      filled: view.filled,
      working: view.working,
      averagePrice: view.averagePrice,
      text: view.reason ?? '',
      legs: view.legs.map((leg) => ({
        legIndex: leg.legIndex,
        alias: leg.alias,
        exchange: leg.exchange,
        symbol: leg.symbol,
        legColour: definition.legs[leg.legIndex]!.legColour,
        filled: leg.filled,
        working: leg.working,
        averagePrice: leg.averagePrice,
      })),
      children,
      updatedAt: this.clock.now(),
    };
  }

  private parentList(trader: string | undefined): ParentOrderView[] {
    const list: ParentOrderView[] = [];
    for (const instrument of this.instruments.values()) {
      for (const owner of instrument.parents.values()) {
        if (!owner.view || (trader !== undefined && owner.trader.toLowerCase() !== trader)) continue;
        list.push(owner.view);
      }
    }
    return list.sort((a, b) => a.updatedAt - b.updatedAt);
  }

  // ---- what the exchanges said ---------------------------------------------------------------

  /** Children's fills first (a fill and the cancel after it may come in one batch), then their states. */
  private orderChanges(connectionId: string, changes: OrderChanges): void {
    for (const fill of changes.fills) {
      const instrument = this.childByKey.get(fill.orderKey);
      const track = instrument?.children.get(fill.orderKey);
      if (!instrument || !track || instrument.definition.connectionId !== connectionId || fill.trader.toLowerCase() !== track.trader) continue;
      this.later(() => instrument.engine.onChildFill(track.childId, fill.execId, fill.quantity, fill.price));
    }
    for (const order of changes.orders) {
      const instrument = this.childByKey.get(order.key);
      const track = instrument?.children.get(order.key);
      if (!instrument || !track || instrument.definition.connectionId !== connectionId || order.trader.toLowerCase() !== track.trader) continue;
      this.childReport(instrument, track, order);
    }
  }

  private childReport(instrument: AggregatedInstrument, track: ChildTrack, order: OrderView): void {
    const before = track.status;
    track.status = order.status;
    if (track.over) return;
    const { engine } = instrument;
    const { childId } = track;
    switch (order.status) {
      case 'Rejected':
        track.over = true;
        this.later(() => engine.onChildRejected(childId, order.text || 'rejected'));
        return;
      case 'Cancelled':
      case 'Expired':
        track.over = true;
        this.later(() => engine.onChildCancelled(childId, order.filled));
        return;
      case 'Filled':
        track.over = true;
        return;
      case 'Working':
      case 'PartiallyFilled':
        if (!track.acked) {
          track.acked = true;
          this.later(() => engine.onChildAccepted(childId));
        }
        if (before === 'PendingReplace' || before === 'PendingCancel') {
          if (order.quantity !== track.quantity) {
            track.quantity = order.quantity;
            this.later(() => engine.onChildReplaced(childId, order.quantity));
          } else {
            this.later(() => engine.onCancelRejected(childId, order.text || 'the exchange refused to change the order'));
          }
        }
        return;
      case 'PendingNew':
      case 'PendingCancel':
      case 'PendingReplace':
        return;
    }
  }

  private bookChanged(connectionId: string, exchange: string, symbol: string): void {
    for (const instrument of this.instruments.values()) {
      if (instrument.definition.connectionId !== connectionId) continue;
      const service = this.options.trading.service(connectionId);
      instrument.definition.legs.forEach((leg, index) => {
        if (leg.exchange === exchange && leg.symbol === symbol) this.feedBook(instrument, service, index, exchange, symbol);
      });
    }
  }

  private feedBook(instrument: AggregatedInstrument, service: ConnectionService, leg: number, exchange: string, symbol: string): void {
    const book = service.md.book(exchange, symbol);
    if (!book) return;
    const depth: LegDepth = book.depth();
    const trade = book.lastTrade();
    if (trade !== null && trade.count !== instrument.lastTrades[leg]) {
      instrument.lastTrades[leg] = trade.count;
      instrument.lastRow = instrument.engine.lattice.rowOfLeg(leg, trade.ticks, 'bid');
      instrument.lastQuantity = Math.floor(trade.quantity / instrument.definition.legs[leg]!.ratio);
    }
    this.refreshLeg(instrument, service, leg);
    this.later(() => instrument.engine.onLegBook(leg, depth));
    instrument.book.changed();
  }

  private refreshAvailability(connectionId: string): void {
    for (const instrument of this.instruments.values()) {
      if (instrument.definition.connectionId !== connectionId) continue;
      const service = this.options.trading.service(connectionId);
      instrument.definition.legs.forEach((_leg, index) => this.refreshLeg(instrument, service, index));
      instrument.book.changed();
    }
  }

  /** A leg is available when its connection is logged on, its market open and its feed live. */
  private refreshLeg(instrument: AggregatedInstrument, service: ConnectionService, index: number): void {
    const leg = instrument.definition.legs[index]!;
    const state = service.status().state;
    const listed = service.instrument(leg.exchange, leg.symbol);
    const health = service.md.health(leg.exchange, leg.symbol);
    let reason = '';
    if (state !== 'connected' && state !== 'stale') reason = `${instrument.definition.connectionId} ${state}`;
    else if (!listed) reason = `${leg.symbol} not listed`;
    else if (!listed.info.hours.startsWith('open')) reason = `${leg.exchange} closed`;
    else if (health === undefined) reason = 'no market data yet';
    else if (health.state === 'stale') reason = `market data stale (${health.reason})`;
    const available = reason === '';
    instrument.availability[index] = { available, reason };
    // The engine hears of an exchange that opens or closes (SPEC §6 "exchange down"); a session
    // or feed outage only holds its orders until they can go out (see `held`).
    const open = listed !== undefined && listed.info.hours.startsWith('open');
    if (open !== instrument.engineOpen[index]) {
      instrument.engineOpen[index] = open;
      this.later(() => instrument.engine.onLegAvailability(index, open));
    }
    if (instrument.held.length > 0) this.later(() => this.releaseHeld(instrument));
  }

  private bookView(instrument: AggregatedInstrument): AggregatedBookView {
    const service = this.options.trading.service(instrument.definition.connectionId);
    const books = instrument.definition.legs.map((leg) => service.md.book(leg.exchange, leg.symbol)?.depth());
    const ratios = instrument.definition.legs.map((leg) => leg.ratio);
    const available = instrument.availability.map((leg) => leg.available);
    const levels = (side: 'bid' | 'ask') => aggregateDepth(instrument.engine.lattice, ratios, books, available, side, BOOK_ROWS).map(levelView);
    return {
      definitionId: instrument.definition.id,
      bids: levels('bid'),
      asks: levels('ask'),
      lastRow: instrument.lastRow,
      lastQuantity: instrument.lastQuantity,
      legs: instrument.availability.map((leg) => ({ ...leg })),
    };
  }
}

/** Children working, or a parent still live without any (waiting for a leg to open): the definition must stay. */
function busyReason(instrument: AggregatedInstrument): string | null {
  const children = instrument.engine.definitionChangeRefusal();
  if (children !== null) return children;
  const live = [...instrument.parents.values()].filter((owner) => owner.view !== undefined && ['working', 'paused', 'cancelling'].includes(owner.view.status)).length;
  if (live === 0) return null;
  return `${instrument.definition.name} has ${live} working parent order${live === 1 ? '' : 's'}; cancel ${live === 1 ? 'it' : 'them'} before changing the definition`;
}

function levelView(level: AggregatedLevel): AggregatedBookView['bids'][number] {
  return { row: level.row, quantity: level.quantity, legs: level.legs.map((leg) => [leg.leg, leg.quantity, leg.legQuantity] as [number, number, number]) };
}
