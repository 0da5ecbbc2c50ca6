import type { FixView } from '../FixView';
import { Tag } from '../tags';
import { builder, type FieldSpec, reader } from './fieldAccess';

/**
 * Order routing messages. Prices and quantities are decimal strings as they go on the wire;
 * fft3 (20003) is the client's algo ID and algoComplianceID (25029) the ComplianceID the
 * gateway derives from it for the exchange (SPEC §3).
 */

/**
 * Fields naming the instrument (FIX 4.4 Instrument component, the part we use). Symbol is
 * required wherever the component is: in every order message and report, market data requests
 * and snapshots.
 */
export interface InstrumentFields {
  symbol: string;
  securityID?: string;
  securityIDSource?: string;
  securityType?: string;
  maturityMonthYear?: string;
  securityExchange?: string;
}

export const INSTRUMENT: readonly FieldSpec<InstrumentFields>[] = [
  { key: 'symbol', tag: Tag.Symbol, required: true },
  { key: 'securityID', tag: Tag.SecurityID },
  { key: 'securityIDSource', tag: Tag.SecurityIDSource },
  { key: 'securityType', tag: Tag.SecurityType },
  { key: 'maturityMonthYear', tag: Tag.MaturityMonthYear },
  { key: 'securityExchange', tag: Tag.SecurityExchange },
];

/** The Instrument component where FIX 4.4 makes it optional (an incremental refresh entry). */
export const OPTIONAL_INSTRUMENT: readonly FieldSpec<Partial<InstrumentFields>>[] = INSTRUMENT.map((spec) => ({ ...spec, required: false }));

export interface NewOrderSingle extends InstrumentFields {
  clOrdID: string;
  account?: string;
  side: string;
  transactTime: string;
  orderQty: string;
  ordType: string;
  price?: string;
  stopPx?: string;
  timeInForce?: string;
  expireDate?: string;
  expireTime?: string;
  execInst?: string;
  minQty?: string;
  maxFloor?: string;
  currency?: string;
  text?: string;
  fft3?: number;
  algoComplianceID?: number;
}

const NEW_ORDER_SINGLE: readonly FieldSpec<NewOrderSingle>[] = [
  { key: 'clOrdID', tag: Tag.ClOrdID, required: true },
  { key: 'account', tag: Tag.Account },
  { key: 'execInst', tag: Tag.ExecInst },
  { key: 'minQty', tag: Tag.MinQty },
  { key: 'maxFloor', tag: Tag.MaxFloor },
  ...INSTRUMENT,
  { key: 'side', tag: Tag.Side, required: true },
  { key: 'transactTime', tag: Tag.TransactTime, required: true },
  { key: 'orderQty', tag: Tag.OrderQty, required: true },
  { key: 'ordType', tag: Tag.OrdType, required: true },
  { key: 'price', tag: Tag.Price },
  { key: 'stopPx', tag: Tag.StopPx },
  { key: 'currency', tag: Tag.Currency },
  { key: 'timeInForce', tag: Tag.TimeInForce },
  { key: 'expireDate', tag: Tag.ExpireDate },
  { key: 'expireTime', tag: Tag.ExpireTime },
  { key: 'text', tag: Tag.Text },
  { key: 'fft3', tag: Tag.FFT3, kind: 'int' },
  { key: 'algoComplianceID', tag: Tag.AlgoComplianceID, kind: 'int' },
];

export interface OrderCancelRequest extends InstrumentFields {
  origClOrdID: string;
  orderID?: string;
  clOrdID: string;
  account?: string;
  side: string;
  transactTime: string;
  orderQty?: string;
  text?: string;
}

const ORDER_CANCEL_REQUEST: readonly FieldSpec<OrderCancelRequest>[] = [
  { key: 'origClOrdID', tag: Tag.OrigClOrdID, required: true },
  { key: 'orderID', tag: Tag.OrderID },
  { key: 'clOrdID', tag: Tag.ClOrdID, required: true },
  { key: 'account', tag: Tag.Account },
  ...INSTRUMENT,
  { key: 'side', tag: Tag.Side, required: true },
  { key: 'transactTime', tag: Tag.TransactTime, required: true },
  { key: 'orderQty', tag: Tag.OrderQty },
  { key: 'text', tag: Tag.Text },
];

export interface OrderCancelReplaceRequest extends InstrumentFields {
  orderID?: string;
  origClOrdID: string;
  clOrdID: string;
  account?: string;
  side: string;
  transactTime: string;
  orderQty: string;
  ordType: string;
  price?: string;
  stopPx?: string;
  timeInForce?: string;
  expireDate?: string;
  expireTime?: string;
  maxFloor?: string;
  text?: string;
  fft3?: number;
  algoComplianceID?: number;
}

const ORDER_CANCEL_REPLACE_REQUEST: readonly FieldSpec<OrderCancelReplaceRequest>[] = [
  { key: 'orderID', tag: Tag.OrderID },
  { key: 'origClOrdID', tag: Tag.OrigClOrdID, required: true },
  { key: 'clOrdID', tag: Tag.ClOrdID, required: true },
  { key: 'account', tag: Tag.Account },
  { key: 'maxFloor', tag: Tag.MaxFloor },
  ...INSTRUMENT,
  { key: 'side', tag: Tag.Side, required: true },
  { key: 'transactTime', tag: Tag.TransactTime, required: true },
  { key: 'orderQty', tag: Tag.OrderQty, required: true },
  { key: 'ordType', tag: Tag.OrdType, required: true },
  { key: 'price', tag: Tag.Price },
  { key: 'stopPx', tag: Tag.StopPx },
  { key: 'timeInForce', tag: Tag.TimeInForce },
  { key: 'expireDate', tag: Tag.ExpireDate },
  { key: 'expireTime', tag: Tag.ExpireTime },
  { key: 'text', tag: Tag.Text },
  { key: 'fft3', tag: Tag.FFT3, kind: 'int' },
  { key: 'algoComplianceID', tag: Tag.AlgoComplianceID, kind: 'int' },
];

export interface ExecutionReport extends InstrumentFields {
  orderID: string;
  clOrdID?: string;
  origClOrdID?: string;
  execID: string;
  execType: string;
  ordStatus: string;
  ordRejReason?: number;
  account?: string;
  side: string;
  orderQty?: string;
  ordType?: string;
  price?: string;
  stopPx?: string;
  timeInForce?: string;
  lastQty?: string;
  lastPx?: string;
  leavesQty: string;
  cumQty: string;
  avgPx: string;
  transactTime?: string;
  text?: string;
  fft3?: number;
  algoComplianceID?: number;
}

const EXECUTION_REPORT: readonly FieldSpec<ExecutionReport>[] = [
  { key: 'orderID', tag: Tag.OrderID, required: true },
  { key: 'clOrdID', tag: Tag.ClOrdID },
  { key: 'origClOrdID', tag: Tag.OrigClOrdID },
  { key: 'execID', tag: Tag.ExecID, required: true },
  { key: 'execType', tag: Tag.ExecType, required: true },
  { key: 'ordStatus', tag: Tag.OrdStatus, required: true },
  { key: 'ordRejReason', tag: Tag.OrdRejReason, kind: 'int' },
  { key: 'account', tag: Tag.Account },
  ...INSTRUMENT,
  { key: 'side', tag: Tag.Side, required: true },
  { key: 'orderQty', tag: Tag.OrderQty },
  { key: 'ordType', tag: Tag.OrdType },
  { key: 'price', tag: Tag.Price },
  { key: 'stopPx', tag: Tag.StopPx },
  { key: 'timeInForce', tag: Tag.TimeInForce },
  { key: 'lastQty', tag: Tag.LastQty },
  { key: 'lastPx', tag: Tag.LastPx },
  { key: 'leavesQty', tag: Tag.LeavesQty, required: true },
  { key: 'cumQty', tag: Tag.CumQty, required: true },
  { key: 'avgPx', tag: Tag.AvgPx, required: true },
  { key: 'transactTime', tag: Tag.TransactTime },
  { key: 'text', tag: Tag.Text },
  { key: 'fft3', tag: Tag.FFT3, kind: 'int' },
  { key: 'algoComplianceID', tag: Tag.AlgoComplianceID, kind: 'int' },
];

export interface OrderCancelReject {
  orderID: string;
  clOrdID: string;
  origClOrdID: string;
  ordStatus: string;
  account?: string;
  cxlRejResponseTo: string;
  cxlRejReason?: number;
  text?: string;
}

const ORDER_CANCEL_REJECT: readonly FieldSpec<OrderCancelReject>[] = [
  { key: 'orderID', tag: Tag.OrderID, required: true },
  { key: 'clOrdID', tag: Tag.ClOrdID, required: true },
  { key: 'origClOrdID', tag: Tag.OrigClOrdID, required: true },
  { key: 'ordStatus', tag: Tag.OrdStatus, required: true },
  { key: 'account', tag: Tag.Account },
  { key: 'cxlRejResponseTo', tag: Tag.CxlRejResponseTo, required: true },
  { key: 'cxlRejReason', tag: Tag.CxlRejReason, kind: 'int' },
  { key: 'text', tag: Tag.Text },
];

export interface OrderStatusRequest extends InstrumentFields {
  orderID?: string;
  clOrdID: string;
  account?: string;
  side: string;
}

const ORDER_STATUS_REQUEST: readonly FieldSpec<OrderStatusRequest>[] = [
  { key: 'orderID', tag: Tag.OrderID },
  { key: 'clOrdID', tag: Tag.ClOrdID, required: true },
  { key: 'account', tag: Tag.Account },
  ...INSTRUMENT,
  { key: 'side', tag: Tag.Side, required: true },
];

export const buildNewOrderSingle = builder('D', NEW_ORDER_SINGLE);
export const readNewOrderSingle: (view: FixView) => NewOrderSingle = reader(NEW_ORDER_SINGLE);
export const buildOrderCancelRequest = builder('F', ORDER_CANCEL_REQUEST);
export const readOrderCancelRequest: (view: FixView) => OrderCancelRequest = reader(ORDER_CANCEL_REQUEST);
export const buildOrderCancelReplaceRequest = builder('G', ORDER_CANCEL_REPLACE_REQUEST);
export const readOrderCancelReplaceRequest: (view: FixView) => OrderCancelReplaceRequest = reader(ORDER_CANCEL_REPLACE_REQUEST);
export const buildExecutionReport = builder('8', EXECUTION_REPORT);
export const readExecutionReport: (view: FixView) => ExecutionReport = reader(EXECUTION_REPORT);
export const buildOrderCancelReject = builder('9', ORDER_CANCEL_REJECT);
export const readOrderCancelReject: (view: FixView) => OrderCancelReject = reader(ORDER_CANCEL_REJECT);
export const buildOrderStatusRequest = builder('H', ORDER_STATUS_REQUEST);
export const readOrderStatusRequest: (view: FixView) => OrderStatusRequest = reader(ORDER_STATUS_REQUEST);
