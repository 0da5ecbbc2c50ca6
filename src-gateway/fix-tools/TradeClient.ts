import { FixMessage, FixView, formatForLog, utcTimestamp } from '../../src-shared/fix/codec';
import type { FixApplication, FixSession } from '../../src-shared/fix/session';
import type { ClientJournal, JournalEntry } from './ClientJournal';
import type { OrderSpec } from './orderSpec';

type OrderState = 'queued' | 'sent' | 'working' | 'filled' | 'rejected' | 'canceled' | 'done';

interface Order {
  spec: OrderSpec;
  clOrdID: string;
  state: OrderState;
  acked: boolean;
}

const TERMINAL = new Set<OrderState>(['filled', 'rejected', 'canceled', 'done']);
const MASKED = new Set([554, 925, 91]);

export interface TradeClientOptions {
  /** One line of output (stdout). */
  print: (line: string) => void;
  /** A note for the operator (stderr). */
  note: (line: string) => void;
  json: boolean;
  /** Orders awaiting their first report at most (Infinity: no cap). */
  inFlight: number;
  journal?: ClientJournal;
  clock?: () => number;
}

/**
 * The FIX client's application (like QuickFIX's "tradeclient" example, without the prompts):
 * sends NewOrderSingles, prints every application message it receives, and tracks each order
 * to a terminal report. With a journal and a durable store it continues the same run after a
 * restart: orders already in the outgoing store are not sent again, reports already received
 * are not counted again.
 */
export class TradeClient implements FixApplication {
  private readonly orders = new Map<string, Order>();
  private readonly queue: Order[] = [];
  private readonly bySeq = new Map<number, Order>();
  private readonly execIDs = new Set<string>();
  /** From an earlier run: ClOrdID → MsgSeqNum it was sent under, and what came back for it. */
  private readonly stored = new Map<string, number>();
  private readonly history = new Map<string, ([string, string] | null)[]>();
  private inFlight = 0;
  private duplicates = 0;
  private inputOpen = true;
  /** A run is only over once it has logged on (a run without orders still logs on and off). */
  private loggedOnOnce = false;
  private session: FixSession | null = null;
  private readonly nos = new FixMessage('D');
  private readonly clock: () => number;
  /** Called once every order is terminal and no more input will come. */
  onDone: () => void = () => undefined;

  constructor(private readonly options: TradeClientOptions) {
    this.clock = options.clock ?? Date.now;
  }

  /** Replays the journal of an earlier run: reports received and rejections, applied as orders are added. */
  replay(entries: readonly JournalEntry[]): void {
    for (const e of entries) {
      if ('report' in e) {
        this.execIDs.add(e.report);
        this.historyOf(e.clOrdID).push([e.execType, e.ordStatus]);
      } else if ('rejected' in e) {
        this.historyOf(e.rejected).push(null);
      }
    }
  }

  /** Notes the orders already in the session's outgoing store: they are not sent again. */
  recoverSent(session: FixSession): number {
    const view = new FixView();
    session.store.forEachSent(1, session.store.nextSenderMsgSeqNum - 1, (seq, frame) => {
      try {
        view.reset(frame);
      } catch {
        return;
      }
      const clOrdID = view.msgType === 'D' ? view.get(11) : undefined;
      if (clOrdID !== undefined) this.stored.set(clOrdID, seq);
    });
    return this.stored.size;
  }

  /** Adds an order; false when its ClOrdID is taken. */
  add(spec: OrderSpec, clOrdID: string): boolean {
    if (this.orders.has(clOrdID)) return false;
    const order: Order = { spec, clOrdID, state: 'queued', acked: false };
    this.orders.set(clOrdID, order);
    const seq = this.stored.get(clOrdID);
    if (seq !== undefined) {
      // Sent by an earlier run: the session resends it if the counterparty asks.
      this.bySeq.set(seq, order);
      order.state = 'sent';
      this.inFlight++;
    } else {
      this.queue.push(order);
    }
    for (const h of this.history.get(clOrdID) ?? []) {
      if (h === null) this.reject(order, false);
      else this.apply(order, h[0], h[1]);
    }
    this.pump();
    return true;
  }

  private historyOf(clOrdID: string): ([string, string] | null)[] {
    let h = this.history.get(clOrdID);
    if (h === undefined) this.history.set(clOrdID, (h = []));
    return h;
  }

  /** No more orders will be added. */
  endOfInput(): void {
    this.inputOpen = false;
    this.checkDone();
  }

  get openOrders(): number {
    let n = 0;
    for (const o of this.orders.values()) if (!TERMINAL.has(o.state)) n++;
    return n;
  }

  summary(): string {
    let acked = 0;
    let filled = 0;
    let rejected = 0;
    for (const o of this.orders.values()) {
      if (o.acked) acked++;
      if (o.state === 'filled') filled++;
      if (o.state === 'rejected') rejected++;
    }
    return `summary orders=${this.orders.size} acked=${acked} filled=${filled} rejected=${rejected} duplicates=${this.duplicates}`;
  }

  onLogon(session: FixSession): void {
    this.session = session;
    this.loggedOnOnce = true;
    this.pump();
  }

  onLogout(): void {
    this.session = null;
  }

  fromApp(view: FixView): void {
    // A report already journalled, resent with PossDupFlag after a restart, is shown as such.
    const redelivered = view.msgType === '8' && view.is(43, 'Y') && this.execIDs.has(view.get(17) ?? '');
    const line = this.options.json ? asJson(view) : `< ${formatForLog(view.frame)}`;
    // Journalled first, then shown: print() makes the journal durable before the line goes out.
    switch (view.msgType) {
      case '8':
        this.onExecutionReport(view);
        break;
      case 'j': {
        const order = this.bySeq.get(view.getInt(45) ?? 0);
        if (order !== undefined && view.is(372, 'D')) this.reject(order);
        break;
      }
      default:
        break;
    }
    this.options.print(redelivered ? `redelivered ${line}` : line);
    this.pump();
  }

  fromAdmin(view: FixView): void {
    if (view.msgType !== '3') return;
    this.options.note(`Reject: ${formatForLog(view.frame)}`);
    const order = this.bySeq.get(view.getInt(45) ?? 0);
    if (order !== undefined && view.is(372, 'D')) this.reject(order);
  }

  private onExecutionReport(view: FixView): void {
    const order = this.orders.get(view.get(11) ?? '');
    const execID = view.get(17) ?? '';
    if (this.execIDs.has(execID)) {
      if (!view.is(43, 'Y')) this.duplicates++;
      return;
    }
    this.execIDs.add(execID);
    if (order === undefined) return;
    const execType = view.get(150) ?? '';
    const ordStatus = view.get(39) ?? '';
    const lastPx = view.get(31);
    this.options.journal?.append({ report: execID, clOrdID: order.clOrdID, execType, ordStatus, ...(lastPx === undefined ? {} : { lastPx }) });
    this.apply(order, execType, ordStatus);
  }

  private apply(order: Order, execType: string, ordStatus: string): void {
    if (order.state === 'sent') this.inFlight--;
    if (order.state === 'queued') this.queue.splice(this.queue.indexOf(order), 1);
    if (order.state === 'queued' || order.state === 'sent') order.state = 'working';
    if (execType === '0') order.acked = true;
    if (ordStatus === '2') this.settle(order, 'filled');
    else if (ordStatus === '8' || execType === '8') this.settle(order, 'rejected');
    else if (ordStatus === '4') this.settle(order, 'canceled');
    else if (ordStatus === '3' || ordStatus === 'C') this.settle(order, 'done');
  }

  private reject(order: Order, journal = true): void {
    if (TERMINAL.has(order.state)) return;
    if (order.state === 'sent') this.inFlight--;
    if (order.state === 'queued') this.queue.splice(this.queue.indexOf(order), 1);
    if (journal) this.options.journal?.append({ rejected: order.clOrdID });
    this.settle(order, 'rejected');
  }

  private settle(order: Order, state: OrderState): void {
    if (TERMINAL.has(order.state)) return;
    order.state = state;
    this.checkDone();
  }

  /** Sends queued orders while logged on and under the in-flight cap. */
  private pump(): void {
    const session = this.session;
    if (session === null || !session.isLoggedOn) return;
    while (this.queue.length > 0 && this.inFlight < this.options.inFlight) {
      const order = this.queue.shift()!;
      const seq = session.nextSenderMsgSeqNum;
      if (!session.send(this.newOrderSingle(order))) {
        this.queue.unshift(order);
        return;
      }
      this.bySeq.set(seq, order);
      order.state = 'sent';
      this.inFlight++;
    }
    this.checkDone();
  }

  private newOrderSingle(order: Order): FixMessage {
    const s = order.spec;
    const m = this.nos.clear('D').set(11, order.clOrdID);
    if (s.account !== undefined) m.set(1, s.account);
    m.set(55, s.symbol).set(54, s.side === 'buy' ? 1 : 2).set(60, utcTimestamp(this.clock())).set(38, s.qty);
    m.set(40, s.type === 'limit' ? 2 : 1);
    if (s.price !== undefined) m.set(44, s.price);
    return m;
  }

  private checkDone(): void {
    if (this.loggedOnOnce && !this.inputOpen && this.queue.length === 0 && this.openOrders === 0) this.onDone();
  }
}

/** A message as one JSON object, tag → value (repeated tags → arrays), secrets masked. */
function asJson(view: FixView): string {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i < view.fieldCount; i++) {
    const tag = view.tagAt(i);
    const value = MASKED.has(tag) ? '***' : view.valueAt(i);
    const key = String(tag);
    const prev = out[key];
    if (prev === undefined) out[key] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else out[key] = [prev, value];
  }
  return JSON.stringify(out);
}
