import {
  FixMessage,
  groupEntries,
  indexIn,
  parseUtcTimestamp,
  readExecutionReport,
  readMarketDataIncrementalRefresh,
  readMarketDataSnapshotFullRefresh,
  readOrderCancelReject,
  Tag,
  utcTimestamp,
  type FixView,
} from '../../src-shared/fix/codec';
import type { InstrumentInfo, OrderStatus } from '../../src-shared/ipc/contract/trading';
import type { MarketDataRequestOut } from './MarketDataCache';
import type { IncrementEntry, SnapshotEntry } from './MarketBook';
import type { CancelRejectEvent, ExecutionEvent, NewOrderFields, OrderType, Side, TimeInForce } from './OrderStateMachine';

// FIX 4.4 messages ↔ the trading service's words. Prices stay decimal strings as on the wire.

const sideCodes: Record<Side, string> = { buy: '1', sell: '2' };
const sides: Record<string, Side> = { '1': 'buy', '2': 'sell' };
const typeCodes: Record<OrderType, string> = { market: '1', limit: '2', stop: '3', stopLimit: '4' };
const types: Record<string, OrderType> = { '1': 'market', '2': 'limit', '3': 'stop', '4': 'stopLimit' };
const tifCodes: Record<TimeInForce, string> = { day: '0', gtc: '1', ioc: '3', fok: '4' };
const tifs: Record<string, TimeInForce> = { '0': 'day', '1': 'gtc', '3': 'ioc', '4': 'fok' };
const statuses: Record<string, OrderStatus> = {
  '0': 'Working',
  '1': 'PartiallyFilled',
  '2': 'Filled',
  '3': 'Expired',
  '4': 'Cancelled',
  '6': 'PendingCancel',
  '8': 'Rejected',
  '9': 'Working',
  A: 'PendingNew',
  C: 'Expired',
  E: 'PendingReplace',
};

const SecurityListRequestType = 559;
const ContractMultiplier = 231;
const MinPriceIncrement = 969;
const SecurityDesc = 107;
export const TotNumReports = 911;
export const LastRptRequested = 912;

/** A quantity field: a whole number (FIX sends "2" or "2.0"). */
export function wholeQuantity(text: string | undefined, field: string): number {
  if (text === undefined || !/^\d+(\.0*)?$/.test(text)) throw new Error(`${field} '${text ?? ''}' is not a whole quantity`);
  return Number.parseInt(text, 10);
}

export function newOrderSingle(trader: string, clOrdId: string, order: NewOrderFields, now: number): FixMessage {
  const msg = new FixMessage('D').set(Tag.SenderSubID, trader).set(Tag.ClOrdID, clOrdId).set(Tag.Account, order.account);
  msg.set(Tag.Symbol, order.symbol).set(Tag.SecurityExchange, order.exchange).set(Tag.Side, sideCodes[order.side]);
  msg.set(Tag.TransactTime, utcTimestamp(now)).set(Tag.OrderQty, order.quantity).set(Tag.OrdType, typeCodes[order.type]);
  if (order.price !== null) msg.set(Tag.Price, order.price);
  if (order.stopPrice !== null) msg.set(Tag.StopPx, order.stopPrice);
  msg.set(Tag.TimeInForce, tifCodes[order.tif]);
  if (order.algoId !== undefined) msg.set(Tag.FFT3, order.algoId);
  return msg;
}

/** What a cancel or replace must repeat of the order, and which ClOrdID it follows. */
export interface AmendTarget {
  origClOrdId: string;
  orderId: string | null;
  account: string;
  exchange: string;
  symbol: string;
  side: Side;
  type: OrderType;
  tif: TimeInForce;
  quantity: number;
  price: string | null;
  stopPrice: string | null;
  /** FFT3 (20003): a replace keeps the algo label of the order it replaces. */
  algoId: string | null;
}

export function orderCancelRequest(trader: string, clOrdId: string, order: AmendTarget, now: number): FixMessage {
  const msg = new FixMessage('F').set(Tag.SenderSubID, trader).set(Tag.OrigClOrdID, order.origClOrdId);
  if (order.orderId !== null) msg.set(Tag.OrderID, order.orderId);
  msg.set(Tag.ClOrdID, clOrdId).set(Tag.Account, order.account).set(Tag.Symbol, order.symbol).set(Tag.SecurityExchange, order.exchange);
  return msg.set(Tag.Side, sideCodes[order.side]).set(Tag.TransactTime, utcTimestamp(now)).set(Tag.OrderQty, order.quantity);
}

/** 35=G: the order's fields with the new quantity (total, filled included) and price. */
export function orderCancelReplaceRequest(trader: string, clOrdId: string, order: AmendTarget, now: number): FixMessage {
  const msg = new FixMessage('G').set(Tag.SenderSubID, trader);
  if (order.orderId !== null) msg.set(Tag.OrderID, order.orderId);
  msg.set(Tag.OrigClOrdID, order.origClOrdId).set(Tag.ClOrdID, clOrdId).set(Tag.Account, order.account);
  msg.set(Tag.Symbol, order.symbol).set(Tag.SecurityExchange, order.exchange).set(Tag.Side, sideCodes[order.side]);
  msg.set(Tag.TransactTime, utcTimestamp(now)).set(Tag.OrderQty, order.quantity).set(Tag.OrdType, typeCodes[order.type]);
  if (order.price !== null) msg.set(Tag.Price, order.price);
  if (order.stopPrice !== null) msg.set(Tag.StopPx, order.stopPrice);
  msg.set(Tag.TimeInForce, tifCodes[order.tif]);
  if (order.algoId !== null) msg.set(Tag.FFT3, order.algoId);
  return msg;
}

/** 35=AF, MassStatusReqType 7: every order of the day the trader may see. */
export function orderMassStatusRequest(trader: string, requestId: string): FixMessage {
  return new FixMessage('AF').set(Tag.SenderSubID, trader).set(Tag.MassStatusReqID, requestId).set(Tag.MassStatusReqType, 7);
}

/** 35=x, SecurityListRequestType 4: every instrument. */
export function securityListRequest(trader: string, requestId: string): FixMessage {
  return new FixMessage('x').set(Tag.SenderSubID, trader).set(Tag.SecurityReqID, requestId).set(SecurityListRequestType, 4);
}

/** 35=V: full depth, bids, offers and trades; a subscription or one snapshot. */
export function marketDataRequest(trader: string, request: MarketDataRequestOut): FixMessage {
  const msg = new FixMessage('V').set(Tag.SenderSubID, trader).set(Tag.MDReqID, request.mdReqId);
  msg.set(Tag.SubscriptionRequestType, request.kind === 'subscribe' ? '1' : '0').set(Tag.MarketDepth, 0);
  msg.set(Tag.NoMDEntryTypes, 3).add(Tag.MDEntryType, '0').add(Tag.MDEntryType, '1').add(Tag.MDEntryType, '2');
  return msg.set(Tag.NoRelatedSym, 1).add(Tag.Symbol, request.symbol).add(Tag.SecurityExchange, request.exchange);
}

export function traderLogon(username: string, password: string, licence: string): FixMessage {
  return new FixMessage('UCG').set(Tag.SecureData, licence).set(Tag.Username, username).set(Tag.Password, password);
}

export function traderLogout(username: string): FixMessage {
  return new FixMessage('UCI').set(Tag.Username, username);
}

export function executionEventOf(view: FixView, now: number): ExecutionEvent {
  const er = readExecutionReport(view);
  const time = er.transactTime !== undefined ? parseUtcTimestamp(er.transactTime) : undefined;
  return {
    execId: er.execID,
    execType: er.execType,
    status: statuses[er.ordStatus] ?? null,
    orderId: er.orderID === 'NONE' ? null : er.orderID,
    clOrdId: er.clOrdID ?? null,
    origClOrdId: er.origClOrdID ?? null,
    account: er.account ?? null,
    exchange: er.securityExchange ?? null,
    symbol: er.symbol ?? null,
    side: sides[er.side] ?? null,
    type: er.ordType !== undefined ? (types[er.ordType] ?? null) : null,
    tif: er.timeInForce !== undefined ? (tifs[er.timeInForce] ?? null) : null,
    quantity: er.orderQty !== undefined ? wholeQuantity(er.orderQty, 'OrderQty (38)') : null,
    price: er.price ?? null,
    stopPrice: er.stopPx ?? null,
    lastQty: er.lastQty !== undefined ? wholeQuantity(er.lastQty, 'LastQty (32)') : 0,
    lastPx: er.lastPx ?? null,
    cumQty: wholeQuantity(er.cumQty, 'CumQty (14)'),
    leavesQty: wholeQuantity(er.leavesQty, 'LeavesQty (151)'),
    avgPx: er.avgPx,
    text: er.text ?? '',
    algoId: view.get(Tag.FFT3) ?? null,
    time: time ?? now,
  };
}

export function cancelRejectEventOf(view: FixView): CancelRejectEvent {
  const reject = readOrderCancelReject(view);
  return {
    orderId: reject.orderID === 'NONE' ? null : reject.orderID,
    clOrdId: reject.clOrdID,
    origClOrdId: reject.origClOrdID,
    status: statuses[reject.ordStatus] ?? null,
    responseTo: reject.cxlRejResponseTo === '2' ? 'replace' : 'cancel',
    text: reject.text ?? '',
  };
}

export interface SnapshotMessage {
  mdReqId: string | undefined;
  exchange: string;
  symbol: string;
  rptSeq: number;
  entries: SnapshotEntry[];
}

export function snapshotOf(view: FixView): SnapshotMessage {
  const w = readMarketDataSnapshotFullRefresh(view);
  if (w.symbol === undefined || w.securityExchange === undefined || w.rptSeq === undefined) throw new Error('snapshot without Symbol, SecurityExchange or RptSeq');
  return {
    mdReqId: w.mdReqID,
    exchange: w.securityExchange,
    symbol: w.symbol,
    rptSeq: w.rptSeq,
    entries: w.entries.flatMap((e) =>
      e.mdEntryPx === undefined ? [] : [{ type: e.mdEntryType, price: e.mdEntryPx, size: wholeQuantity(e.mdEntrySize ?? '0', 'MDEntrySize (271)'), orders: e.numberOfOrders ?? 0 }],
    ),
  };
}

export function incrementsOf(view: FixView): Array<IncrementEntry & { exchange: string; symbol: string }> {
  return readMarketDataIncrementalRefresh(view).entries.flatMap((e) =>
    e.symbol === undefined || e.securityExchange === undefined || e.rptSeq === undefined || e.mdEntryType === undefined || e.mdEntryPx === undefined
      ? []
      : [
          {
            action: e.mdUpdateAction,
            type: e.mdEntryType,
            price: e.mdEntryPx,
            size: wholeQuantity(e.mdEntrySize ?? '0', 'MDEntrySize (271)'),
            orders: e.numberOfOrders ?? 0,
            rptSeq: e.rptSeq,
            exchange: e.securityExchange,
            symbol: e.symbol,
          },
        ],
  );
}

/** The instruments of a SecurityList (35=y), with what the gateway says of each. */
export function instrumentsOf(view: FixView): InstrumentInfo[] {
  const bounds = groupEntries(view, Tag.NoRelatedSym, Tag.Symbol);
  const list: InstrumentInfo[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const at = (tag: number): string | undefined => {
      const i = indexIn(view, tag, bounds[k]!, bounds[k + 1]!);
      return i < 0 ? undefined : view.valueAt(i);
    };
    const exchange = at(Tag.SecurityExchange);
    const tickSize = at(MinPriceIncrement);
    if (exchange === undefined || tickSize === undefined) continue;
    list.push({
      exchange,
      symbol: view.valueAt(bounds[k]!),
      securityId: at(Tag.SecurityID) ?? '',
      description: at(SecurityDesc) ?? '',
      tickSize,
      multiplier: at(ContractMultiplier) ?? '1',
      currency: at(Tag.Currency) ?? '',
      hours: at(Tag.Text) ?? '',
    });
  }
  return list;
}
