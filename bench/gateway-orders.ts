import { FixMessage, Tag, utcTimestamp, type FixView } from '../src-shared/fix/codec';
import { Mulberry32 } from '../src-gateway/exchange/Mulberry32';
import type { BenchSession } from './gateway-session';

// One trader's order stream through the gateway: limit orders (NewOrderSingle, 50 = the
// trader) on ESZ6, buys and sells in turn at prices drawn like Liquibook's performance
// workload (a buy at mid − 6 + U{0..9} ticks, a sell 4 ticks higher), so about half of them
// cross resting orders of this or another trader and fill, and the rest rest. Measures
// NewOrderSingle → first ExecutionReport for each order with at most `inFlight` orders
// awaiting their first report.

export interface OrderRunPlan {
  readonly trader: string;
  readonly account: string;
  /** ClOrdIDs are `<prefix>-<n>`: reports of other runs' orders (later fills) are ignored. */
  readonly prefix: string;
  /** Orders to send at most; the first `warmup` are not measured. */
  readonly orders: number;
  readonly warmup: number;
  readonly inFlight: number;
  readonly seed: number;
  /** Stop sending new orders at this performance.now() time (a timed stream); default never. */
  readonly sendUntil?: number;
}

export interface OrderRunResult {
  /** NewOrderSingle → first ExecutionReport of each measured order, µs. */
  readonly latenciesUs: Float64Array;
  /** performance.now() of the first measured send and of the last measured first report, ms. */
  readonly firstMeasuredSend: number;
  readonly lastMeasuredAnswer: number;
  readonly sent: number;
  /** Orders whose first report was an acknowledgement (150=0). */
  readonly acked: number;
  /** Orders whose first report was a refusal (150=8), with the first refusal's text. */
  readonly refused: number;
  readonly refusal: string | undefined;
  /** Fills (150=F) on this run's orders, resting ones included, seen by the end of the run. */
  readonly fills: number;
}

/** Mid of the ESZ6 workload in quarter-point ticks (6000.00). */
const MID_TICKS = 24_000;
const QUARTERS = ['00', '25', '50', '75'] as const;

/** Decimal price text of a whole number of 0.25 ticks, without binary floating point. */
export function priceOfTicks(ticks: number): string {
  return `${Math.floor(ticks / 4)}.${QUARTERS[ticks % 4]}`;
}

export class OrderFlow {
  private readonly sentAt: Float64Array;
  private readonly answered: Uint8Array;
  private readonly latencies: Float64Array;
  private readonly rng: Mulberry32;
  private readonly order = new FixMessage('D');
  private measured = 0;
  private next = 1;
  private awaiting = 0;
  private acked = 0;
  private refused = 0;
  private refusal: string | undefined;
  private fills = 0;
  private firstMeasuredSend = 0;
  private lastMeasuredAnswer = 0;
  private done: ((result: OrderRunResult) => void) | undefined;

  constructor(
    private readonly session: BenchSession,
    private readonly plan: OrderRunPlan,
  ) {
    this.sentAt = new Float64Array(plan.orders + 1);
    this.answered = new Uint8Array(plan.orders + 1);
    this.latencies = new Float64Array(Math.max(0, plan.orders - plan.warmup));
    this.rng = new Mulberry32(plan.seed);
  }

  run(): Promise<OrderRunResult> {
    return new Promise((resolve) => {
      this.done = resolve;
      this.session.onApp = (view) => this.report(view);
      this.pump();
    });
  }

  private report(view: FixView): void {
    if (view.msgType !== '8') return;
    const now = performance.now();
    const clOrdId = view.get(Tag.ClOrdID) ?? '';
    if (!clOrdId.startsWith(this.plan.prefix) || clOrdId.charCodeAt(this.plan.prefix.length) !== 45) return;
    const index = Number(clOrdId.slice(this.plan.prefix.length + 1));
    if (!(index >= 1 && index < this.next)) return;
    const execType = view.get(Tag.ExecType);
    if (execType === 'F') this.fills++;
    if (this.answered[index] === 1) return;
    this.answered[index] = 1;
    this.awaiting--;
    if (execType === '8') {
      this.refused++;
      this.refusal ??= view.get(Tag.Text);
    } else {
      this.acked++;
    }
    if (index > this.plan.warmup) {
      this.latencies[this.measured++] = (now - this.sentAt[index]!) * 1000;
      this.lastMeasuredAnswer = now;
    }
    this.pump();
  }

  private pump(): void {
    const { orders, inFlight, sendUntil } = this.plan;
    const open = sendUntil === undefined || performance.now() < sendUntil;
    while (open && this.next <= orders && this.awaiting < inFlight) this.sendOne();
    if (this.awaiting === 0 && (!open || this.next > orders)) this.finish();
  }

  private sendOne(): void {
    const index = this.next++;
    const buy = (index + this.plan.seed) % 2 === 0;
    const ticks = MID_TICKS - (buy ? 6 : 2) + this.rng.int(10);
    this.order
      .clear('D')
      .set(Tag.SenderSubID, this.plan.trader)
      .set(Tag.ClOrdID, `${this.plan.prefix}-${index}`)
      .set(Tag.Account, this.plan.account)
      .set(Tag.Symbol, 'ESZ6')
      .set(Tag.SecurityExchange, 'CME')
      .set(Tag.Side, buy ? '1' : '2')
      .set(Tag.TransactTime, utcTimestamp(Date.now()))
      .set(Tag.OrderQty, 1 + this.rng.int(10))
      .set(Tag.OrdType, '2')
      .set(Tag.Price, priceOfTicks(ticks))
      .set(Tag.TimeInForce, '0');
    this.awaiting++;
    const at = performance.now();
    this.sentAt[index] = at;
    if (index === this.plan.warmup + 1) this.firstMeasuredSend = at;
    this.session.send(this.order);
  }

  private finish(): void {
    const done = this.done;
    if (!done) return;
    this.done = undefined;
    done({
      latenciesUs: this.latencies.subarray(0, this.measured),
      firstMeasuredSend: this.firstMeasuredSend,
      lastMeasuredAnswer: this.lastMeasuredAnswer,
      sent: this.next - 1,
      acked: this.acked,
      refused: this.refused,
      refusal: this.refusal,
      fills: this.fills,
    });
  }
}
