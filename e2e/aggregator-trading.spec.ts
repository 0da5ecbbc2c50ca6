import type { Locator, Page, TestInfo } from '@playwright/test';
import WebSocket from 'ws';
import { IpcClient } from '../src-shared/ipc/client';
import type { BookView, CallInput, CallName, CallResponse, OrderView, ParentOrderView } from '../src-shared/ipc/contract';
import { Rational, TickSize } from '../src-shared/pricing';
import { expect, test } from './fixtures';
import { Workstation } from './shell/workstation';
import { TradingDesk } from './trading/tradingDesk';

// Issue 6, items 4-6 end to end in browser mode against the embedded gateway, whose simulated
// exchanges are open (its default schedule is always-open) and keep a moving market of their
// own: build an aggregated Brent over ICE (BRNF7, tick 0.01) and CME (BZF7, tick 0.05) in the
// Aggregator dialog, open its ladder, have a second trader offer on both legs, buy through the
// book from the aggregated ladder, and see the children on both exchanges beneath their parent
// in the Order Book in their leg colours with FFT3 4242, the fills rolled up into the parent;
// then a parent that rests, on the ladder with its children in leg colours, moved and cancelled
// from the ladder.

const ICE_COLOUR = '#3fa7ff';
const CME_COLOUR = '#ff5f5f';
const BRENT_COLOUR = '#e0a040';
const legs = [
  { exchange: 'ICE', symbol: 'BRNF7', tick: TickSize.parse('0.01') },
  { exchange: 'CME', symbol: 'BZF7', tick: TickSize.parse('0.05') },
] as const;
/** The aggregated rows are 0.01 apart from 0: a CME price is every fifth row. */
const ROW = TickSize.parse('0.01');
const CME_ROWS = 5;

// Wide enough that the Order Book beside the ladder shows a parent's Filled, Leaves and Avg.
test.use({ viewport: { width: 2400, height: 1000 } });

test('an aggregated Brent is traded from its own ladder: children on both exchanges in their colours, rolled up into the parent', async ({ page, app }, testInfo) => {
  test.setTimeout(240_000);
  const workstation = new Workstation(page);
  const desk = new TradingDesk(page);
  await workstation.open(app.url);

  await page.keyboard.press('Alt+Shift+L');
  await expect(desk.login.getByRole('combobox', { name: 'Gateway' })).toContainText('Embedded gateway', { timeout: 30_000 });
  await desk.logOnMaster('trader1', 'trader1-demo');
  await expect(desk.login).toContainText('Logged on as trader1', { timeout: 30_000 });
  await desk.useAccount('11111');

  // The aggregated Brent, built in the dialog: RankRatio DAY, joining SplitRatio, FFT3 4242.
  const aggregator = page.locator('.aggregator-panel');
  await page.keyboard.press('Alt+Shift+A');
  await aggregator.getByRole('button', { name: 'New' }).click();
  const editor = page.getByRole('form', { name: 'New aggregated instrument' });
  await editor.getByLabel('Instrument name').fill('Brent');
  await editor.getByLabel('Colour', { exact: true }).fill(BRENT_COLOUR);
  await editor.getByLabel('Algo ID (FFT3)').fill('4242');
  await expect(editor.getByLabel('Leg 1 contract')).toBeEnabled({ timeout: 20_000 });
  await editor.getByLabel('Leg 1 contract').selectOption('ICE|BRNF7');
  await editor.getByLabel('Leg 2 contract').selectOption('CME|BZF7');
  await editor.getByLabel('Leg 1 colour').fill(ICE_COLOUR);
  await editor.getByLabel('Leg 2 colour').fill(CME_COLOUR);
  await editor.getByLabel('Taking', { exact: true }).selectOption('RankRatio');
  await editor.getByLabel('TIF', { exact: true }).selectOption('DAY');
  await editor.getByLabel('Joining', { exact: true }).selectOption('SplitRatio');
  await expect(editor.getByLabel('Common tick')).toHaveText('0.01');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor).toHaveCount(0);

  // Its own ladder, opened from the Aggregator panel; the Order Book beside it.
  await aggregator.getByRole('button', { name: 'Open Brent ladder' }).click();
  const ladder = page.getByRole('grid', { name: 'Brent aggregated price ladder' });
  await expect(ladder).toHaveAttribute('data-best-ask', /^\d+$/, { timeout: 30_000 });
  await expect(desk.ladderPanel.getByLabel('Instrument')).toHaveValue(/^aggregated\|/);
  await expect(desk.ladderPanel.getByRole('list', { name: 'Legs' }).getByRole('listitem')).toHaveText([/ICE\s+BRNF7\s+live/, /CME\s+BZF7\s+live/]);
  await expect(desk.ladderPanel.getByLabel('ICE available')).toBeVisible();
  await expect(desk.ladderPanel.getByLabel('CME available')).toBeVisible();
  await page.keyboard.press('Alt+Shift+O');
  await workstation.runFromPalette('split right');

  // Each level's legs on hover (the best offer moves with the market: hover it as it is now).
  await expect
    .poll(async () => {
      const bestAsk = Number(await ladder.getAttribute('data-best-ask'));
      await desk.reveal(bestAsk);
      await desk.cell(bestAsk, 'ask').hover();
      return desk.cell(bestAsk, 'ask').getAttribute('title');
    })
    .toMatch(/^Ask \d+ @ \d+\.\d\d: (ICE|CME) \d+(, (ICE|CME) \d+)?$/);

  const observer = await Observer.open(app);
  try {
    const connectionId = (await observer.call('connections.list', {})).find((c) => c.embedded)!.id;
    await observer.call('traders.logOn', { connectionId, username: 'trader2', password: 'trader2-demo' });
    for (const leg of legs) observer.watchBook(connectionId, leg.exchange, leg.symbol);

    // trader2 offers 5 on each leg at P: two CME ticks above the first CME price at or above the
    // better of the two legs' best offers, so that the market moving in the second before the
    // click still leaves offers to take (the legs' markets drift apart: at P the dearer leg may bid).
    const [iceAsk, cmeAsk] = await Promise.all(legs.map((leg) => observer.bestAsk(leg.exchange, leg.symbol, leg.tick)));
    const target = (Math.ceil(Math.min(iceAsk!, cmeAsk!) / CME_ROWS) + 2) * CME_ROWS;
    const price = ROW.priceOf(target);
    const offers: string[] = [];
    for (const leg of legs) {
      const { key } = await observer.call('orders.submit', { connectionId, trader: 'trader2', account: '33333', exchange: leg.exchange, symbol: leg.symbol, side: 'sell', type: 'limit', tif: 'day', quantity: 5, price });
      offers.push(key);
    }
    await expect.poll(() => offers.map((key) => observer.orders.get(key)?.status)).toEqual([expect.stringMatching(/^(Working|PartiallyFilled|Filled)$/), expect.stringMatching(/^(Working|PartiallyFilled|Filled)$/)]);
    // The books as they are now, trader2's offers in them.
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Buy through the book from the aggregated ladder: everything offered up to P, and 200 more
    // that join at P on both legs (SplitRatio, 100 each). The margin is wide because the
    // simulated flow keeps adding offers between this count and the click: with 20, a CME book
    // that had grown by 20 lots at or under P once took the whole order, leaving no ICE child.
    // No guard here: P may be far.
    await setGuard(desk, '100000');
    const offered = legs.reduce((sum, leg) => sum + observer.offeredAtOrBelow(leg.exchange, leg.symbol, leg.tick, target), 0);
    const quantity = offered + 200;
    await desk.ladderPanel.getByLabel('Qty', { exact: true }).fill(String(quantity));
    await scrollTo(desk, target);
    await desk.cell(target, 'bid').click();
    await expect(desk.message).toHaveText(`Sent: Buy ${quantity} Brent @ ${price} for 11111`);
    await expect.poll(() => observer.parentAt(price)?.key ?? null).not.toBeNull();
    const parentA = observer.parentAt(price)!;

    // The Order Book: the parent in aggregated terms, its children beneath it on both exchanges,
    // each in its leg's colour with FFT3 4242.
    const book = desk.orderBook;
    const parentRow = book.locator(`[role="row"][row-id="parent:${parentA.key}"]`);
    await expect(parentRow.locator('[col-id="symbol"]')).toHaveText('Brent');
    await expect(parentRow.locator('[col-id="quantity"]')).toHaveText(String(quantity));
    await expect.poll(() => bandColour(parentRow)).toBe(rgb(BRENT_COLOUR));
    await expect.poll(() => new Set(observer.childrenOf(parentA.key).map((child) => child.exchange))).toEqual(new Set(['ICE', 'CME']));
    const children = observer.childrenOf(parentA.key);
    for (const child of children) {
      const row = book.locator(`[role="row"][row-id="${child.key}"]`);
      await expect(row.locator('[col-id="exchange"]')).toHaveText(child.exchange);
      await expect(row.locator('[col-id="algoId"]')).toHaveText('4242');
      await expect.poll(() => bandColour(row)).toBe(rgb(child.exchange === 'ICE' ? ICE_COLOUR : CME_COLOUR));
    }
    await expect.poll(() => beneath(book, `parent:${parentA.key}`, children.map((child) => child.key))).toBe(true);

    // The fills roll up: once it has some, end the parent from the Order Book (unless the market
    // filled it), then its filled quantity and average price are those of its children's fills.
    await expect.poll(() => observer.parents.get(parentA.key)?.filled, { timeout: 15_000 }).not.toBe('0');
    const cancel = parentRow.getByRole('button', { name: `Cancel parent order ${parentA.key}` });
    if (await cancel.isVisible()) await cancel.click();
    await expect(parentRow.locator('[col-id="status"]')).toHaveText(/^(Cancelled|Filled)$/, { timeout: 20_000 });
    await expect.poll(() => rolledUp(book, parentA.key, observer.childrenOf(parentA.key).map((child) => child.key)), { timeout: 20_000 }).toEqual({ filledMatches: true, averageMatches: true });
    const filled = Number(await parentRow.locator('[col-id="filled"]').textContent());
    expect(filled).toBeGreaterThan(0);
    // Its children can be hidden beneath it, and shown again.
    const toggle = parentRow.getByRole('button', { name: /^Hide the children of Brent buy / });
    await toggle.click();
    for (const child of children) await expect(book.locator(`[role="row"][row-id="${child.key}"]`)).toHaveCount(0);
    await parentRow.getByRole('button', { name: /^Show the children of Brent buy / }).click();
    for (const child of children) await expect(book.locator(`[role="row"][row-id="${child.key}"]`)).toHaveCount(1);
    await saveScreenshot(testInfo, 'order book with an aggregated parent and its children', book);

    // A parent that rests well under the market: on the ladder at its limit in the instrument's
    // band, its children as chips in their leg colours; asked first (the price guard).
    // Under both legs' bids by more than the market moves in a minute (ICE 0.30, CME 0.50: ten
    // of its ticks), but within ICE's price band for the account (100 ticks, 1.00).
    // Auto-centre off: the confirmation takes the pointer off the ladder, and the market is far.
    await setGuard(desk, '5');
    await desk.ladderPanel.getByLabel('Auto-centre').uncheck();
    const [iceBid, cmeBid] = await Promise.all(legs.map((leg) => observer.bestBid(leg.exchange, leg.symbol, leg.tick)));
    const low = Math.max(Math.floor(Math.min(iceBid! - 30, cmeBid! - 50) / CME_ROWS), Math.ceil((iceBid! - 90) / CME_ROWS)) * CME_ROWS;
    const lowPrice = ROW.priceOf(low);
    await desk.ladderPanel.getByLabel('Qty', { exact: true }).fill('4');
    await scrollTo(desk, low);
    await desk.cell(low, 'bid').click();
    const confirm = desk.ladderPanel.getByRole('alertdialog');
    await expect(confirm).toContainText(`Buy 4 Brent @ ${lowPrice} for 11111?`);
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    const buys = desk.cell(low, 'buys');
    await expect(buys).toHaveText(/^4/);
    await expect(buys).toHaveAttribute('data-band', BRENT_COLOUR);
    await expect(buys.locator('.ladder-leg[data-leg="ICE"]')).toHaveText('2');
    await expect(buys.locator('.ladder-leg[data-leg="CME"]')).toHaveText('2');
    expect(await buys.locator('.ladder-leg[data-leg="ICE"]').evaluate((chip) => getComputedStyle(chip).backgroundColor)).toBe(rgb(ICE_COLOUR));
    expect(await buys.locator('.ladder-leg[data-leg="CME"]').evaluate((chip) => getComputedStyle(chip).backgroundColor)).toBe(rgb(CME_COLOUR));
    await expect.poll(() => observer.parentAt(lowPrice)).toMatchObject({ status: 'working', working: '4', filled: '0' });
    const parentB = observer.parentAt(lowPrice)!;
    await expect(book.locator(`[role="row"][row-id="parent:${parentB.key}"] [col-id="leaves"]`)).toHaveText('4');
    await saveScreenshot(testInfo, 'aggregated ladder with a resting parent', desk.ladderPanel);

    // Dragged down a CME tick: the parent is routed again at the new limit.
    const lower = low - CME_ROWS;
    await scrollTo(desk, lower);
    const fromBox = (await buys.boundingBox())!;
    const toBox = (await desk.cell(lower, 'buys').boundingBox())!;
    await page.mouse.move(fromBox.x + fromBox.width / 2, fromBox.y + fromBox.height / 2);
    await page.mouse.down();
    await page.mouse.move(toBox.x + toBox.width / 2, toBox.y + toBox.height / 2, { steps: 6 });
    await page.mouse.up();
    await expect(confirm).toContainText(`Move buy order from ${lowPrice} to ${ROW.priceOf(lower)}?`);
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await expect(desk.cell(lower, 'buys')).toHaveText(/^4/);
    await expect(desk.cell(lower, 'buys').locator('.ladder-leg')).toHaveText(['2', '2']);
    await expect(buys).toHaveText('');
    await expect.poll(() => observer.parents.get(parentB.key)?.price).toBe(ROW.priceOf(lower));

    // Modified from the Order Book: a new limit another CME tick down.
    const lowest = lower - CME_ROWS;
    const parentBRow = book.locator(`[role="row"][row-id="parent:${parentB.key}"]`);
    await parentBRow.locator('[col-id="price"]').dblclick();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(ROW.priceOf(lowest));
    await page.keyboard.press('Enter');
    await expect.poll(() => observer.parents.get(parentB.key)?.price).toBe(ROW.priceOf(lowest));
    await scrollTo(desk, lowest);
    await expect(desk.cell(lowest, 'buys')).toHaveText(/^4/);
    await expect(desk.cell(lower, 'buys')).toHaveText('');

    // A click on it cancels it, children and all.
    await desk.cell(lowest, 'buys').click();
    await expect(desk.cell(lowest, 'buys')).toHaveText('', { timeout: 20_000 });
    await expect.poll(() => observer.parents.get(parentB.key)?.status).toBe('cancelled');
    for (const child of observer.childrenOf(parentB.key)) expect(['Cancelled', 'Filled']).toContain(child.status);
    await expect(book.locator(`[role="row"][row-id="parent:${parentB.key}"] [col-id="status"]`)).toHaveText('Cancelled');
  } finally {
    observer.close();
  }
  expect(workstation.uncaught).toEqual([]);
});

/**
 * Scrolls the ladder with the wheel, the pointer over it (so auto-centre waits), until the row is
 * drawn and not at an edge: far rows take many turns of the wheel.
 */
async function scrollTo(desk: TradingDesk, row: number): Promise<void> {
  await desk.ladder.hover({ position: { x: 2, y: 2 } });
  for (let turn = 0; turn < 100; turn++) {
    const ticks = await desk.ladder.locator('[role="row"][data-tick]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-tick'))));
    const top = ticks[0]!;
    const bottom = ticks[ticks.length - 1]!;
    if (row <= top - 2 && row >= bottom + 2) return;
    // Wheel up (negative) shows higher prices.
    await desk.page.mouse.wheel(0, row > top - 2 ? -100 : 100);
    await desk.page.waitForTimeout(30);
  }
  throw new Error(`row ${row} never came into view`);
}

async function setGuard(desk: TradingDesk, ticks: string): Promise<void> {
  const guard = desk.ladderPanel.getByLabel('Guard');
  await guard.fill(ticks);
  await guard.blur();
}

function rgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
}

/** The computed colour of a row's band in the Order Book ('' when the grid redrew the cell meanwhile). */
function bandColour(row: Locator): Promise<string> {
  return row.locator('[col-id="band"] .order-band').evaluate((band) => getComputedStyle(band).backgroundColor);
}

/** Whether the children's rows come straight after their parent's, in the order on screen. */
async function beneath(book: Locator, parentId: string, childIds: readonly string[]): Promise<boolean> {
  const indexOf = async (id: string): Promise<number> => Number(await book.locator(`[role="row"][row-id="${id}"]`).first().getAttribute('row-index'));
  const parent = await indexOf(parentId);
  const children = await Promise.all(childIds.map(indexOf));
  const sorted = [...children].sort((a, b) => a - b);
  return sorted.every((index, i) => index === parent + 1 + i);
}

/** The parent's Filled and Avg cells against what its children's cells add up to. */
async function rolledUp(book: Locator, parentKey: string, childKeys: readonly string[]): Promise<{ filledMatches: boolean; averageMatches: boolean }> {
  const cell = async (id: string, column: string): Promise<string> => (await book.locator(`[role="row"][row-id="${id}"] [col-id="${column}"]`).first().textContent())?.trim() ?? '';
  let filled = 0;
  let notional = Rational.ZERO;
  for (const key of childKeys) {
    const quantity = Number(await cell(key, 'filled'));
    if (quantity === 0) continue;
    filled += quantity;
    notional = notional.add(Rational.parse(await cell(key, 'avgPrice')).mul(Rational.of(quantity)));
  }
  const parentFilled = await cell(`parent:${parentKey}`, 'filled');
  const parentAverage = await cell(`parent:${parentKey}`, 'avgPrice');
  if (filled === 0) return { filledMatches: parentFilled === '0', averageMatches: parentAverage === '' };
  const average = notional.div(Rational.of(filled));
  const places = parentAverage.split('.')[1]?.length ?? 0;
  // Shown rounded to its places when the average has no short decimal: within half a unit of the last.
  const halfUnit = Rational.of(1n, 2n * 10n ** BigInt(places));
  const difference = Rational.parse(parentAverage).sub(average).abs();
  return { filledMatches: parentFilled === String(filled), averageMatches: difference.compare(halfUnit) <= 0 };
}

/** Kept as a file in the test's output folder and listed in the report. */
async function saveScreenshot(testInfo: TestInfo, name: string, target: Page | Locator): Promise<void> {
  const path = testInfo.outputPath(`${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
  await target.screenshot({ path });
  testInfo.attachments.push({ name, path, contentType: 'image/png' });
}

/**
 * Another client of main over its WebSocket, as an automation client would be: it logs the
 * second trader on, sends its orders, and follows the legs' books, trader1's parents and
 * every trader's orders, for the test to know keys and prices the screen shows.
 */
class Observer {
  readonly parents = new Map<string, ParentOrderView>();
  readonly orders = new Map<string, OrderView>();
  private readonly books = new Map<string, BookView>();

  private constructor(
    private readonly socket: WebSocket,
    private readonly client: IpcClient,
  ) {
    client.subscribe('aggregator.parents', { trader: 'trader1' }, (event) => {
      if (event.reset) this.parents.clear();
      for (const parent of event.parents) this.parents.set(parent.key, parent);
    });
    client.subscribe('orders', {}, (event) => {
      if (event.reset) this.orders.clear();
      for (const order of event.orders) this.orders.set(order.key, order);
    });
  }

  static async open(app: { origin: string; token: string }): Promise<Observer> {
    const socket = new WebSocket(`${app.origin.replace('http', 'ws')}/ipc?token=${encodeURIComponent(app.token)}`);
    const client = new IpcClient((message) => socket.send(JSON.stringify(message)));
    socket.on('message', (data) => client.receive(JSON.parse(String(data)) as unknown));
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return new Observer(socket, client);
  }

  call<M extends CallName>(method: M, payload: CallInput<M>): Promise<CallResponse<M>> {
    return this.client.call(method, payload);
  }

  watchBook(connectionId: string, exchange: string, symbol: string): void {
    this.client.subscribe('book', { connectionId, exchange, symbol }, (book) => this.books.set(`${exchange}|${symbol}`, book));
  }

  /** The leg's best offer as an aggregated row (0.01 apart from 0), once its book is known. */
  async bestAsk(exchange: string, symbol: string, tick: TickSize): Promise<number> {
    await expect.poll(() => this.books.get(`${exchange}|${symbol}`)?.asks[0] ?? null, { timeout: 20_000 }).not.toBeNull();
    return ROW.ticksOf(tick.priceOf(this.books.get(`${exchange}|${symbol}`)!.asks[0]!));
  }

  /** The leg's best bid as an aggregated row. */
  async bestBid(exchange: string, symbol: string, tick: TickSize): Promise<number> {
    await expect.poll(() => this.books.get(`${exchange}|${symbol}`)?.bids[0] ?? null, { timeout: 20_000 }).not.toBeNull();
    return ROW.ticksOf(tick.priceOf(this.books.get(`${exchange}|${symbol}`)!.bids[0]!));
  }

  /** Contracts offered on a leg at aggregated row `row` or better. */
  offeredAtOrBelow(exchange: string, symbol: string, tick: TickSize, row: number): number {
    const asks = this.books.get(`${exchange}|${symbol}`)?.asks ?? [];
    let total = 0;
    for (let i = 0; i < asks.length; i += 3) {
      if (ROW.ticksOf(tick.priceOf(asks[i]!)) > row) break;
      total += asks[i + 1]!;
    }
    return total;
  }

  parentAt(price: string): ParentOrderView | undefined {
    return [...this.parents.values()].find((parent) => parent.price === price);
  }

  childrenOf(parentKey: string): OrderView[] {
    return (this.parents.get(parentKey)?.children ?? []).flatMap((child) => this.orders.get(child.key) ?? []);
  }

  close(): void {
    this.socket.close();
  }
}
