import { FixMessage, FixView, utcTimestamp } from '../../src-shared/fix/codec';
import { BusinessReject, BusinessRejectReason } from '../../src-shared/fix/session';
import type { FixApplication, FixSession } from '../../src-shared/fix/session';

/** What the executor knows of one order (by ClOrdID, per session and sequence epoch). */
interface OrderState {
  orderID: string;
  /** OrdStatus (39) of the last report: 0 new, 2 filled, 4 canceled, 8 rejected. */
  status: string;
  symbol: string;
  side: string;
  qty: string;
  cumQty: string;
  avgPx: string;
  /** Price (44) of a limit order; a market order fills at the acceptor's market price. */
  limit: string | undefined;
  account: string | undefined;
}

/** OrderIDs and ExecIDs unique across restarts: a per-process run id and a counter. */
export class IdSource {
  private n = 0;
  constructor(private readonly run = Date.now().toString(36).toUpperCase()) {}
  next(prefix: string): string {
    return `${prefix}${this.run}-${++this.n}`;
  }
}

/**
 * The acceptor's application, like QuickFIX's "executor" example: acknowledges every
 * NewOrderSingle and fills it completely (limit orders at their price, market orders at a fixed
 * price); cancels what is still open; rejects any other application message with 35=j.
 *
 * It never executes one ClOrdID twice. What it has executed is read back from the session's
 * own store (the ExecutionReports it sent) when it starts, so a PossDup resend after a crash
 * finds the order already done: the reports are in the store and the session resends them.
 */
export class Executor implements FixApplication {
  private readonly orders = new Map<string, OrderState>();
  /** Acknowledged before a crash but not yet filled: filled once the session is back. */
  private readonly unfilled = new Set<string>();
  private epoch = Number.NaN;
  private readonly report = new FixMessage('8');

  constructor(
    private readonly ids: IdSource,
    private readonly marketPrice: string,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Rebuilds the orders of the session's current sequence from the reports in its store. */
  recover(session: FixSession): number {
    this.orders.clear();
    this.unfilled.clear();
    this.epoch = session.store.creationTime;
    const view = new FixView();
    session.store.forEachSent(1, session.store.nextSenderMsgSeqNum - 1, (_seq, frame) => {
      try {
        view.reset(frame);
      } catch {
        return;
      }
      if (view.msgType !== '8') return;
      const clOrdID = view.get(11);
      if (clOrdID === undefined) return;
      this.orders.set(clOrdID, {
        orderID: view.get(37) ?? 'NONE',
        status: view.get(39) ?? '0',
        symbol: view.get(55) ?? '',
        side: view.get(54) ?? '1',
        qty: view.get(38) ?? '0',
        cumQty: view.get(14) ?? '0',
        avgPx: view.get(6) ?? '0',
        limit: view.get(44),
        account: view.get(1),
      });
      if (view.is(39, '0')) this.unfilled.add(clOrdID);
      else this.unfilled.delete(clOrdID);
    });
    return this.orders.size;
  }

  onLogon(session: FixSession): void {
    // The crash came between an order's acknowledgement and its fill: fill it now, once.
    for (const clOrdID of this.unfilled) {
      const order = this.orders.get(clOrdID);
      if (order !== undefined && order.status === '0') this.fill(clOrdID, order, order.limit ?? this.marketPrice, session);
    }
    this.unfilled.clear();
  }

  fromApp(view: FixView, session: FixSession): void {
    if (session.store.creationTime !== this.epoch) {
      // A new sequence (reset) is a new trading session: ClOrdIDs may be used again.
      this.orders.clear();
      this.epoch = session.store.creationTime;
    }
    switch (view.msgType) {
      case 'D':
        this.newOrder(view, session);
        return;
      case 'F':
        this.cancel(view, session);
        return;
      default:
        throw new BusinessReject(BusinessRejectReason.UnsupportedMessageType);
    }
  }

  private newOrder(view: FixView, session: FixSession): void {
    const clOrdID = view.get(11)!;
    const known = this.orders.get(clOrdID);
    if (known !== undefined) {
      // A resend of an order already executed: its reports are stored and will be resent.
      if (view.is(43, 'Y') || view.is(97, 'Y')) return;
      this.reject(view, session, 'Duplicate ClOrdID', 6);
      return;
    }
    const qty = view.get(38);
    if (qty === undefined || !/[1-9]/.test(qty)) {
      this.reject(view, session, 'OrderQty must be positive', 13);
      return;
    }
    const ordType = view.get(40);
    let price: string;
    if (ordType === '2') {
      const limit = view.get(44);
      if (limit === undefined) {
        this.reject(view, session, 'Limit order without Price', 99);
        return;
      }
      price = limit;
    } else if (ordType === '1') {
      price = this.marketPrice;
    } else {
      this.reject(view, session, `OrdType ${ordType ?? '?'} not supported`, 99);
      return;
    }
    const order: OrderState = {
      orderID: this.ids.next('O'),
      status: '0',
      symbol: view.get(55) ?? '',
      side: view.get(54)!,
      qty,
      cumQty: '0',
      avgPx: '0',
      limit: ordType === '2' ? price : undefined,
      account: view.get(1),
    };
    this.orders.set(clOrdID, order);
    session.send(this.executionReport(clOrdID, order, '0').set(151, qty).set(60, utcTimestamp(this.clock())));
    this.fill(clOrdID, order, price, session);
  }

  private fill(clOrdID: string, order: OrderState, price: string, session: FixSession): void {
    order.status = '2';
    order.cumQty = order.qty;
    order.avgPx = price;
    session.send(this.executionReport(clOrdID, order, 'F').set(31, price).set(32, order.qty).set(151, 0).set(60, utcTimestamp(this.clock())));
  }

  private cancel(view: FixView, session: FixSession): void {
    const clOrdID = view.get(11)!;
    const orig = view.get(41)!;
    const order = this.orders.get(orig);
    if (order === undefined || order.status !== '0') {
      const reject = new FixMessage('9')
        .set(37, order?.orderID ?? 'NONE')
        .set(11, clOrdID)
        .set(41, orig)
        .set(39, order?.status ?? '8')
        .set(434, 1)
        .set(102, order === undefined ? 1 : 0)
        .set(58, order === undefined ? 'Unknown order' : 'Too late to cancel');
      session.send(reject);
      return;
    }
    order.status = '4';
    session.send(this.executionReport(clOrdID, order, '4').set(41, orig).set(151, 0).set(60, utcTimestamp(this.clock())));
  }

  private reject(view: FixView, session: FixSession, text: string, reason: number): void {
    const clOrdID = view.get(11)!;
    const order: OrderState = {
      orderID: this.ids.next('O'),
      status: '8',
      symbol: view.get(55) ?? '',
      side: view.get(54) ?? '1',
      qty: view.get(38) ?? '0',
      cumQty: '0',
      avgPx: '0',
      limit: undefined,
      account: view.get(1),
    };
    // A duplicate keeps the state of the order it duplicates.
    if (!this.orders.has(clOrdID)) this.orders.set(clOrdID, order);
    session.send(this.executionReport(clOrdID, order, '8').set(103, reason).set(151, 0).set(58, text).set(60, utcTimestamp(this.clock())));
  }

  private executionReport(clOrdID: string, order: OrderState, execType: string): FixMessage {
    const r = this.report.clear('8').set(37, order.orderID).set(11, clOrdID).set(17, this.ids.next('E')).set(150, execType).set(39, order.status);
    if (order.account !== undefined) r.set(1, order.account);
    r.set(55, order.symbol).set(54, order.side).set(38, order.qty);
    if (order.limit !== undefined) r.set(44, order.limit);
    r.set(14, order.cumQty).set(6, order.avgPx);
    return r;
  }
}
