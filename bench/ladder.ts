import { chromium, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sirv from 'sirv';
import { chromiumLaunch } from '../playwright.config';
import { measureClicks, type ClickResults } from './ladderClicks';
import { benchBuild, buildWorkstation, LadderDesk } from './ladderDesk';
import { installLadderProbe } from './ladderProbe';
import { frameColumns, percentile } from './ladderFrames';
import { measureGatewayFeed, type GatewayFeedResult } from './ladderGatewayFeed';
import type { BenchRow, BenchTable } from './table';

// `npm run bench -- ladder`: the MD Trader ladder in Chromium. (1) The renderer alone under the
// NOTES.md synthetic feed (`?ladder-bench`: the real ladder fed from a worker at a fixed event
// rate). (2) The whole workstation (tessera gateway + tessera web, trader1 logged on through
// the login screen): click-to-ack beside the gateway's own FIX round trip, and the same kind
// of feed made by the gateway (BurstFlow) through FIX, main and the WebSocket, with the
// ladder compared with the gateway's book once the feed pauses.

interface Recorded {
  starts: number[];
  busyMs: number[];
  draws: number;
  books: number;
  feedMs: number;
}

const clickCount = 200;
const feedSeconds = 10;

function serve(dir: string): Promise<Server> {
  const files = sirv(dir, { dev: false });
  const server = createServer((req, res) => files(req, res, () => {
    res.writeHead(404).end();
  }));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function measureFeed(page: Page, rate: number, seconds: number): Promise<BenchRow> {
  await page.evaluate((r) => window.ladderBench!.start(r), rate);
  await page.waitForTimeout(2000);
  await page.evaluate(() => window.ladderBench!.record());
  await page.waitForTimeout(seconds * 1000);
  const recorded = await page.evaluate(() => window.ladderBench!.recorded());
  const clicks = await clickWhileFeeding(page, 20);
  const paused = await page.evaluate(() => window.ladderBench!.pause());
  const mismatches = await page.evaluate(() => window.ladderBench!.mismatches());
  return { ...row(`${rate.toLocaleString('en-US')} updates/s`, recorded, seconds, mismatches, paused.applied), 'clicks at the price shown': clicks };
}

/** Clicks bid and ask cells while the feed runs; counts the orders asked for at the price the row showed. */
async function clickWhileFeeding(page: Page, count: number): Promise<string> {
  const before = await page.evaluate(() => window.ladderBench!.clicks.length);
  const aimed: string[] = [];
  for (let i = 0; i < count; i++) {
    const rows = page.locator('[role="rowgroup"] [role="row"]');
    const row = rows.nth(5 + ((i * 7) % Math.max(1, (await rows.count()) - 10)));
    aimed.push((await row.getAttribute('aria-label')) ?? '');
    await row.locator(i % 2 === 0 ? '[data-col="bid"]' : '[data-col="ask"]').click();
  }
  const asked = await page.evaluate((from) => window.ladderBench!.clicks.slice(from).map((click) => click.price), before);
  return `${asked.filter((price, i) => price === aimed[i]).length}/${count}`;
}

function row(name: string, recorded: Recorded, seconds: number, mismatches: string[], applied: number): BenchRow {
  return {
    name,
    ...frameColumns(recorded),
    'draws/s': recorded.draws / seconds,
    'books in/s': recorded.books / seconds,
    'feed handling ms/s': recorded.feedMs / seconds,
    'cells ≠ book after pause': mismatches.length,
    'events applied': applied,
  };
}

export async function runLadderBench(): Promise<BenchTable[]> {
  await buildWorkstation();
  const { table: worker, emptyPage } = await measureWorkerFeed();
  const dir = mkdtempSync(join(tmpdir(), 'tessera-ladder-bench-'));
  try {
    const desk = await LadderDesk.open(dir);
    try {
      const rows = await desk.rows();
      const clicked = await measureClicks(desk, clickCount);
      const feeds: GatewayFeedResult[] = [await measureGatewayFeed(desk, 10_000, feedSeconds)];
      await desk.admin.endBurst();
      if (desk.uncaught.length > 0) throw new Error(`the workstation page failed: ${desk.uncaught.join('; ')}`);
      for (const feed of feeds) for (const difference of feed.differences.slice(0, 20)) process.stderr.write(`ladder ≠ gateway: ${difference}\n`);
      return [worker, gatewayFeedTable(feeds, rows, emptyPage), profileTable(feeds[0]!), clickTable(clicked)];
    } finally {
      await desk.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measureWorkerFeed(): Promise<{ table: BenchTable; emptyPage: BenchRow }> {
  const server = await serve(benchBuild.renderer);
  const browser = await chromium.launch(chromiumLaunch);
  try {
    const page = await browser.newPage({ viewport: { width: 480, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/?ladder-bench`);
    await page.waitForFunction(() => window.ladderBench !== undefined);
    const rows = [await measureFeed(page, 10_000, feedSeconds), await measureFeed(page, 50_000, feedSeconds)];
    if (errors.length > 0) throw new Error(`the ladder page failed: ${errors.join('; ')}`);
    const emptyPage = await measureEmptyPage(page);
    const table: BenchTable = {
      title: 'MD Trader ladder alone under the NOTES.md feed (in-page worker)',
      rows: [...rows, emptyPage, anchor, target],
      notes: [
        'Chromium (Debian) headless, 480×1000 viewport (51 rows), `?ladder-bench`: the real LadderDriver over a BookStore fed by a worker running the feed at the given rate and posting the book every 4 ms (≈ 250 books/s, more than the display draws).',
        "frame = main-thread time from the first animation-frame callback to the end of that frame's rendering (a message posted from the callback); dropped = 60 Hz periods with no frame; after pausing, every visible row is compared with the feed's last book.",
        'The empty page (about:blank with the same frame probe) shows what the machine does to frame timing by itself: on a loaded machine it drops frames and stretches frame times too.',
      ],
    };
    return { table, emptyPage };
  } finally {
    await browser.close();
    server.close();
  }
}

/** The machine's share: an empty page's frames in the same browser. */
async function measureEmptyPage(page: Page): Promise<BenchRow> {
  await page.goto('about:blank');
  await page.evaluate(installLadderProbe);
  await page.evaluate(() => window.ladderProbe!.record());
  await page.waitForTimeout(feedSeconds * 1000);
  const recorded = await page.evaluate(() => window.ladderProbe!.recorded());
  return { name: 'reference: an empty page, same browser and run (what the machine allows)', ...frameColumns(recorded) };
}

const anchor: BenchRow = { name: 'anchor: SlickLadder (canvas), same feed, NOTES.md', fps: 40, 'frame p50 ms': '2.0–2.3 per repaint', 'cells ≠ book after pause': 'up to 14 of 20 ask rows' };
const target: BenchRow = { name: 'target', fps: 60, 'frame p95 ms': '≤ 8', 'dropped frames': 0, 'cells ≠ book after pause': 0 };

function gatewayFeedTable(feeds: GatewayFeedResult[], rows: number, emptyPage: BenchRow): BenchTable {
  return {
    title: 'MD Trader ladder under a 10,000 updates/s market made by the gateway',
    rows: [...feeds.map((feed) => feed.row), emptyPage, anchor, target],
    notes: [
      `\`tessera gateway\` (the embedded gateway's settings: demo firm, markets always open, background flow seed 1, data on disk) with a BurstFlow on CME ESZ6 (admin API \`PUT /exchanges/CME/instruments/ESZ6/burst {rate, levels: 500, seed: 1}\`: the NOTES.md feed done with orders, 500 levels a side); \`tessera web\` connected to it; Chromium headless at 900×1000 showing the MD Trader panel (${rows} rows), trader1 logged on through the login screen.`,
      'The gateway steps every 20 ms, so the changes leave as about 50 35=X messages a second of ~200 entries; main keeps the book (RptSeq checked) and sends the ladder at most one book per 16 ms frame. draws/s = frames in which the ladder canvas painted; messages from main include every stream (books, orders, status).',
      'frame columns as in the table above (the whole workstation page, not only the ladder). After the measured seconds the burst is paused (rate 0) and every visible row (price, bid, ask as painted on the canvas, read by wrapping the canvas calls) is compared with the admin API book at the same RptSeq until they agree.',
    ],
  };
}

function profileTable(feed: GatewayFeedResult): BenchTable {
  return {
    title: `Where the workstation page's main thread goes under ${feed.row.name}`,
    rows: feed.profile,
    notes: [
      'V8 sampling profiler over CDP (500 µs), 5 s right after the measured window, the feed still running; self time per function per second. "(idle)": nothing to do; "(program)": the browser\'s own work on the thread (style, layout, paint, compositor commit); native canvas calls (fillText, fillRect) by name; the app\'s functions in the minified bundle (class methods keep their names). The probe\'s own wrappers (proto.fillText, proto.fillRect, ladderCanvas, frame) show here too.',
    ],
  };
}

function latencyRow(name: string, values: number[], note: string): BenchRow {
  return { name, samples: values.length, 'p50 ms': percentile(values, 50), 'p99 ms': percentile(values, 99), 'max ms': values.length ? Math.max(...values) : Number.NaN, note };
}

function clickTable(clicked: ClickResults): BenchTable {
  return {
    title: 'Click-to-ack on the MD Trader ladder',
    rows: [
      latencyRow('click on a price → order shown working (ExecutionReport New)', clicked.acked, clicked.missing > 0 ? `${clicked.missing} clicks showed no outcome within 10 s` : 'every click acknowledged'),
      latencyRow('… of which: click → orders.submit sent to main', clicked.sent, 'the renderer'),
      latencyRow('… of which: click → main\'s Working message in the page', clicked.answered, 'main, gateway, FIX both ways, WebSocket'),
      latencyRow('click on a price → order shown pending', clicked.pending, 'only when a frame came before the ack'),
      latencyRow('click on the working order → row blank (ExecutionReport Canceled)', clicked.cancelled, ''),
      latencyRow('reference: FIX client → the same gateway, NewOrderSingle → ExecutionReport New', clicked.reference, 'same orders, interleaved with the clicks'),
    ],
    notes: [
      `${clickCount} clicks through Playwright on the same page as above, before the burst (background flow only): buys under the bid and sells over the offer in turn, 8–11 ticks away (inside the 20-tick guard, so no confirmation; nothing fills), 1 lot DAY; each order cancelled by a click on it once shown.`,
      'Timed in the page: from the pointerdown event to the DOM change (MutationObserver) that shows the order on its row without the pending style, i.e. the animation frame that draws it; that frame is painted right after.',
      'No peer: no other trading front end runs here. The reference row is the gateway\'s own share (risk checks, journal fsync, matching, FIX both ways).',
    ],
  };
}
