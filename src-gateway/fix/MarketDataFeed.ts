import { FixMessage, Tag, type FixView } from '../../src-shared/fix/codec';
import type { FixSession } from '../../src-shared/fix/session';
import type { BookLevelChanged, Instrument, OrderBook, TradePrinted } from '../exchange';
import type { MarketEvent } from '../orders/OrderDesk';

/** RptSeq (83): the instrument's market-data sequence number on every entry (and on a snapshot). */
const RptSeq = 83;

interface Subscription {
  readonly session: FixSession;
  readonly mdReqId: string;
  readonly trader: string;
  readonly bidsAndOffers: boolean;
  readonly trades: boolean;
}

export interface InstrumentLookup {
  find(symbol: string, exchange: string | undefined): { instrument: Instrument; book: OrderBook } | undefined;
}

const actions = { new: '0', change: '1', delete: '2' } as const;

/**
 * Full-depth market data over FIX: 35=V subscribes, 35=W is the snapshot (its RptSeq is the
 * sequence number the book is at), 35=X carries every level change and trade with the
 * instrument's contiguous RptSeq, so a client can check it missed nothing and re-request a
 * snapshot if it did. The events of one exchange command go out as one 35=X per instrument.
 */
export class MarketDataFeed {
  private readonly byInstrument = new Map<string, Subscription[]>();
  private readonly pending = new Map<string, Array<BookLevelChanged | TradePrinted>>();
  private readonly message = new FixMessage('X');

  constructor(private readonly instruments: InstrumentLookup) {}

  /** Handles a MarketDataRequest; answers W (and then X) or Y. */
  request(view: FixView, session: FixSession, trader: string): void {
    const mdReqId = view.get(Tag.MDReqID) ?? '';
    const type = view.get(Tag.SubscriptionRequestType);
    if (type === '2') {
      this.unsubscribe(session, mdReqId);
      return;
    }
    const depth = view.getInt(Tag.MarketDepth);
    if (depth !== 0) return this.reject(session, trader, mdReqId, '5', 'MarketDepth (264) must be 0: the feed is the full book');
    const entryTypes = this.entryTypes(view);
    const unsupported = entryTypes.find((t) => t !== '0' && t !== '1' && t !== '2');
    if (unsupported !== undefined) return this.reject(session, trader, mdReqId, '8', `MDEntryType (269) ${unsupported} is not published: use 0 bid, 1 offer, 2 trade`);
    const instruments = this.relatedSymbols(view);
    if (instruments.length === 0) return this.reject(session, trader, mdReqId, '0', 'No instrument (146) requested');
    const found = [];
    for (const { symbol, exchange } of instruments) {
      const match = this.instruments.find(symbol, exchange);
      if (!match) return this.reject(session, trader, mdReqId, '0', `Unknown symbol ${symbol}${exchange ? ` on ${exchange}` : ''}`);
      found.push(match);
    }
    for (const { instrument, book } of found) {
      const subscription: Subscription = { session, mdReqId, trader, bidsAndOffers: entryTypes.includes('0') || entryTypes.includes('1'), trades: entryTypes.includes('2') };
      this.sendSnapshot(subscription, instrument, book);
      if (type === '1') {
        const key = keyOf(instrument.exchange, instrument.symbol);
        const list = this.byInstrument.get(key) ?? [];
        list.push(subscription);
        this.byInstrument.set(key, list);
      }
    }
  }

  /** One market event of the current command; sent by flush(). */
  add(exchange: string, event: MarketEvent): void {
    if (event.kind !== 'book' && event.kind !== 'trade') return;
    const key = keyOf(exchange, event.instrument);
    if (!this.byInstrument.has(key)) return;
    const list = this.pending.get(key) ?? [];
    list.push(event);
    this.pending.set(key, list);
  }

  /** Sends what the last command changed: one X per instrument and subscriber. */
  flush(): void {
    for (const [key, events] of this.pending) {
      const subscribers = this.byInstrument.get(key);
      if (!subscribers) continue;
      const [exchange, symbol] = key.split('|') as [string, string];
      const match = this.instruments.find(symbol, exchange);
      if (!match) continue;
      for (const subscription of subscribers) this.sendIncrement(subscription, match.instrument, events);
    }
    this.pending.clear();
  }

  /** A session ended: its subscriptions go with it. */
  dropSession(session: FixSession): void {
    for (const [key, list] of this.byInstrument) {
      const kept = list.filter((s) => s.session !== session);
      if (kept.length === 0) this.byInstrument.delete(key);
      else this.byInstrument.set(key, kept);
    }
  }

  private unsubscribe(session: FixSession, mdReqId: string): void {
    for (const [key, list] of this.byInstrument) {
      const kept = list.filter((s) => !(s.session === session && s.mdReqId === mdReqId));
      if (kept.length === 0) this.byInstrument.delete(key);
      else this.byInstrument.set(key, kept);
    }
  }

  private sendSnapshot(subscription: Subscription, instrument: Instrument, book: OrderBook): void {
    const msg = new FixMessage('W');
    msg.set(Tag.MDReqID, subscription.mdReqId).set(Tag.Symbol, instrument.symbol).set(Tag.SecurityExchange, instrument.exchange);
    msg.set(RptSeq, book.seq);
    const bids = subscription.bidsAndOffers ? book.depth('buy') : [];
    const asks = subscription.bidsAndOffers ? book.depth('sell') : [];
    const trade = subscription.trades && book.lastTradePrice !== undefined;
    msg.set(Tag.NoMDEntries, bids.length + asks.length + (trade ? 1 : 0));
    for (const [type, levels] of [['0', bids], ['1', asks]] as const) {
      levels.forEach((level, i) => {
        msg.add(Tag.MDEntryType, type).add(Tag.MDEntryPx, instrument.priceOf(level.price)).add(Tag.MDEntrySize, level.quantity);
        msg.add(Tag.NumberOfOrders, level.orders).add(Tag.MDEntryPositionNo, i + 1);
      });
    }
    if (trade) msg.add(Tag.MDEntryType, '2').add(Tag.MDEntryPx, instrument.priceOf(book.lastTradePrice!)).add(Tag.MDEntrySize, book.lastTradeQuantity);
    msg.set(Tag.TargetSubID, subscription.trader);
    subscription.session.send(msg);
  }

  private sendIncrement(subscription: Subscription, instrument: Instrument, events: ReadonlyArray<BookLevelChanged | TradePrinted>): void {
    const msg = this.message.clear('X');
    msg.set(Tag.MDReqID, subscription.mdReqId);
    let count = 0;
    for (const event of events) if (event.kind === 'book' ? subscription.bidsAndOffers : subscription.trades) count++;
    if (count === 0) return;
    msg.set(Tag.NoMDEntries, count);
    for (const event of events) {
      if (event.kind === 'book') {
        if (!subscription.bidsAndOffers) continue;
        msg.add(Tag.MDUpdateAction, actions[event.action]).add(Tag.MDEntryType, event.side === 'buy' ? '0' : '1');
        msg.add(Tag.Symbol, instrument.symbol).add(Tag.SecurityExchange, instrument.exchange);
        msg.add(Tag.MDEntryPx, instrument.priceOf(event.price)).add(Tag.MDEntrySize, event.quantity).add(Tag.NumberOfOrders, event.orders);
        msg.add(RptSeq, event.seq);
      } else {
        if (!subscription.trades) continue;
        msg.add(Tag.MDUpdateAction, '0').add(Tag.MDEntryType, '2');
        msg.add(Tag.Symbol, instrument.symbol).add(Tag.SecurityExchange, instrument.exchange);
        msg.add(Tag.MDEntryPx, instrument.priceOf(event.price)).add(Tag.MDEntrySize, event.quantity);
        msg.add(RptSeq, event.seq);
      }
    }
    msg.set(Tag.TargetSubID, subscription.trader);
    subscription.session.send(msg);
  }

  private reject(session: FixSession, trader: string, mdReqId: string, reason: string, text: string): void {
    const msg = new FixMessage('Y').set(Tag.MDReqID, mdReqId).set(Tag.MDReqRejReason, reason).set(Tag.Text, text).set(Tag.TargetSubID, trader);
    session.send(msg);
  }

  private entryTypes(view: FixView): string[] {
    const types: string[] = [];
    for (let i = 0; i < view.fieldCount; i++) if (view.tagAt(i) === Tag.MDEntryType) types.push(view.valueAt(i));
    return types;
  }

  private relatedSymbols(view: FixView): Array<{ symbol: string; exchange: string | undefined }> {
    const result: Array<{ symbol: string; exchange: string | undefined }> = [];
    for (let i = 0; i < view.fieldCount; i++) {
      if (view.tagAt(i) === Tag.Symbol) result.push({ symbol: view.valueAt(i), exchange: undefined });
      else if (view.tagAt(i) === Tag.SecurityExchange && result.length > 0) result[result.length - 1]!.exchange = view.valueAt(i);
    }
    return result;
  }
}

function keyOf(exchange: string, symbol: string): string {
  return `${exchange}|${symbol}`;
}
