import { Tag, utcTimestamp, type FixMessage, type FixView } from '../../src-shared/fix/codec';
import { PricingError, Rational, formatScaled } from '../../src-shared/pricing';
import type { Instrument, OrderType, Side, TimeInForce } from '../exchange';
import type { DayOrder, Execution, RefusedOrder } from '../orders/DayOrder';
import type { CancelRejectReport } from '../orders/OrderDesk';

// FIX order messages ↔ the order desk's requests. Prices cross here as decimal strings and
// become integer ticks of the instrument; a price off the tick lattice is refused, not rounded.

const sides: Record<string, Side> = { '1': 'buy', '2': 'sell' };
const sideCodes: Record<Side, string> = { buy: '1', sell: '2' };
const ordTypes: Record<string, OrderType> = { '1': 'market', '2': 'limit', '3': 'stop', '4': 'stopLimit' };
const ordTypeCodes: Record<OrderType, string> = { market: '1', limit: '2', stop: '3', stopLimit: '4' };
const tifs: Record<string, TimeInForce> = { '0': 'day', '1': 'gtc', '3': 'ioc', '4': 'fok' };
const tifCodes: Record<TimeInForce, string> = { day: '0', gtc: '1', ioc: '3', fok: '4' };

/** A request the gateway cannot take, with the text the trader reads. */
export class OrderMessageError extends Error {
  constructor(
    message: string,
    readonly refTagID?: number,
  ) {
    super(message);
    this.name = 'OrderMessageError';
  }
}

export interface ParsedOrderFields {
  clOrdId: string;
  account: string | undefined;
  symbol: string;
  exchange: string | undefined;
  side: Side;
}

export function readOrderIdentity(view: FixView): ParsedOrderFields {
  const side = sides[view.get(Tag.Side) ?? ''];
  if (!side) throw new OrderMessageError(`Side (54) '${view.get(Tag.Side) ?? ''}' is not supported: use 1 (buy) or 2 (sell)`, Tag.Side);
  return {
    clOrdId: required(view, Tag.ClOrdID, 'ClOrdID'),
    account: view.get(Tag.Account),
    symbol: required(view, Tag.Symbol, 'Symbol'),
    exchange: view.get(Tag.SecurityExchange),
    side,
  };
}

export function readOrdType(view: FixView): OrderType {
  const code = view.get(Tag.OrdType) ?? '';
  const type = ordTypes[code];
  if (!type) throw new OrderMessageError(`OrdType (40) '${code}' is not supported: use 1 market, 2 limit, 3 stop or 4 stop limit`, Tag.OrdType);
  return type;
}

export function readTimeInForce(view: FixView): TimeInForce {
  const code = view.get(Tag.TimeInForce) ?? '0';
  const tif = tifs[code];
  if (!tif) throw new OrderMessageError(`TimeInForce (59) '${code}' is not supported: use 0 DAY, 1 GTC, 3 IOC or 4 FOK`, Tag.TimeInForce);
  return tif;
}

/** OrderQty (38) as a whole number of contracts (or currency units for FX). */
export function readQuantity(view: FixView): number {
  const text = view.get(Tag.OrderQty) ?? '';
  if (!/^\d+(\.0*)?$/.test(text)) throw new OrderMessageError(`OrderQty (38) '${text}' must be a whole positive quantity`, Tag.OrderQty);
  const quantity = Number.parseInt(text, 10);
  if (!Number.isSafeInteger(quantity) || quantity <= 0) throw new OrderMessageError(`OrderQty (38) '${text}' must be a whole positive quantity`, Tag.OrderQty);
  return quantity;
}

/** A price tag as ticks of the instrument, or undefined when absent. */
export function readTicks(view: FixView, tag: number, name: string, instrument: Instrument): number | undefined {
  const text = view.get(tag);
  if (text === undefined) return undefined;
  try {
    return instrument.ticksOf(text);
  } catch (error) {
    const why = error instanceof PricingError ? error.message : String(error);
    throw new OrderMessageError(`${name} (${tag}) ${text} is not a price of ${instrument.symbol} (tick ${instrument.definition.tickSize}): ${why}`, tag);
  }
}

function required(view: FixView, tag: number, name: string): string {
  const value = view.get(tag);
  if (value === undefined || value.length === 0) throw new OrderMessageError(`${name} (${tag}) is required`, tag);
  return value;
}

/** AvgPx (6): exact average in the instrument's price, rounded half-up to 8 more places than its tick. */
export function averagePrice(order: Pick<DayOrder, 'notionalTicks' | 'filled'>, instrument: Instrument): string {
  if (order.filled === 0) return '0';
  const average = instrument.tick.rationalOf(1).mul(Rational.of(order.notionalTicks, BigInt(order.filled)));
  const places = (instrument.tick.rationalOf(1).decimalPlaces() ?? 8) + 8;
  const scaled = average.mul(Rational.of(10n ** BigInt(places))).add(Rational.of(1n, 2n)).floor();
  return trimZeros(formatScaled(scaled, places));
}

function trimZeros(decimal: string): string {
  return decimal.includes('.') ? decimal.replace(/0+$/, '').replace(/\.$/, '') : decimal;
}

/** One ExecutionReport (35=8) about a day order. */
export function writeExecutionReport(msg: FixMessage, order: DayOrder, execution: Execution, instrument: Instrument): FixMessage {
  msg.clear('8');
  msg.set(Tag.OrderID, order.orderId).set(Tag.ClOrdID, order.clOrdId);
  if (order.origClOrdId !== undefined && (execution.execType === '4' || execution.execType === '5')) msg.set(Tag.OrigClOrdID, order.origClOrdId);
  msg.set(Tag.ExecID, execution.execId).set(Tag.ExecType, execution.execType).set(Tag.OrdStatus, order.status);
  msg.set(Tag.Account, order.account).set(Tag.Symbol, order.symbol).set(Tag.SecurityExchange, order.exchange);
  msg.set(Tag.Side, sideCodes[order.side]).set(Tag.OrderQty, order.quantity).set(Tag.OrdType, ordTypeCodes[order.type]);
  if (order.price !== undefined) msg.set(Tag.Price, instrument.priceOf(order.price));
  if (order.stopPrice !== undefined) msg.set(Tag.StopPx, instrument.priceOf(order.stopPrice));
  msg.set(Tag.TimeInForce, tifCodes[order.tif]);
  if (execution.lastQty !== undefined && execution.lastPx !== undefined) {
    msg.set(Tag.LastQty, execution.lastQty).set(Tag.LastPx, instrument.priceOf(execution.lastPx));
  }
  msg.set(Tag.LeavesQty, order.leaves).set(Tag.CumQty, order.filled).set(Tag.AvgPx, averagePrice(order, instrument));
  msg.set(Tag.TransactTime, utcTimestamp(execution.time));
  if (execution.text !== undefined) msg.set(Tag.Text, execution.text);
  if (order.fft3 !== undefined) msg.set(Tag.FFT3, order.fft3);
  if (order.complianceId !== undefined) msg.set(Tag.AlgoComplianceID, order.complianceId);
  return msg;
}

/** The ExecutionReport (150=8, 39=8) of a new order refused before it reached a book. */
export function writeRefusal(msg: FixMessage, refused: RefusedOrder): FixMessage {
  msg.clear('8');
  msg.set(Tag.OrderID, 'NONE').set(Tag.ClOrdID, refused.clOrdId).set(Tag.ExecID, refused.execId);
  msg.set(Tag.ExecType, '8').set(Tag.OrdStatus, '8').set(Tag.OrdRejReason, refused.ordRejReason);
  msg.set(Tag.Account, refused.account).set(Tag.Symbol, refused.symbol);
  if (refused.exchange !== undefined) msg.set(Tag.SecurityExchange, refused.exchange);
  msg.set(Tag.Side, sideCodes[refused.side]).set(Tag.OrderQty, refused.quantity);
  msg.set(Tag.LeavesQty, 0).set(Tag.CumQty, 0).set(Tag.AvgPx, 0).set(Tag.TransactTime, utcTimestamp(refused.time)).set(Tag.Text, refused.text);
  return msg;
}

export function writeCancelReject(msg: FixMessage, report: CancelRejectReport): FixMessage {
  msg.clear('9');
  msg.set(Tag.OrderID, report.orderId).set(Tag.ClOrdID, report.clOrdId).set(Tag.OrigClOrdID, report.origClOrdId);
  msg.set(Tag.OrdStatus, report.ordStatus).set(Tag.Account, report.owner.account);
  msg.set(Tag.CxlRejResponseTo, report.request === 'cancel' ? '1' : '2').set(Tag.CxlRejReason, report.reason).set(Tag.Text, report.text);
  return msg;
}
