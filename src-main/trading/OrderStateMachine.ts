import type { FillView, OrderStatus, OrderView } from '../../src-shared/ipc/contract/trading';
import { Rational, type TickSize } from '../../src-shared/pricing';
import { decimalOf } from './decimals';

export type Side = OrderView['side'];
export type OrderType = OrderView['type'];
export type TimeInForce = OrderView['tif'];

/** What a new order asks for, as the trader entered it (prices as exact decimals). */
export interface NewOrderFields {
  account: string;
  exchange: string;
  symbol: string;
  side: Side;
  type: OrderType;
  tif: TimeInForce;
  quantity: number;
  price: string | null;
  stopPrice: string | null;
  /** FFT3 (20003): the algo that generated the order (an Aggregator child); absent for a manual order. */
  algoId?: string;
}

/** One ExecutionReport (35=8) in the order's words; what the gateway said, unchanged. */
export interface ExecutionEvent {
  execId: string;
  /** ExecType (150): '0' new, 'F' trade, '4' cancelled, '5' replaced, '8' rejected, 'C' expired, 'I' status, … */
  execType: string;
  /** OrdStatus (39) as a status of ours; null for a code we do not know. */
  status: OrderStatus | null;
  /** OrderID (37); null when the gateway has none ('NONE'). */
  orderId: string | null;
  clOrdId: string | null;
  origClOrdId: string | null;
  account: string | null;
  exchange: string | null;
  symbol: string | null;
  side: Side | null;
  type: OrderType | null;
  tif: TimeInForce | null;
  quantity: number | null;
  price: string | null;
  stopPrice: string | null;
  lastQty: number;
  lastPx: string | null;
  cumQty: number;
  leavesQty: number;
  avgPx: string;
  text: string;
  /** FFT3 (20003) as the gateway echoes it; null when absent. */
  algoId: string | null;
  /** TransactTime (60) in epoch ms, or when it arrived. */
  time: number;
}

/** An OrderCancelReject (35=9). */
export interface CancelRejectEvent {
  orderId: string | null;
  clOrdId: string;
  origClOrdId: string;
  status: OrderStatus | null;
  responseTo: 'cancel' | 'replace';
  text: string;
}

/** What one event changed: the orders to show again and the fills that are new. */
export interface OrderChanges {
  orders: OrderView[];
  fills: FillView[];
}

/** A request the state machine will not let through, with the reason a trader reads. */
export class OrderRefusal extends Error {
  override readonly name = 'OrderRefusal';
}

type Request = { kind: 'cancel' | 'replace'; sequence: number };

interface Order {
  readonly key: string;
  clOrdId: string;
  orderId: string | null;
  readonly fields: NewOrderFields;
  quantity: number;
  price: string | null;
  stopPrice: string | null;
  filled: number;
  leaves: number;
  avgPrice: string | null;
  /** Σ price × quantity of the fills counted here, exact. */
  notional: Rational;
  /** What the gateway last said (or PendingNew before it said anything). */
  base: OrderStatus;
  /** Cancel and replace requests not yet answered, by their ClOrdID. */
  readonly pending: Map<string, Request>;
  /** Local sequence of the new-order request; 0 for an order first heard of in a report. */
  readonly sequence: number;
  text: string;
  updatedAt: number;
  seenInReconcile: boolean;
}

const TERMINAL: ReadonlySet<OrderStatus> = new Set(['Filled', 'Cancelled', 'Rejected', 'Expired']);

export function isTerminal(status: OrderStatus): boolean {
  return TERMINAL.has(status);
}

/**
 * The one order state machine (SPEC §4, §11) for the orders one trader sees on one connection:
 * every request we send and every report the gateway routes to this trader (TargetSubID)
 * moves it. Orders are keyed by the ClOrdID of their first request and found again by any
 * ClOrdID of their chain or by OrderID. It is pure: no clock, no I/O; time comes with each call.
 *
 * Rules that keep the screens truthful whatever order reports arrive in:
 * - an ExecID seen before changes nothing (duplicates, resends, drop copies);
 * - filled quantity only grows, and grows by exactly what CumQty says: a report whose CumQty
 *   is above what we counted plus its own LastQty carries fills we missed (reports the gateway
 *   could not route to us while we were away), which become one fill, exactly once;
 * - a terminal status (filled, cancelled, rejected, expired) is never left;
 * - pending cancel/replace is shown on top of the gateway's status until that request is
 *   answered (accepted, rejected, or found lost when reconciling).
 */
export class OrderStateMachine {
  private readonly orders = new Map<string, Order>();
  private readonly byClOrdId = new Map<string, Order>();
  private readonly byOrderId = new Map<string, Order>();
  private readonly execIds = new Set<string>();
  private readonly fillList: FillView[] = [];
  private sequence = 0;

  constructor(
    readonly connectionId: string,
    readonly trader: string,
    /** The instrument's tick, to put a fill worked out from AvgPx back on the price lattice. */
    private readonly tickOf: (exchange: string, symbol: string) => TickSize | undefined = () => undefined,
  ) {}

  // ---- requests we send -------------------------------------------------------------------

  submit(fields: NewOrderFields, clOrdId: string, now: number): OrderView {
    if (this.byClOrdId.has(clOrdId)) throw new OrderRefusal(`ClOrdID ${clOrdId} is already in use`);
    const order: Order = {
      key: clOrdId,
      clOrdId,
      orderId: null,
      fields,
      quantity: fields.quantity,
      price: fields.price,
      stopPrice: fields.stopPrice,
      filled: 0,
      leaves: fields.quantity,
      avgPrice: null,
      notional: Rational.ZERO,
      base: 'PendingNew',
      pending: new Map(),
      sequence: ++this.sequence,
      text: '',
      updatedAt: now,
      seenInReconcile: false,
    };
    this.orders.set(order.key, order);
    this.byClOrdId.set(clOrdId, order);
    return this.view(order);
  }

  /** A cancel is going out under `clOrdId`; throws OrderRefusal when the order cannot be cancelled. */
  requestCancel(key: string, clOrdId: string, now: number): OrderView {
    const order = this.changeable(key);
    if ([...order.pending.values()].some((r) => r.kind === 'cancel')) throw new OrderRefusal(`A cancel of order ${key} is already pending`);
    return this.request(order, 'cancel', clOrdId, now);
  }

  /** A replace is going out under `clOrdId`; one change at a time. */
  requestReplace(key: string, clOrdId: string, now: number): OrderView {
    const order = this.changeable(key);
    if (order.pending.size > 0) throw new OrderRefusal(`Order ${key} already has a change pending`);
    if (order.fields.type === 'market') throw new OrderRefusal('A market order cannot be changed');
    return this.request(order, 'replace', clOrdId, now);
  }

  /** The session refused one of our requests (35=3 or 35=j) before the gateway acted on it. */
  requestFailed(clOrdId: string, text: string, now: number): OrderChanges {
    const order = this.byClOrdId.get(clOrdId);
    if (!order) return none();
    const request = order.pending.get(clOrdId);
    if (request) order.pending.delete(clOrdId);
    else if (order.key === clOrdId && order.base === 'PendingNew' && order.orderId === null) order.base = 'Rejected';
    else return none();
    order.text = text;
    order.updatedAt = now;
    return this.changed(order);
  }

  // ---- what the gateway says ----------------------------------------------------------------

  execution(event: ExecutionEvent, now: number): OrderChanges {
    if (this.execIds.has(event.execId)) return none();
    this.execIds.add(event.execId);
    let order = this.find(event.clOrdId, event.origClOrdId, event.orderId);
    const before = order && event.execType === 'I' ? this.view(order) : undefined;
    if (!order) {
      order = this.adopt(event, now);
      if (!order) return none();
    }
    if (event.orderId !== null && order.orderId === null) {
      order.orderId = event.orderId;
      this.byOrderId.set(event.orderId, order);
    }
    order.seenInReconcile = true;
    const fills = this.countFills(order, event);
    if (event.clOrdId !== null && event.clOrdId !== order.clOrdId) {
      // The gateway reports under a request's ClOrdID only once it has accepted that request;
      // a ClOrdID new to us is the next link of a chain we did not start. An older link of
      // our own chain (a late report) changes nothing.
      const accepted = order.pending.delete(event.clOrdId);
      if (accepted || !this.byClOrdId.has(event.clOrdId)) this.takeClOrdId(order, event.clOrdId);
    }
    if (!isTerminal(order.base)) {
      if (event.quantity !== null) order.quantity = event.quantity;
      if (event.price !== null) order.price = event.price;
      if (event.stopPrice !== null) order.stopPrice = event.stopPrice;
      // A late report's LeavesQty is out of date: what is open can only be what is not filled.
      order.leaves = Math.max(0, Math.min(event.leavesQty, order.quantity - order.filled));
      order.base = this.nextBase(order, event.status);
    }
    if (order.filled > 0 && order.filled === event.cumQty && event.avgPx !== '0') order.avgPrice = event.avgPx;
    if (isTerminal(order.base)) order.pending.clear();
    if (event.text.length > 0 && event.execType !== 'I') order.text = event.text;
    // A status report (a reconcile) that changes nothing leaves the order's time alone.
    if (before === undefined || fills.length > 0 || !sameView(before, this.view(order))) order.updatedAt = Math.max(order.updatedAt, now);
    return { orders: [this.view(order)], fills };
  }

  cancelRejected(event: CancelRejectEvent, now: number): OrderChanges {
    const order = this.find(event.clOrdId, event.origClOrdId, event.orderId);
    if (!order) return none();
    order.pending.delete(event.clOrdId);
    if (!isTerminal(order.base) && event.status !== null && event.status !== 'Rejected') order.base = this.nextBase(order, event.status);
    order.text = `${event.responseTo === 'cancel' ? 'Cancel' : 'Change'} rejected: ${event.text}`;
    order.updatedAt = now;
    return this.changed(order);
  }

  // ---- reconciliation after a (re)logon -------------------------------------------------------

  /** Call when the OrderMassStatusRequest goes out; pass the token to endReconcile. */
  beginReconcile(): number {
    for (const order of this.orders.values()) order.seenInReconcile = false;
    return ++this.sequence;
  }

  /**
   * Every status report of the request has been applied (with execution()). What was sent
   * before the request and is still unanswered did not reach the gateway: a new order it
   * does not know is rejected as lost, a cancel or replace it did not act on is dropped, and
   * an acknowledged order it no longer lists is no longer working.
   */
  endReconcile(token: number, now: number): OrderChanges {
    const changed: OrderView[] = [];
    for (const order of this.orders.values()) {
      let touched = false;
      for (const [clOrdId, request] of order.pending) {
        if (request.sequence >= token) continue;
        order.pending.delete(clOrdId);
        order.text = `${request.kind === 'cancel' ? 'Cancel' : 'Change'} request was lost while disconnected; not sent again`;
        touched = true;
      }
      if (!order.seenInReconcile && !isTerminal(order.base) && order.sequence < token) {
        if (order.orderId === null) {
          order.base = 'Rejected';
          order.text = 'The gateway never received this order (lost while disconnected); not sent again';
        } else {
          order.base = 'Expired';
          order.text = "No longer among the gateway's orders of the day";
        }
        order.pending.clear();
        touched = true;
      }
      if (touched) {
        order.updatedAt = now;
        changed.push(this.view(order));
      }
    }
    return { orders: changed, fills: [] };
  }

  // ---- reading ------------------------------------------------------------------------------

  order(key: string): OrderView | undefined {
    const order = this.orders.get(key);
    return order ? this.view(order) : undefined;
  }

  /** Whether this workstation sent the order (rather than hearing of it in a report). */
  sentHere(key: string): boolean {
    return (this.orders.get(key)?.sequence ?? 0) > 0;
  }

  /** The key of the order a ClOrdID or OrderID belongs to. */
  keyOf(id: string): string | undefined {
    return (this.byClOrdId.get(id) ?? this.byOrderId.get(id))?.key;
  }

  list(): OrderView[] {
    return [...this.orders.values()].map((order) => this.view(order));
  }

  fills(): readonly FillView[] {
    return this.fillList;
  }

  /** The ClOrdID the gateway knows the order by now (the OrigClOrdID of the next change). */
  currentClOrdId(key: string): string | undefined {
    return this.orders.get(key)?.clOrdId;
  }

  // ---- internals ----------------------------------------------------------------------------

  private changeable(key: string): Order {
    const order = this.orders.get(key);
    if (!order) throw new OrderRefusal(`No order ${key}`);
    if (isTerminal(order.base)) throw new OrderRefusal(`Order ${key} is already ${words(order.base)}`);
    return order;
  }

  private request(order: Order, kind: Request['kind'], clOrdId: string, now: number): OrderView {
    if (this.byClOrdId.has(clOrdId)) throw new OrderRefusal(`ClOrdID ${clOrdId} is already in use`);
    order.pending.set(clOrdId, { kind, sequence: ++this.sequence });
    this.byClOrdId.set(clOrdId, order);
    order.updatedAt = now;
    return this.view(order);
  }

  private find(clOrdId: string | null, origClOrdId: string | null, orderId: string | null): Order | undefined {
    return (
      (clOrdId !== null ? this.byClOrdId.get(clOrdId) : undefined) ??
      (origClOrdId !== null ? this.byClOrdId.get(origClOrdId) : undefined) ??
      (orderId !== null ? this.byOrderId.get(orderId) : undefined)
    );
  }

  /** An order this workstation did not send (another session, a drop copy): known from now on. */
  private adopt(event: ExecutionEvent, now: number): Order | undefined {
    const key = event.origClOrdId ?? event.clOrdId ?? event.orderId;
    if (key === null || event.exchange === null || event.symbol === null || event.side === null || event.account === null) return undefined;
    const quantity = event.quantity ?? event.cumQty + event.leavesQty;
    const order: Order = {
      key,
      clOrdId: event.clOrdId ?? key,
      orderId: null,
      fields: {
        account: event.account,
        exchange: event.exchange,
        symbol: event.symbol,
        side: event.side,
        type: event.type ?? (event.price !== null ? 'limit' : 'market'),
        tif: event.tif ?? 'day',
        quantity,
        price: event.price,
        stopPrice: event.stopPrice,
        ...(event.algoId === null ? {} : { algoId: event.algoId }),
      },
      quantity,
      price: event.price,
      stopPrice: event.stopPrice,
      filled: 0,
      leaves: event.leavesQty,
      avgPrice: null,
      notional: Rational.ZERO,
      base: 'PendingNew',
      pending: new Map(),
      sequence: 0,
      text: '',
      updatedAt: now,
      seenInReconcile: true,
    };
    this.orders.set(key, order);
    this.byClOrdId.set(key, order);
    if (event.clOrdId !== null) this.byClOrdId.set(event.clOrdId, order);
    return order;
  }

  private takeClOrdId(order: Order, clOrdId: string): void {
    order.clOrdId = clOrdId;
    this.byClOrdId.set(clOrdId, order);
  }

  /** The fills a report brings: its own (LastQty) and any the gateway counted that we missed. */
  private countFills(order: Order, event: ExecutionEvent): FillView[] {
    const missing = event.cumQty - order.filled;
    if (missing <= 0) return [];
    const fills: FillView[] = [];
    const own = event.execType === 'F' && event.lastPx !== null ? Math.min(event.lastQty, missing) : 0;
    const missed = missing - own;
    if (missed > 0) {
      const ownNotional = own > 0 ? Rational.parse(event.lastPx!).mul(Rational.of(own)) : Rational.ZERO;
      const price = this.missedPrice(order, event, ownNotional, missed);
      fills.push(this.fill(order, `${order.orderId ?? order.key}:${order.filled + 1}-${order.filled + missed}`, missed, price, event.time));
    }
    if (own > 0) fills.push(this.fill(order, event.execId, own, event.lastPx!, event.time));
    return fills;
  }

  /**
   * The average price of fills we never saw, from the gateway's AvgPx and CumQty. AvgPx is
   * rounded, so a result within that rounding of a tick is that tick; otherwise (several
   * missed fills at different prices) it is kept to eight places beyond the tick.
   */
  private missedPrice(order: Order, event: ExecutionEvent, ownNotional: Rational, missed: number): string {
    const total = Rational.parse(event.avgPx).mul(Rational.of(event.cumQty));
    const price = total.sub(order.notional).sub(ownNotional).div(Rational.of(missed));
    const tick = this.tickOf(order.fields.exchange, order.fields.symbol);
    const avgPlaces = event.avgPx.includes('.') ? event.avgPx.length - event.avgPx.indexOf('.') - 1 : 0;
    const bound = Rational.of(event.cumQty, 2n * 10n ** BigInt(avgPlaces) * BigInt(missed));
    if (tick) {
      const nearest = tick.value.mul(Rational.of(price.div(tick.value).add(Rational.of(1, 2)).floor()));
      if (nearest.sub(price).abs().compare(bound) <= 0) return tick.priceOf(tick.ticksOfRational(nearest));
    }
    return decimalOf(price, (tick?.decimals ?? 2) + 8);
  }

  private fill(order: Order, execId: string, quantity: number, price: string, time: number): FillView {
    order.filled += quantity;
    order.notional = order.notional.add(Rational.parse(price).mul(Rational.of(quantity)));
    const fill: FillView = {
      execId,
      orderKey: order.key,
      connectionId: this.connectionId,
      trader: this.trader,
      account: order.fields.account,
      exchange: order.fields.exchange,
      symbol: order.fields.symbol,
      side: order.fields.side,
      quantity,
      price,
      time,
    };
    this.fillList.push(fill);
    return fill;
  }

  /** The gateway's status, never going back: terminal stays, filled quantity decides partial. */
  private nextBase(order: Order, reported: OrderStatus | null): OrderStatus {
    if (isTerminal(order.base)) return order.base;
    if (reported !== null && isTerminal(reported)) return reported;
    if (order.filled > 0) return 'PartiallyFilled';
    if (reported === null || reported === 'PendingNew') return order.base;
    return 'Working';
  }

  private changed(order: Order): OrderChanges {
    return { orders: [this.view(order)], fills: [] };
  }

  private view(order: Order): OrderView {
    return {
      key: order.key,
      clOrdId: order.clOrdId,
      orderId: order.orderId,
      connectionId: this.connectionId,
      trader: this.trader,
      account: order.fields.account,
      exchange: order.fields.exchange,
      symbol: order.fields.symbol,
      side: order.fields.side,
      type: order.fields.type,
      tif: order.fields.tif,
      quantity: order.quantity,
      price: order.price,
      stopPrice: order.stopPrice,
      filled: order.filled,
      leaves: isTerminal(order.base) ? 0 : order.leaves,
      avgPrice: order.filled > 0 ? (order.avgPrice ?? averageOf(order)) : null,
      status: displayed(order),
      text: order.text,
      algoId: order.fields.algoId ?? null,
      updatedAt: order.updatedAt,
    };
  }
}

function sameView(a: OrderView, b: OrderView): boolean {
  return JSON.stringify({ ...a, updatedAt: 0 }) === JSON.stringify({ ...b, updatedAt: 0 });
}

function displayed(order: Order): OrderStatus {
  if (isTerminal(order.base) || order.pending.size === 0) return order.base;
  return [...order.pending.values()].some((r) => r.kind === 'cancel') ? 'PendingCancel' : 'PendingReplace';
}

function averageOf(order: Order): string {
  return decimalOf(order.notional.div(Rational.of(order.filled)), 10);
}

function words(status: OrderStatus): string {
  return status === 'Filled' ? 'filled' : status === 'Cancelled' ? 'cancelled' : status === 'Rejected' ? 'rejected' : 'expired';
}

function none(): OrderChanges {
  return { orders: [], fills: [] };
}
