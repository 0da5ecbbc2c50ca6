import type { OrderType, Side, TimeInForce } from '../exchange';

/** FIX OrdStatus (39) values the gateway reports. */
export type OrdStatus = '0' | '1' | '2' | '4' | '8' | 'C';

/** FIX ExecType (150) values the gateway reports; L is a stop order triggered, I an order status. */
export type ExecType = '0' | '4' | '5' | '8' | 'C' | 'F' | 'I' | 'L';

/**
 * The gateway's record of one order of the current trading day ("top day"): what every
 * ExecutionReport and status answer is built from. Prices are integer ticks of the instrument.
 */
export interface DayOrder {
  /** OrderID (37): unique for ever, `<exchange>-<exchange order id>`. */
  readonly orderId: string;
  readonly exchange: string;
  readonly exchangeOrderId: number;
  readonly firm: string;
  readonly account: string;
  /** The trader (user) who entered the order. */
  readonly trader: string;
  readonly symbol: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly tif: TimeInForce;
  /** ClOrdID (11) of the latest accepted request on this order. */
  clOrdId: string;
  /** OrigClOrdID (41) of the latest accepted replace or cancel. */
  origClOrdId: string | undefined;
  quantity: number;
  price: number | undefined;
  stopPrice: number | undefined;
  filled: number;
  leaves: number;
  /** Σ fill price × fill quantity in ticks, exact, for AvgPx. */
  notionalTicks: bigint;
  status: OrdStatus;
  readonly fft3: number | undefined;
  /** ComplianceID (25029) sent to the exchange, when the algo-labeling rule applies. */
  readonly complianceId: bigint | undefined;
  /** Queue priority at the exchange (restart puts orders back in this order). */
  priority: number;
  waitingForTrigger: boolean;
  readonly createdAt: number;
  updatedAt: number;
}

/** One execution of an order: the substance of one ExecutionReport. */
export interface Execution {
  /** ExecID (17): unique for ever. */
  readonly execId: string;
  readonly execType: ExecType;
  readonly time: number;
  readonly lastQty?: number;
  readonly lastPx?: number;
  readonly text?: string;
  /** OrdRejReason (103) on a reject. */
  readonly ordRejReason?: number;
}

/** A request that was refused before an order existed (or for an unknown order): reported, journaled. */
export interface RefusedOrder {
  readonly firm: string;
  readonly account: string;
  readonly trader: string;
  readonly clOrdId: string;
  readonly symbol: string;
  readonly exchange: string | undefined;
  readonly side: Side;
  readonly quantity: number;
  readonly execId: string;
  readonly time: number;
  readonly text: string;
  readonly ordRejReason: number;
}

export function isTerminal(status: OrdStatus): boolean {
  return status === '2' || status === '4' || status === '8' || status === 'C';
}

/** The OrdStatus an order has after a fill or a change of quantity. */
export function workingStatus(order: Pick<DayOrder, 'filled' | 'leaves'>): OrdStatus {
  if (order.leaves === 0 && order.filled > 0) return '2';
  return order.filled > 0 ? '1' : '0';
}
