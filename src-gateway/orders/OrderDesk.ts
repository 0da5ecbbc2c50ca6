import {
  SimulatedExchange,
  type BookLevelChanged,
  type ExchangeDefinition,
  type ExchangeEvent,
  type FixingPublished,
  type Instrument,
  type OrderType,
  type SessionChanged,
  type Side,
  type TimeInForce,
  type TradePrinted,
} from '../exchange';
import { isTerminal, workingStatus, type DayOrder, type Execution, type ExecType, type OrdStatus, type RefusedOrder } from './DayOrder';
import type { OrderJournal } from './OrderJournal';

/** Who an order belongs to: the firm, the account it trades for, the trader who sent it. */
export interface OrderOwner {
  readonly firm: string;
  readonly account: string;
  readonly trader: string;
}

export interface NewOrderRequest {
  readonly clOrdId: string;
  readonly exchange: string;
  readonly symbol: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly tif: TimeInForce;
  readonly quantity: number;
  readonly price?: number;
  readonly stopPrice?: number;
  readonly fft3?: number;
  readonly complianceId?: bigint;
}

export interface CancelRequest {
  readonly clOrdId: string;
  readonly origClOrdId: string;
}

export interface ReplaceRequest extends CancelRequest {
  readonly quantity: number;
  readonly price?: number;
  readonly stopPrice?: number;
}

/** FIX CxlRejReason (102). */
export const CxlRejReason = { TooLateToCancel: 0, UnknownOrder: 1, Other: 99, DuplicateClOrdID: 6 } as const;

/** An OrderCancelReject (35=9): sent to the trader who asked. */
export interface CancelRejectReport {
  readonly owner: OrderOwner;
  readonly orderId: string;
  readonly clOrdId: string;
  readonly origClOrdId: string;
  readonly ordStatus: OrdStatus;
  readonly request: 'cancel' | 'replace';
  readonly reason: number;
  readonly text: string;
}

export type MarketEvent = TradePrinted | BookLevelChanged | SessionChanged | FixingPublished;

export interface OrderDeskListener {
  /** An order changed: one ExecutionReport, to every session entitled to the account. */
  execution(order: DayOrder, execution: Execution): void;
  /** A new order refused before it reached a book. */
  refused(refused: RefusedOrder): void;
  cancelRejected(report: CancelRejectReport): void;
  /** Market data and session status of an exchange, for the feed. */
  market(exchange: string, event: MarketEvent): void;
  /** Everything one command produced has been delivered (the feed sends its batch). */
  commandDone(): void;
}

export interface OrderDeskOptions {
  exchanges: readonly ExchangeDefinition[];
  journal: OrderJournal;
  listener: OrderDeskListener;
  clock: () => number;
  /** The trading day (e.g. "2026-11-22") an instant belongs to. */
  tradingDayOf: (epochMs: number) => string;
  hours: 'schedule' | 'alwaysOpen';
  /** Background flow seed; none means no background flow. */
  seed?: number;
}

type Outgoing =
  | { kind: 'execution'; order: DayOrder; execution: Execution }
  | { kind: 'refused'; refused: RefusedOrder }
  | { kind: 'cancelRejected'; report: CancelRejectReport }
  | { kind: 'market'; exchange: string; event: MarketEvent };

/** FIX OrdRejReason (103). */
const OrdRejReason = { UnknownSymbol: 1, ExchangeClosed: 2, OrderExceedsLimit: 3, DuplicateOrder: 6, Other: 99 } as const;

const flowOwnerPrefix = 'flow';

/**
 * The gateway's order desk: client orders in, through the simulated exchanges, ExecutionReports
 * out. Every command runs in one journal transaction; what it produced reaches the listener
 * only after the transaction committed, so nothing is acknowledged that a crash could lose.
 * After a restart it reloads the day's orders and puts resting ones back in queue order.
 */
export class OrderDesk {
  private readonly exchanges = new Map<string, SimulatedExchange>();
  private readonly orders = new Map<string, DayOrder>();
  /** `firm|ClOrdID` of every request of the day → OrderID. */
  private readonly byClOrdId = new Map<string, string>();
  private readonly outbox: Outgoing[] = [];
  /** `account|exchange|symbol` → net filled quantity, + long. */
  private readonly positions = new Map<string, number>();
  private readonly journal: OrderJournal;
  private readonly listener: OrderDeskListener;
  private readonly clock: () => number;
  private readonly tradingDayOf: (epochMs: number) => string;
  private execSeq: number;
  /** The new order being submitted: its `accepted` event creates the DayOrder. */
  private submitting: { owner: OrderOwner; request: NewOrderRequest } | undefined;
  /** The cancel or replace being processed: its events carry the new ClOrdID. */
  private amending: { owner: OrderOwner; request: CancelRequest; kind: 'cancel' | 'replace' } | undefined;

  constructor(options: OrderDeskOptions) {
    this.journal = options.journal;
    this.listener = options.listener;
    this.clock = options.clock;
    this.tradingDayOf = options.tradingDayOf;
    this.execSeq = this.journal.counter('exec');
    const today = this.tradingDayOf(this.clock());
    const restored = this.journal.ordersOf(today).concat(this.journal.workingOrdersBefore(today));
    for (const definition of options.exchanges) {
      const exchange = new SimulatedExchange(definition, {
        listener: { onEvent: (event) => this.onExchangeEvent(definition.name, event) },
        clock: options.clock,
        hours: options.hours,
        ...(options.seed === undefined ? {} : { seed: options.seed }),
        firstOrderId: this.journal.counter(`orderId:${definition.name}`) + 1,
        firstTradeId: this.journal.counter(`tradeId:${definition.name}`) + 1,
      });
      this.exchanges.set(definition.name, exchange);
    }
    this.journal.transaction(() => {
      for (const order of restored.sort((a, b) => a.priority - b.priority)) this.restore(order, today);
    });
    this.outbox.length = 0;
  }

  exchange(name: string): SimulatedExchange | undefined {
    return this.exchanges.get(name);
  }

  exchangeList(): SimulatedExchange[] {
    return [...this.exchanges.values()];
  }

  instrument(exchange: string, symbol: string): Instrument | undefined {
    return this.exchanges.get(exchange)?.instrument(symbol);
  }

  /** The day's orders, oldest first. */
  dayOrders(): IterableIterator<DayOrder> {
    return this.orders.values();
  }

  order(orderId: string): DayOrder | undefined {
    return this.orders.get(orderId);
  }

  orderByClOrdId(firm: string, clOrdId: string): DayOrder | undefined {
    const orderId = this.byClOrdId.get(`${firm}|${clOrdId}`);
    return orderId === undefined ? undefined : this.orders.get(orderId);
  }

  /** Net position (contracts, + long) of an account in an instrument from the day's fills. */
  position(account: string, exchange: string, symbol: string): number {
    return this.positions.get(`${account}|${exchange}|${symbol}`) ?? 0;
  }

  submit(owner: OrderOwner, request: NewOrderRequest): void {
    this.command(() => {
      const exchange = this.exchanges.get(request.exchange);
      const refuse = (text: string, reason: number): void => this.refuse(owner, request, text, reason);
      if (this.byClOrdId.has(`${owner.firm}|${request.clOrdId}`)) return refuse(`Duplicate ClOrdID ${request.clOrdId}`, OrdRejReason.DuplicateOrder);
      if (!exchange) return refuse(`Unknown exchange ${request.exchange}`, OrdRejReason.UnknownSymbol);
      if (!exchange.instrument(request.symbol)) return refuse(`Unknown instrument ${request.symbol} on ${request.exchange}`, OrdRejReason.UnknownSymbol);
      this.submitting = { owner, request };
      try {
        exchange.submit({
          instrument: request.symbol,
          owner: exchangeOwner(owner),
          clientRef: request.clOrdId,
          side: request.side,
          type: request.type,
          tif: request.tif,
          quantity: request.quantity,
          ...(request.price === undefined ? {} : { price: request.price }),
          ...(request.stopPrice === undefined ? {} : { stopPrice: request.stopPrice }),
        });
      } finally {
        this.submitting = undefined;
      }
    });
  }

  cancel(owner: OrderOwner, request: CancelRequest): void {
    this.command(() => {
      const order = this.amendable(owner, request, 'cancel');
      if (!order) return;
      this.amending = { owner, request, kind: 'cancel' };
      try {
        this.exchanges.get(order.exchange)!.cancel(order.exchangeOrderId, request.clOrdId);
      } finally {
        this.amending = undefined;
      }
    });
  }

  replace(owner: OrderOwner, request: ReplaceRequest): void {
    this.command(() => {
      const order = this.amendable(owner, request, 'replace');
      if (!order) return;
      this.amending = { owner, request, kind: 'replace' };
      try {
        this.exchanges.get(order.exchange)!.replace({
          orderId: order.exchangeOrderId,
          clientRef: request.clOrdId,
          quantity: request.quantity,
          ...(request.price === undefined ? {} : { price: request.price }),
          ...(request.stopPrice === undefined ? {} : { stopPrice: request.stopPrice }),
        });
      } finally {
        this.amending = undefined;
      }
    });
  }

  /** The gateway's timer: schedules, fixings and background flow up to now. */
  step(nowMs: number): void {
    this.command(() => {
      for (const exchange of this.exchanges.values()) exchange.step(nowMs);
    });
  }

  /** Admin: open or close an exchange's market now. */
  setMarketOpen(exchangeName: string, open: boolean): boolean {
    const exchange = this.exchanges.get(exchangeName);
    if (!exchange) return false;
    this.command(() => (open ? exchange.openMarket() : exchange.closeMarket()));
    return true;
  }

  private command(work: () => void): void {
    this.journal.transaction(work);
    const outgoing = this.outbox.splice(0);
    for (const item of outgoing) {
      switch (item.kind) {
        case 'execution':
          this.listener.execution(item.order, item.execution);
          break;
        case 'refused':
          this.listener.refused(item.refused);
          break;
        case 'cancelRejected':
          this.listener.cancelRejected(item.report);
          break;
        case 'market':
          this.listener.market(item.exchange, item.event);
          break;
      }
    }
    this.listener.commandDone();
  }

  /** The order a cancel or replace is about, or undefined after queueing the cancel reject. */
  private amendable(owner: OrderOwner, request: CancelRequest, kind: 'cancel' | 'replace'): DayOrder | undefined {
    const order = this.orderByClOrdId(owner.firm, request.origClOrdId);
    const reject = (reason: number, text: string): undefined => {
      this.outbox.push({
        kind: 'cancelRejected',
        report: {
          owner,
          orderId: order?.orderId ?? 'NONE',
          clOrdId: request.clOrdId,
          origClOrdId: request.origClOrdId,
          ordStatus: order?.status ?? '8',
          request: kind,
          reason,
          text,
        },
      });
      return undefined;
    };
    if (!order || order.account !== owner.account) return reject(CxlRejReason.UnknownOrder, `Unknown order ${request.origClOrdId}`);
    if (this.byClOrdId.has(`${owner.firm}|${request.clOrdId}`)) return reject(CxlRejReason.DuplicateClOrdID, `Duplicate ClOrdID ${request.clOrdId}`);
    if (isTerminal(order.status)) return reject(CxlRejReason.TooLateToCancel, `Order ${order.orderId} is already ${statusName(order.status)}`);
    return order;
  }

  private refuse(owner: OrderOwner, request: NewOrderRequest, text: string, ordRejReason: number): void {
    const refused: RefusedOrder = {
      ...owner,
      clOrdId: request.clOrdId,
      symbol: request.symbol,
      exchange: request.exchange,
      side: request.side,
      quantity: request.quantity,
      execId: this.nextExecId(),
      time: this.clock(),
      text,
      ordRejReason,
    };
    this.journal.saveExecution(this.tradingDayOf(refused.time), {
      orderId: undefined,
      execution: { execId: refused.execId, execType: '8', time: refused.time, text, ordRejReason },
      refused,
    });
    this.outbox.push({ kind: 'refused', refused });
  }

  private onExchangeEvent(exchangeName: string, event: ExchangeEvent): void {
    switch (event.kind) {
      case 'trade':
      case 'book':
      case 'session':
      case 'fixing':
        this.outbox.push({ kind: 'market', exchange: exchangeName, event });
        return;
      case 'rejected': {
        if (event.owner.startsWith(flowOwnerPrefix) || !this.submitting) return;
        const reason = event.reason === 'MarketClosed' ? OrdRejReason.ExchangeClosed : event.reason === 'UnknownInstrument' ? OrdRejReason.UnknownSymbol : OrdRejReason.Other;
        this.refuse(this.submitting.owner, this.submitting.request, event.text, reason);
        return;
      }
      case 'accepted': {
        this.journal.raiseCounter(`orderId:${exchangeName}`, event.orderId);
        if (event.owner.startsWith(flowOwnerPrefix) || !this.submitting) return;
        const { owner, request } = this.submitting;
        const order: DayOrder = {
          orderId: `${exchangeName}-${event.orderId}`,
          exchange: exchangeName,
          exchangeOrderId: event.orderId,
          ...owner,
          symbol: request.symbol,
          side: request.side,
          type: request.type,
          tif: request.tif,
          clOrdId: request.clOrdId,
          origClOrdId: undefined,
          quantity: event.quantity,
          price: event.price,
          stopPrice: event.stopPrice,
          filled: 0,
          leaves: event.quantity,
          notionalTicks: 0n,
          status: '0',
          fft3: request.fft3,
          complianceId: request.complianceId,
          priority: event.priority,
          waitingForTrigger: event.type === 'stop' || event.type === 'stopLimit',
          createdAt: event.time,
          updatedAt: event.time,
        };
        this.orders.set(order.orderId, order);
        this.byClOrdId.set(`${owner.firm}|${order.clOrdId}`, order.orderId);
        this.report(order, '0', event.time);
        return;
      }
      case 'fill': {
        this.journal.raiseCounter(`tradeId:${exchangeName}`, event.tradeId);
        const order = this.orders.get(`${exchangeName}-${event.orderId}`);
        if (!order) return;
        order.filled = event.filled;
        order.leaves = event.leaves;
        order.notionalTicks += BigInt(event.price) * BigInt(event.quantity);
        this.addPosition(order, event.quantity);
        order.status = workingStatus(order);
        this.report(order, 'F', event.time, { lastQty: event.quantity, lastPx: event.price });
        return;
      }
      case 'cancelled': {
        const order = this.orders.get(`${exchangeName}-${event.orderId}`);
        if (!order) return;
        if (event.clientRef !== undefined && this.amending) this.takeClOrdId(order, event.clientRef);
        order.leaves = 0;
        order.filled = event.filled;
        order.status = '4';
        this.report(order, '4', event.time, event.reason === 'Requested' ? {} : { text: cancelText(event.reason) });
        return;
      }
      case 'expired': {
        const order = this.orders.get(`${exchangeName}-${event.orderId}`);
        if (!order) return;
        order.leaves = 0;
        order.status = 'C';
        this.report(order, 'C', event.time, { text: 'Expired at the session close' });
        return;
      }
      case 'replaced': {
        const order = this.orders.get(`${exchangeName}-${event.orderId}`);
        if (!order) return;
        if (event.clientRef !== undefined) this.takeClOrdId(order, event.clientRef);
        order.quantity = event.quantity;
        order.price = event.price;
        order.stopPrice = event.stopPrice;
        order.filled = event.filled;
        order.leaves = event.leaves;
        order.priority = event.priority;
        order.status = workingStatus(order);
        this.report(order, '5', event.time);
        return;
      }
      case 'stopTriggered': {
        const order = this.orders.get(`${exchangeName}-${event.orderId}`);
        if (!order) return;
        order.waitingForTrigger = false;
        order.priority = event.priority;
        this.report(order, 'L', event.time, { text: `Stop triggered by a trade at tick ${event.tradePrice}` });
        return;
      }
      case 'cancelRejected': {
        const amending = this.amending;
        if (!amending) return;
        const order = this.orderByClOrdId(amending.owner.firm, amending.request.origClOrdId);
        this.outbox.push({
          kind: 'cancelRejected',
          report: {
            owner: amending.owner,
            orderId: order?.orderId ?? 'NONE',
            clOrdId: amending.request.clOrdId,
            origClOrdId: amending.request.origClOrdId,
            ordStatus: order?.status ?? '8',
            request: event.request,
            reason: event.reason === 'UnknownOrder' ? CxlRejReason.UnknownOrder : CxlRejReason.Other,
            text: event.text,
          },
        });
        return;
      }
    }
  }

  /** A cancel or replace was accepted: the order now answers to the request's ClOrdID. */
  private takeClOrdId(order: DayOrder, clOrdId: string): void {
    order.origClOrdId = order.clOrdId;
    order.clOrdId = clOrdId;
    this.byClOrdId.set(`${order.firm}|${clOrdId}`, order.orderId);
  }

  private report(order: DayOrder, execType: ExecType, time: number, details: Partial<Pick<Execution, 'lastQty' | 'lastPx' | 'text'>> = {}): void {
    order.updatedAt = time;
    const execution: Execution = { execId: this.nextExecId(), execType, time, ...details };
    const day = this.tradingDayOf(time);
    this.journal.saveOrder(day, order);
    this.journal.saveExecution(day, { orderId: order.orderId, execution });
    this.outbox.push({ kind: 'execution', order: { ...order }, execution });
  }

  private nextExecId(): string {
    this.execSeq += 1;
    this.journal.raiseCounter('exec', this.execSeq);
    return `E${this.execSeq}`;
  }

  private addPosition(order: DayOrder, quantity: number): void {
    const key = `${order.account}|${order.exchange}|${order.symbol}`;
    this.positions.set(key, (this.positions.get(key) ?? 0) + (order.side === 'buy' ? quantity : -quantity));
  }

  private restore(order: DayOrder, today: string): void {
    this.orders.set(order.orderId, order);
    this.addPosition(order, order.filled);
    this.byClOrdId.set(`${order.firm}|${order.clOrdId}`, order.orderId);
    if (order.origClOrdId !== undefined) this.byClOrdId.set(`${order.firm}|${order.origClOrdId}`, order.orderId);
    if (isTerminal(order.status) || order.leaves === 0) return;
    const exchange = this.exchanges.get(order.exchange);
    if (!exchange?.instrument(order.symbol)) return;
    // A GTC order carried from an earlier day joins today's book of orders.
    this.journal.saveOrder(today, order);
    exchange.restore({
      orderId: order.exchangeOrderId,
      owner: exchangeOwner(order),
      instrument: order.symbol,
      side: order.side,
      type: order.type,
      tif: order.tif,
      price: order.price,
      stopPrice: order.stopPrice,
      quantity: order.quantity,
      filled: order.filled,
      leaves: order.leaves,
      priority: order.priority,
      waitingForTrigger: order.waitingForTrigger,
    });
  }
}

/** Orders of one account never trade with each other by accident of naming: the account is the owner. */
function exchangeOwner(owner: Pick<OrderOwner, 'firm' | 'account'>): string {
  return `${owner.firm}/${owner.account}`;
}

function statusName(status: OrdStatus): string {
  return { '0': 'new', '1': 'partially filled', '2': 'filled', '4': 'cancelled', '8': 'rejected', C: 'expired' }[status];
}

function cancelText(reason: string): string {
  switch (reason) {
    case 'ImmediateOrCancel':
      return 'Unfilled quantity cancelled (immediate or cancel)';
    case 'FillOrKill':
      return 'Not filled completely at once (fill or kill)';
    case 'SelfTrade':
      return 'Cancelled to prevent a self-trade';
    case 'ReplacedToFilledQuantity':
      return 'Replaced to a quantity at or below the filled quantity';
    default:
      return reason;
  }
}
