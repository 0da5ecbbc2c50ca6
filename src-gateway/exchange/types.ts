/**
 * The simulated exchange's vocabulary: commands in, events out. Prices are integer tick
 * counts of the instrument (see src-shared/pricing TickSize for the decimal strings FIX uses);
 * quantities are positive integers (contracts, or base-currency units for FX).
 */

export type Side = 'buy' | 'sell';

/** `stop` is a stop-market order, `stopLimit` a stop-limit; both are triggered by trades. */
export type OrderType = 'limit' | 'market' | 'stop' | 'stopLimit';

/**
 * `day` expires at the session close, `gtc` stays until cancelled, `ioc` cancels what does
 * not fill at once, `fok` fills completely at once or not at all.
 */
export type TimeInForce = 'day' | 'gtc' | 'ioc' | 'fok';

/**
 * A new order. `owner` is opaque to the exchange (the gateway's account or trader key):
 * it comes back on every event about the order and decides what a self-trade is.
 * `clientRef` (the ClOrdID) comes back on the answer to this command.
 */
export interface NewOrder {
  instrument: string;
  owner: string;
  clientRef?: string;
  side: Side;
  type: OrderType;
  tif: TimeInForce;
  quantity: number;
  /** Limit price in ticks: required for limit and stopLimit, refused for market and stop. */
  price?: number;
  /** Trigger price in ticks: required for stop and stopLimit, refused otherwise. */
  stopPrice?: number;
}

/**
 * Cancel/replace. `quantity` is the new total order quantity including what has filled
 * (FIX OrderQty (38) on 35=G). A price is given for orders that have one, a stop price for
 * stop orders not yet triggered; what is left out stays as it is.
 */
export interface ReplaceOrder {
  orderId: number;
  clientRef?: string;
  quantity: number;
  price?: number;
  stopPrice?: number;
}

export type RejectReason =
  | 'UnknownInstrument'
  | 'MarketClosed'
  | 'InvalidQuantity'
  | 'InvalidPrice'
  | 'InvalidOrderType'
  | 'StopPriceAlreadyTriggered';

export type CancelRejectReason = 'UnknownOrder' | 'MarketClosed' | 'InvalidQuantity' | 'InvalidPrice' | 'StopPriceAlreadyTriggered';

export type CancelReason =
  /** The owner asked (35=F). */
  | 'Requested'
  /** What an IOC order, a market order or a triggered stop-market order could not fill at once. */
  | 'ImmediateOrCancel'
  /** A FOK order that could not fill completely at once. */
  | 'FillOrKill'
  /** Self-trade prevention cancelled the rest of the incoming order (cancel newest). */
  | 'SelfTrade'
  /** A replace asked for a quantity at or below what had already filled. */
  | 'ReplacedToFilledQuantity';

export type SessionStatus = 'open' | 'closed';

/** Why the session status changed: the weekly schedule, or the admin API (openMarket/closeMarket). */
export type SessionCause = 'schedule' | 'manual';

/** A view of an order the exchange holds (resting, or a stop waiting for its trigger). */
export interface OrderState {
  readonly orderId: number;
  readonly owner: string;
  readonly instrument: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly tif: TimeInForce;
  readonly price: number | undefined;
  readonly stopPrice: number | undefined;
  readonly quantity: number;
  readonly filled: number;
  readonly leaves: number;
  /** Queue priority stamp: lower is earlier at the same price. */
  readonly priority: number;
  /** True while a stop order waits for its trigger. */
  readonly waitingForTrigger: boolean;
}

export interface OrderAccepted {
  kind: 'accepted';
  time: number;
  instrument: string;
  orderId: number;
  owner: string;
  clientRef: string | undefined;
  side: Side;
  type: OrderType;
  tif: TimeInForce;
  quantity: number;
  price: number | undefined;
  stopPrice: number | undefined;
  priority: number;
}

export interface OrderRejected {
  kind: 'rejected';
  time: number;
  instrument: string;
  owner: string;
  clientRef: string | undefined;
  reason: RejectReason;
  text: string;
}

/** One side of one trade. The resting order's fill comes first, then the aggressor's. */
export interface OrderFilled {
  kind: 'fill';
  time: number;
  instrument: string;
  orderId: number;
  owner: string;
  side: Side;
  tradeId: number;
  price: number;
  quantity: number;
  /** Cumulative filled quantity of the order after this fill. */
  filled: number;
  leaves: number;
  aggressor: boolean;
}

export interface OrderCancelled {
  kind: 'cancelled';
  time: number;
  instrument: string;
  orderId: number;
  owner: string;
  /** The ClOrdID of the cancel or replace request that caused it, if one did. */
  clientRef: string | undefined;
  reason: CancelReason;
  /** Open quantity that was cancelled. */
  quantity: number;
  filled: number;
}

/** A DAY order (resting or a waiting stop) at the session close. */
export interface OrderExpired {
  kind: 'expired';
  time: number;
  instrument: string;
  orderId: number;
  owner: string;
  quantity: number;
  filled: number;
}

export interface OrderReplaced {
  kind: 'replaced';
  time: number;
  instrument: string;
  orderId: number;
  owner: string;
  clientRef: string | undefined;
  quantity: number;
  price: number | undefined;
  stopPrice: number | undefined;
  filled: number;
  leaves: number;
  /** False when the order went to the back of the queue (price change or quantity increase). */
  keptPriority: boolean;
  priority: number;
}

/** A cancel or replace that could not be done (FIX 35=9, CxlRejResponseTo (434) from `request`). */
export interface CancelRejected {
  kind: 'cancelRejected';
  time: number;
  orderId: number;
  clientRef: string | undefined;
  request: 'cancel' | 'replace';
  reason: CancelRejectReason;
  text: string;
}

export interface StopTriggered {
  kind: 'stopTriggered';
  time: number;
  instrument: string;
  orderId: number;
  owner: string;
  /** The trade price that reached the stop. */
  tradePrice: number;
  priority: number;
}

/** Market data: a trade print. `seq` is the instrument's market-data sequence number. */
export interface TradePrinted {
  kind: 'trade';
  time: number;
  instrument: string;
  seq: number;
  tradeId: number;
  price: number;
  quantity: number;
  aggressor: Side;
}

/**
 * Market data: one price level's new state (full depth, by price). `quantity` 0 with
 * action `delete` removes the level. `seq` is the instrument's market-data sequence number,
 * shared with trade prints, contiguous from 1.
 */
export interface BookLevelChanged {
  kind: 'book';
  time: number;
  instrument: string;
  seq: number;
  side: Side;
  price: number;
  quantity: number;
  orders: number;
  action: 'new' | 'change' | 'delete';
}

export interface SessionChanged {
  kind: 'session';
  time: number;
  exchange: string;
  status: SessionStatus;
  cause: SessionCause;
}

/** A benchmark fixing (ECB, WMR) published at its time for an instrument. */
export interface FixingPublished {
  kind: 'fixing';
  time: number;
  exchange: string;
  instrument: string;
  benchmark: string;
  price: number;
}

export type ExchangeEvent =
  | OrderAccepted
  | OrderRejected
  | OrderFilled
  | OrderCancelled
  | OrderExpired
  | OrderReplaced
  | CancelRejected
  | StopTriggered
  | TradePrinted
  | BookLevelChanged
  | SessionChanged
  | FixingPublished;

/**
 * Everything the exchange does comes out here, synchronously, in order, during the call
 * that caused it (a command, or step()). A listener must not call back into the exchange
 * from inside onEvent.
 */
export interface ExchangeListener {
  onEvent(event: ExchangeEvent): void;
}
