import { TickSize } from '../src-shared/pricing';
import { benchInstrument, type LadderDesk } from './ladderDesk';
import { FixReference } from './ladderFixReference';

// Click-to-ack on the ladder: a click on a price places a limit order (1 lot, DAY) through
// main (IPC, the order state machine, FIX to the gateway: risk checks, the journal with fsync,
// the matching engine) and back (ExecutionReport, main, the orders stream, the ladder's next
// frame); timed in the page from the pointerdown event to the frame that shows the order
// working on its row. A click on the working order then cancels it, timed the same way to the
// frame where the row is blank. Buys under the bid and sells over the offer, 8–11 ticks away,
// inside the ladder's 20-tick guard, so nothing asks for confirmation and nothing fills. After
// each click the same order goes from a FIX client straight to the gateway (ladderFixReference).

export interface ClickResults {
  /** Click → order shown working (its ExecutionReport New), ms. */
  acked: number[];
  /** Click → the ladder's orders.submit left for main, ms. */
  sent: number[];
  /** Click → main's message with the order Working arrived in the page, ms. */
  answered: number[];
  /** Click → order shown pending (main took it, the gateway has not answered), ms. */
  pending: number[];
  /** Click on the working order → its row blank (ExecutionReport Cancelled), ms. */
  cancelled: number[];
  /** The same orders from a FIX client straight to the gateway: NewOrderSingle → ExecutionReport New, ms. */
  reference: number[];
  /** Clicks whose outcome did not show within the timeout. */
  missing: number;
}

const tickSize = TickSize.parse(benchInstrument.tickSize);
const timeoutMs = 10_000;

export async function measureClicks(desk: LadderDesk, count: number): Promise<ClickResults> {
  const results: ClickResults = { acked: [], sent: [], answered: [], pending: [], cancelled: [], reference: [], missing: 0 };
  const reference = await FixReference.open(desk.gateway.fixPort);
  try {
    for (let i = 0; i < count; i++) await clickOnce(desk, i, results, reference);
  } finally {
    await reference.close();
  }
  return results;
}

/** One click and its cancel, then the same order from the FIX client. */
async function clickOnce(desk: LadderDesk, i: number, results: ClickResults, reference: FixReference): Promise<void> {
  const page = desk.page;
  const book = await desk.admin.book();
  const bestBid = book.bids[0];
  const bestAsk = book.asks[0];
  if (!bestBid || !bestAsk) throw new Error('the gateway book has no inside market to click beside');
  const side = i % 2 === 0 ? 'buy' : 'sell';
  const away = 8 + (i % 4);
  const tick = side === 'buy' ? tickSize.ticksOf(bestBid.price) - away : tickSize.ticksOf(bestAsk.price) + away;
  const row = desk.row(tick);
  // The market may have walked off the middle while the pointer kept auto-centring off: recentre as a trader would.
  if ((await row.count()) === 0) {
    await page.locator('.ladder-panel').getByRole('button', { name: 'Centre', exact: true }).click();
    await row.waitFor({ timeout: 5000 });
  }

  const placed = await page.evaluate(() => window.ladderProbe!.clicks.length);
  await row.locator(`[data-col="${side === 'buy' ? 'bid' : 'ask'}"]`).click();
  const shown = await page.evaluate(([index, ms]) => window.ladderProbe!.outcome(index, ms), [placed, timeoutMs] as const);
  const click = await page.evaluate((index) => window.ladderProbe!.clicks[index], placed);
  if (!click || click.kind !== 'place' || shown === null) {
    results.missing++;
    return;
  }
  results.acked.push(shown - click.at);
  if (click.sentAt !== null) results.sent.push(click.sentAt - click.at);
  if (click.answerAt !== null) results.answered.push(click.answerAt - click.at);
  if (click.pendingAt !== null) results.pending.push(click.pendingAt - click.at);

  const cancelling = placed + 1;
  await row.locator(`[data-col="${side === 'buy' ? 'buys' : 'sells'}"]`).click();
  const gone = await page.evaluate(([index, ms]) => window.ladderProbe!.outcome(index, ms), [cancelling, timeoutMs] as const);
  const cancel = await page.evaluate((index) => window.ladderProbe!.clicks[index], cancelling);
  if (!cancel || cancel.kind !== 'cancel' || gone === null) results.missing++;
  else results.cancelled.push(gone - cancel.at);
  results.reference.push(await reference.order(side, tickSize.priceOf(tick)));
}
