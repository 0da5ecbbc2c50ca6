import { FixMessage, Tag, utcTimestamp, type FixView } from '../src-shared/fix/codec';
import { BenchSession } from './gateway-session';
import { benchInstrument } from './ladderDesk';

// The gateway's part of click-to-ack, measured against the same gateway in the same loop as
// the clicks (one click, then one of these, so load changes hit both alike): a FIX client on
// our engine in the bench process (trader2 as master user on the WhenTech application) sends
// the order the click sent — 1 lot at the same distance from the inside — and times
// NewOrderSingle → ExecutionReport New, then cancels it. What the ladder adds on top of this is
// main (its FIX session, order state machine, IPC), the browser's WebSocket and the next frame.

const timeoutMs = 10_000;

export class FixReference {
  private readonly waiting = new Map<string, { execType: string; resolve: (at: number) => void }>();
  private ended: string | undefined;
  private next = 1;

  private constructor(private readonly session: BenchSession) {
    session.onApp = (view: FixView) => this.report(view);
  }

  static async open(fixPort: number): Promise<FixReference> {
    const session = new BenchSession(fixPort, { application: 'WhenTech', username: 'trader2', password: 'trader2-demo' });
    const reference = new FixReference(session);
    await session.logOn((reason) => (reference.ended = reason));
    return reference;
  }

  /** Places a limit order at `price` and times its ExecutionReport New (ms); then cancels it. */
  async order(side: 'buy' | 'sell', price: string): Promise<number> {
    const clOrdId = `REF-${this.next++}`;
    const fields = (message: FixMessage): FixMessage =>
      message
        .set(Tag.SenderSubID, 'trader2')
        .set(Tag.Account, '33333')
        .set(Tag.Symbol, benchInstrument.symbol)
        .set(Tag.SecurityExchange, benchInstrument.exchange)
        .set(Tag.Side, side === 'buy' ? '1' : '2')
        .set(Tag.TransactTime, utcTimestamp(Date.now()))
        .set(Tag.OrderQty, 1);
    const acked = this.answer(clOrdId, '0');
    const sentAt = performance.now();
    this.session.send(fields(new FixMessage('D').set(Tag.ClOrdID, clOrdId)).set(Tag.OrdType, '2').set(Tag.Price, price).set(Tag.TimeInForce, '0'));
    const latency = (await acked) - sentAt;
    const cancelled = this.answer(`${clOrdId}-C`, '4');
    this.session.send(fields(new FixMessage('F').set(Tag.ClOrdID, `${clOrdId}-C`).set(Tag.OrigClOrdID, clOrdId)));
    await cancelled;
    return latency;
  }

  close(): Promise<void> {
    return this.session.stop();
  }

  private report(view: FixView): void {
    if (view.msgType !== '8') return;
    const at = performance.now();
    const execType = view.get(Tag.ExecType);
    if (execType === '8') this.ended = `order refused: ${view.get(Tag.Text) ?? ''}`;
    const wanted = this.waiting.get(view.get(Tag.ClOrdID) ?? '');
    if (wanted && (execType === wanted.execType || execType === '8')) wanted.resolve(at);
  }

  private answer(clOrdId: string, execType: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ExecutionReport ${execType} for ${clOrdId} within ${timeoutMs / 1000} s${this.ended ? `: ${this.ended}` : ''}`)), timeoutMs);
      this.waiting.set(clOrdId, {
        execType,
        resolve: (at) => {
          clearTimeout(timer);
          this.waiting.delete(clOrdId);
          if (this.ended?.startsWith('order refused')) reject(new Error(this.ended));
          else resolve(at);
        },
      });
    });
  }
}
