import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixMessage, utcTimestamp, type FixView } from '../src-shared/fix/codec';
import { FixDictionary } from '../src-shared/fix/dictionary';
import { FileStore, FixInitiator } from '../src-shared/fix/node';
import { FixSession, type FixApplication } from '../src-shared/fix/session';

// Our initiator driven as a library inside the benchmark process, so the clock that measures
// NewOrderSingle → first ExecutionReport sits right at the session API (the CLI would add a
// process boundary and output formatting the QuickFIX tradeclient does not have). It does what
// the QuickFIX tradeclient's --bench mode does: same orders, same in-flight rule, same store
// kind (a file journal, no fsync), validation with the Tessera dictionary, the next order sent
// from the ExecutionReport callback.

export interface RoundTripResult {
  /** NewOrderSingle → first ExecutionReport of each measured order, µs. */
  readonly latenciesUs: Float64Array;
  /** From the first measured send to the last fill. */
  readonly seconds: number;
}

export interface RoundTripRun {
  readonly port: number;
  readonly orders: number;
  readonly warmup: number;
  /** Orders awaiting their first report at most; 0 = no limit. */
  readonly inFlight: number;
  readonly prefix: string;
  readonly price: string;
}

export async function runTesseraClient(run: RoundTripRun): Promise<RoundTripResult> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-client-'));
  const store = FileStore.open(dir, 'CLIENT', 'EXECUTOR', { fsync: 'never' });
  try {
    return await new Promise<RoundTripResult>((resolve, reject) => {
      const app = new BenchApplication(run, resolve);
      const session = new FixSession({
        settings: { senderCompID: 'CLIENT', targetCompID: 'EXECUTOR', role: 'initiator', heartBtInt: 30, resetOnLogon: true },
        store,
        application: app,
        validator: FixDictionary.tessera(),
      });
      const initiator = new FixInitiator({
        session,
        host: '127.0.0.1',
        port: run.port,
        reconnect: false,
        onStatus: (status) => {
          if (status.state === 'disconnected' && !app.finished) reject(new Error(`bench client disconnected: ${status.reason}`));
        },
      });
      app.stop = () => initiator.stop('done');
      initiator.start();
    });
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

class BenchApplication implements FixApplication {
  finished = false;
  stop: () => Promise<void> = async () => undefined;
  private readonly sentAt: Float64Array;
  private readonly firstSeen: Uint8Array;
  private readonly latencies: Float64Array;
  private measured = 0;
  private next = 1;
  private awaitingFirst = 0;
  private filled = 0;
  private firstMeasuredSend = 0;
  private lastFill = 0;
  private readonly order = new FixMessage('D');

  constructor(
    private readonly run: RoundTripRun,
    private readonly done: (result: RoundTripResult) => void,
  ) {
    this.sentAt = new Float64Array(run.orders + 1);
    this.firstSeen = new Uint8Array(run.orders + 1);
    this.latencies = new Float64Array(run.orders - run.warmup);
  }

  onLogon(session: FixSession): void {
    this.pump(session);
  }

  fromApp(view: FixView, session: FixSession): void {
    const now = nowUs();
    if (view.msgType !== '8') return;
    const clOrdID = view.get(11) ?? '';
    const index = Number(clOrdID.slice(this.run.prefix.length + 1));
    if (!(index >= 1 && index <= this.run.orders)) return;
    if (this.firstSeen[index] === 0) {
      this.firstSeen[index] = 1;
      this.awaitingFirst--;
      if (index > this.run.warmup) this.latencies[this.measured++] = now - this.sentAt[index]!;
    }
    if (view.get(150) === 'F' && view.get(39) === '2') {
      this.filled++;
      if (index > this.run.warmup) this.lastFill = now;
    }
    if (this.filled === this.run.orders) {
      this.finish();
      return;
    }
    this.pump(session);
  }

  private pump(session: FixSession): void {
    const { orders, inFlight } = this.run;
    while (this.next <= orders && (inFlight === 0 || this.awaitingFirst < inFlight)) {
      const index = this.next++;
      this.order
        .clear('D')
        .set(11, `${this.run.prefix}-${index}`)
        .set(55, 'ESZ6')
        .set(54, '1')
        .set(60, utcTimestamp(Date.now()))
        .set(38, '1')
        .set(40, '2')
        .set(44, this.run.price);
      this.awaitingFirst++;
      const at = nowUs();
      this.sentAt[index] = at;
      if (index === this.run.warmup + 1) this.firstMeasuredSend = at;
      session.send(this.order);
    }
  }

  private finish(): void {
    this.finished = true;
    const result = { latenciesUs: this.latencies.subarray(0, this.measured), seconds: (this.lastFill - this.firstMeasuredSend) / 1e6 };
    void this.stop().then(() => this.done(result));
  }
}

function nowUs(): number {
  return performance.now() * 1000;
}
