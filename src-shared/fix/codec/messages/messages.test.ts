import { describe, expect, it } from 'vitest';
import { FixDictionary } from '../../dictionary';
import { FixEncoder, type HeaderFields } from '../FixEncoder';
import type { FixMessage } from '../FixMessage';
import { FixParseError } from '../FixParseError';
import { FixView } from '../FixView';
import { frame } from '../fixtures';
import * as m from './index';

const dictionary = FixDictionary.tessera();
const encoder = new FixEncoder();
const header: HeaderFields = { senderCompID: 'Tessera', targetCompID: 'DEMO', msgSeqNum: 7, sendingTime: '20261122-09:30:00.125', senderSubID: 'Trader1' };

/** Encodes, checks the frame against the dictionary, and returns a view of it. */
function wire(msg: FixMessage, extra: Partial<HeaderFields> = {}): FixView {
  const view = new FixView().reset(encoder.encodeCopy({ ...header, ...extra }, msg));
  expect(dictionary.validate(view)).toBeNull();
  return view;
}

const order: m.NewOrderSingle = {
  clOrdID: 'c-1',
  account: '11111',
  symbol: 'BRN',
  securityID: 'BRN-2027F',
  securityExchange: 'ICE',
  side: m.Side.Buy,
  transactTime: '20261122-09:30:00.120',
  orderQty: '5',
  ordType: m.OrdType.Limit,
  price: '81.37',
  timeInForce: m.TimeInForce.Day,
  fft3: 2014,
  algoComplianceID: 5454470083888094,
};

describe('typed builders and readers', () => {
  it('Logon, with the T4 NoMsgTypes group, round-trips and asks for trader logons', () => {
    const logon: m.Logon = {
      encryptMethod: 0,
      heartBtInt: 25,
      resetSeqNumFlag: true,
      msgTypes: [{ refMsgType: m.T4RefMsgType.DisablePortfolioListing }, { refMsgType: m.T4RefMsgType.EnableTraderLogons, msgDirection: 'R' }],
      username: 'MasterUser',
      password: 'pw',
      defaultApplExtID: '58BD-B00F',
    };
    const view = wire(m.buildLogon(logon), { secureData: '64768859-3ACF-4224-A4E9-DA66901AFC63' });
    expect(m.readLogon(view)).toEqual(logon);
    expect(m.logonEnablesTraderLogons(view)).toBe(true);
    expect(m.logonEnablesTraderLogons(wire(m.buildLogon({ encryptMethod: 0, heartBtInt: 30 })))).toBe(false);
    expect(m.readLogon(wire(m.buildLogon({ encryptMethod: 0, heartBtInt: 30 })))).toEqual({ encryptMethod: 0, heartBtInt: 30 });
  });

  it('session messages round-trip', () => {
    expect(m.readLogout(wire(m.buildLogout({ text: 'bye' })))).toEqual({ text: 'bye' });
    expect(m.readLogout(wire(m.buildLogout({})))).toEqual({});
    expect(m.readHeartbeat(wire(m.buildHeartbeat({ testReqID: 't1' })))).toEqual({ testReqID: 't1' });
    expect(m.readTestRequest(wire(m.buildTestRequest({ testReqID: 't2' })))).toEqual({ testReqID: 't2' });
    expect(m.readResendRequest(wire(m.buildResendRequest({ beginSeqNo: 3, endSeqNo: 0 })))).toEqual({ beginSeqNo: 3, endSeqNo: 0 });
    expect(m.readSequenceReset(wire(m.buildSequenceReset({ gapFillFlag: true, newSeqNo: 12 })))).toEqual({ gapFillFlag: true, newSeqNo: 12 });
    const reject: m.Reject = { refSeqNum: 4, refTagID: 54, refMsgType: 'D', sessionRejectReason: 5, text: 'Value is incorrect (out of range) for this tag' };
    expect(m.readReject(wire(m.buildReject(reject)))).toEqual(reject);
    const bmr: m.BusinessMessageReject = { refSeqNum: 5, refMsgType: 'D', businessRejectRefID: 'c-1', businessRejectReason: m.BusinessRejectReason.NotAuthorized, text: 'no trader logged on as Trader9' };
    expect(m.readBusinessMessageReject(wire(m.buildBusinessMessageReject(bmr)))).toEqual(bmr);
  });

  it('order messages round-trip with decimal strings and the algo fields', () => {
    expect(m.readNewOrderSingle(wire(m.buildNewOrderSingle(order)))).toEqual(order);
    const cancel: m.OrderCancelRequest = { origClOrdID: 'c-1', orderID: 'o-9', clOrdID: 'c-2', account: '11111', symbol: 'BRN', side: '1', transactTime: '20261122-09:31:00.000', orderQty: '5' };
    expect(m.readOrderCancelRequest(wire(m.buildOrderCancelRequest(cancel)))).toEqual(cancel);
    const replace: m.OrderCancelReplaceRequest = { ...cancel, clOrdID: 'c-3', orderQty: '7', ordType: '2', price: '81.38', fft3: 7, algoComplianceID: 5454470000000007 };
    expect(m.readOrderCancelReplaceRequest(wire(m.buildOrderCancelReplaceRequest(replace)))).toEqual(replace);
    const fill: m.ExecutionReport = {
      orderID: 'o-9',
      clOrdID: 'c-1',
      execID: 'e-1',
      execType: m.ExecType.Trade,
      ordStatus: m.OrdStatus.PartiallyFilled,
      account: '11111',
      symbol: 'BRN',
      securityExchange: 'ICE',
      side: '1',
      orderQty: '5',
      ordType: '2',
      price: '81.37',
      lastQty: '2',
      lastPx: '81.37',
      leavesQty: '3',
      cumQty: '2',
      avgPx: '81.37',
      transactTime: '20261122-09:30:00.200',
      fft3: 2014,
    };
    expect(m.readExecutionReport(wire(m.buildExecutionReport(fill), { targetSubID: 'Trader1' }))).toEqual(fill);
    const cxlReject: m.OrderCancelReject = { orderID: 'o-9', clOrdID: 'c-2', origClOrdID: 'c-1', ordStatus: '2', cxlRejResponseTo: m.CxlRejResponseTo.OrderCancelRequest, cxlRejReason: 0, text: 'too late to cancel' };
    expect(m.readOrderCancelReject(wire(m.buildOrderCancelReject(cxlReject)))).toEqual(cxlReject);
    const status: m.OrderStatusRequest = { clOrdID: 'c-1', symbol: 'BRN', side: '1' };
    expect(m.readOrderStatusRequest(wire(m.buildOrderStatusRequest(status)))).toEqual(status);
  });

  it('T4 trader messages round-trip; the licence rides in the header', () => {
    const view = wire(m.buildTraderLogon({ username: 'Trader1', password: '_TraderPassword_', clientID: 'ORG' }), { secureData: 'LICENCE' });
    expect(m.readTraderLogon(view)).toEqual({ username: 'Trader1', password: '_TraderPassword_', clientID: 'ORG' });
    expect(view.get(91)).toBe('LICENCE');
    expect(m.readTraderLogonResponse(wire(m.buildTraderLogonResponse({ username: 'Trader1', text: 'Success' })))).toEqual({ username: 'Trader1', text: 'Success' });
    expect(m.readTraderLogout(wire(m.buildTraderLogout({ username: 'Trader1' })))).toEqual({ username: 'Trader1' });
  });

  it('market data messages round-trip, groups included', () => {
    const request: m.MarketDataRequest = {
      mdReqID: 'r1',
      subscriptionRequestType: m.SubscriptionRequestType.SnapshotAndUpdates,
      marketDepth: 0,
      mdUpdateType: m.MDUpdateType.IncrementalRefresh,
      aggregatedBook: true,
      mdEntryTypes: [m.MDEntryType.Bid, m.MDEntryType.Offer, m.MDEntryType.Trade],
      instruments: [{ symbol: 'BRN', securityExchange: 'ICE' }, { symbol: 'CL', securityID: 'CLF7', securityExchange: 'CME' }],
    };
    expect(m.readMarketDataRequest(wire(m.buildMarketDataRequest(request)))).toEqual(request);
    const snapshot: m.MarketDataSnapshotFullRefresh = {
      mdReqID: 'r1',
      symbol: 'BRN',
      securityExchange: 'ICE',
      rptSeq: 41,
      entries: [
        { mdEntryType: '0', mdEntryPx: '81.36', mdEntrySize: '12', numberOfOrders: 3, mdEntryPositionNo: 1 },
        { mdEntryType: '1', mdEntryPx: '81.37', mdEntrySize: '4', mdEntryPositionNo: 1 },
        { mdEntryType: '2', mdEntryPx: '81.37', mdEntrySize: '1', mdEntryTime: '09:30:00.200' },
      ],
    };
    expect(m.readMarketDataSnapshotFullRefresh(wire(m.buildMarketDataSnapshotFullRefresh(snapshot)))).toEqual(snapshot);
    const incremental: m.MarketDataIncrementalRefresh = {
      mdReqID: 'r1',
      entries: [
        { mdUpdateAction: m.MDUpdateAction.Change, mdEntryType: '0', symbol: 'BRN', securityExchange: 'ICE', mdEntryPx: '81.36', mdEntrySize: '10', mdEntryPositionNo: 1, rptSeq: 42 },
        { mdUpdateAction: m.MDUpdateAction.Delete, mdEntryType: '1', symbol: 'BRN', securityExchange: 'ICE', mdEntryPx: '81.40', mdEntryPositionNo: 4 },
      ],
    };
    expect(m.readMarketDataIncrementalRefresh(wire(m.buildMarketDataIncrementalRefresh(incremental)))).toEqual(incremental);
    const reject: m.MarketDataRequestReject = { mdReqID: 'r2', mdReqRejReason: '0', text: 'unknown symbol' };
    expect(m.readMarketDataRequestReject(wire(m.buildMarketDataRequestReject(reject)))).toEqual(reject);
  });

  it('builders reuse a message', () => {
    const msg = m.buildHeartbeat({ testReqID: 'x' });
    expect(m.buildTestRequest({ testReqID: 'y' }, msg)).toBe(msg);
    expect(msg.msgType).toBe('1');
    expect(msg.fieldCount).toBe(1);
  });

  it('readers throw FixParseError naming a missing or unreadable required field', () => {
    const view = new FixView().reset(frame('35=1|49=A|56=B|34=9|52=20260101-00:00:00|'));
    expect(() => m.readTestRequest(view)).toThrow(FixParseError);
    try {
      m.readResendRequest(new FixView().reset(frame('35=2|49=A|56=B|34=9|52=20260101-00:00:00|7=x|16=0|')));
    } catch (e) {
      expect(e).toMatchObject({ sessionRejectReason: 6, refTagID: 7, msgSeqNum: 9, msgType: '2' });
    }
    expect(() => m.readResendRequest(new FixView().reset(frame('35=2|49=A|56=B|34=9|52=20260101-00:00:00|7=x|16=0|')))).toThrow(FixParseError);
  });

  it('builders refuse a message the peer would reject: a required field missing or any field empty', () => {
    // As from untyped input (a JSON line, IPC): the types say nothing at run time.
    const { symbol: _symbol, ...withoutSymbol } = order;
    expect(() => m.buildNewOrderSingle(withoutSymbol as m.NewOrderSingle)).toThrow('MsgType D: symbol (55) is required');
    expect(() => m.buildNewOrderSingle({ ...order, price: '' })).toThrow('MsgType D: price (44) is empty');
    const { orderID: _orderID, ...withoutOrderID } = { orderID: 'o-1', execID: 'e-1', execType: '0', ordStatus: '0', symbol: 'BRN', side: '1', leavesQty: '5', cumQty: '0', avgPx: '0' };
    expect(() => m.buildExecutionReport(withoutOrderID as m.ExecutionReport)).toThrow('MsgType 8: orderID (37) is required');
    const request: m.MarketDataRequest = { mdReqID: 'r1', subscriptionRequestType: '1', marketDepth: 0, mdEntryTypes: ['0'], instruments: [] };
    expect(() => m.buildMarketDataRequest(request)).toThrow('MsgType V: group 146 needs at least one entry');
    expect(() => m.buildMarketDataRequest({ ...request, instruments: [{ securityID: 'X' } as m.InstrumentFields] })).toThrow('symbol (55) is required');
    // An incremental refresh entry names the instrument only when it changes.
    const view = wire(m.buildMarketDataIncrementalRefresh({ entries: [{ mdUpdateAction: m.MDUpdateAction.Delete, mdEntryType: '0', mdEntryPositionNo: 1 }] }));
    expect(m.readMarketDataIncrementalRefresh(view).entries[0]!.symbol).toBeUndefined();
  });

  it('readers refuse an order or snapshot without Symbol (55), which FIX 4.4 requires', () => {
    const order = frame('35=D|49=A|56=B|34=9|52=20260101-00:00:00|11=c1|54=1|60=20260101-00:00:00|38=1|40=1|');
    expect(() => m.readNewOrderSingle(new FixView().reset(order))).toThrow(expect.objectContaining({ sessionRejectReason: 1, refTagID: 55 }));
    const snapshot = frame('35=W|49=A|56=B|34=9|52=20260101-00:00:00|262=r1|268=1|269=0|270=1|');
    expect(() => m.readMarketDataSnapshotFullRefresh(new FixView().reset(snapshot))).toThrow(expect.objectContaining({ refTagID: 55 }));
  });
});
