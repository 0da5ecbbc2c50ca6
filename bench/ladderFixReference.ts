import { FixMessage, Tag, utcTimestamp, type FixView } from '../src-shared/fix/codec';
import { TickSize } from '../src-shared/pricing';
import { BenchSession } from './gateway-session';
import { benchInstrument, type LadderDesk } from './ladderDesk';

// The gateway's part of click-to-ack, measured in the same run against the same gateway: a FIX
// client on our engine in this process (trader2 on the WhenTech application, its own session)
// sends the orders the clicks send — 1 lot, 8–11 ticks off the inside, buys and sells in turn —
// and times NewOrderSingle → ExecutionReport New, then cancels each one. What the ladder adds
// on top of this is main, the WebSocket, React state and the next display frame.

const tickSize = TickSize.parse(benchInstrument.tickSize);
const timeoutMs = 10_000;

export async function measureFixReference(desk: LadderDesk, count: number): Promise<number[]> {
  const session = new BenchSession(desk.gateway.fixPort, { application: 'WhenTech', username: 'trader2', password: 'trader2-demo' });
  let ended: string | undefined;
  await session.logOn((reason) => (ended = reason));
  await session.traderLogon('trader2', 'trader2-demo');
  const waiting = new Map<string, { execType: string; resolve: (at: number) => void }>();
  session.onApp = (view: FixView) => {
    if (view.msgType !== '8') return;
    const at = performance.now();
    const wanted = waiting.get(view.get(Tag.ClOrdID) ?? '');
    const execType = view.get(Tag.ExecType);
    if (execType === '8') ended = `order refused: ${view.get(Tag.Text) ?? ''}`;
    if (wanted && (execType === wanted.execType || execType === '8')) wanted.resolve(at);
  };
  const answer = (clOrdId: string, execType: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ExecutionReport ${execType} for ${clOrdId} within ${timeoutMs / 1000} s${ended ? `: ${ended}` : ''}`)), timeoutMs);
      waiting.set(clOrdId, {
        execType,
        resolve: (at) => {
          clearTimeout(timer);
          waiting.delete(clOrdId);
          resolve(at);
        },
      });
    });
  const latencies: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const book = await desk.admin.book();
      const side = i % 2 === 0 ? 'buy' : 'sell';
      const away = 8 + (i % 4);
      const inside = side === 'buy' ? book.bids[0] : book.asks[0];
      if (!inside) throw new Error('the gateway book has no inside market');
      const price = tickSize.priceOf(tickSize.ticksOf(inside.price) + (side === 'buy' ? -away : away));
      const clOrdId = `REF-${i}`;
      const fields = (message: FixMessage) =>
        message
          .set(Tag.SenderSubID, 'trader2')
          .set(Tag.Account, '33333')
          .set(Tag.Symbol, benchInstrument.symbol)
          .set(Tag.SecurityExchange, benchInstrument.exchange)
          .set(Tag.Side, side === 'buy' ? '1' : '2')
          .set(Tag.TransactTime, utcTimestamp(Date.now()))
          .set(Tag.OrderQty, 1);
      const acked = answer(clOrdId, '0');
      const sentAt = performance.now();
      session.send(fields(new FixMessage('D').set(Tag.ClOrdID, clOrdId)).set(Tag.OrdType, '2').set(Tag.Price, price).set(Tag.TimeInForce, '0'));
      latencies.push((await acked) - sentAt);
      if (ended) throw new Error(ended);
      const cancelled = answer(`${clOrdId}-C`, '4');
      session.send(fields(new FixMessage('F').set(Tag.ClOrdID, `${clOrdId}-C`).set(Tag.OrigClOrdID, clOrdId)));
      await cancelled;
    }
  } finally {
    await session.stop();
  }
  return latencies;
}
