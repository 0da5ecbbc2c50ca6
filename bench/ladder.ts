import react from '@vitejs/plugin-react';
import { chromium, type Page } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import sirv from 'sirv';
import { build } from 'vite';
import { chromiumLaunch } from '../playwright.config';
import type { BenchRow, BenchTable } from './table';

// `npm run bench -- ladder`: the MD Trader ladder in Chromium under the NOTES.md synthetic feed
// (`?ladder-bench`: the real ladder, fed from a worker at a fixed event rate), and click-to-ack
// through main with the embedded gateway.

// The bench runner runs from the repository root (scripts/bench.mjs).
const root = process.cwd();
const frameMs = 1000 / 60;

interface Recorded {
  starts: number[];
  busyMs: number[];
  draws: number;
  books: number;
  feedMs: number;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Frames a 60 Hz display showed without a new one from the page: gaps between frame starts beyond one period. */
export function droppedFrames(starts: readonly number[]): number {
  let dropped = 0;
  for (let i = 1; i < starts.length; i++) dropped += Math.max(0, Math.round((starts[i]! - starts[i - 1]!) / frameMs) - 1);
  return dropped;
}

async function buildRenderer(outDir: string): Promise<void> {
  await build({
    root: join(root, 'src-renderer'),
    plugins: [react()],
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
}

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
  const span = (recorded.starts.at(-1)! - recorded.starts[0]!) / 1000;
  return {
    name,
    fps: recorded.starts.length / span,
    'draws/s': recorded.draws / seconds,
    'books in/s': recorded.books / seconds,
    'frame p50 ms': percentile(recorded.busyMs, 50),
    'frame p95 ms': percentile(recorded.busyMs, 95),
    'frame max ms': Math.max(...recorded.busyMs),
    'dropped frames': droppedFrames(recorded.starts),
    'feed handling ms/s': recorded.feedMs / seconds,
    'cells ≠ book after pause': mismatches.length,
    'events applied': applied,
  };
}

export async function runLadderBench(): Promise<BenchTable[]> {
  const outDir = join(root, 'out/bench/renderer');
  await buildRenderer(outDir);
  const server = await serve(outDir);
  const browser = await chromium.launch(chromiumLaunch);
  try {
    const page = await browser.newPage({ viewport: { width: 480, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/?ladder-bench`);
    await page.waitForFunction(() => window.ladderBench !== undefined);
    const rows = [await measureFeed(page, 10_000, 10), await measureFeed(page, 50_000, 10)];
    if (errors.length > 0) throw new Error(`the ladder page failed: ${errors.join('; ')}`);
    return [
      {
        title: 'MD Trader ladder under the NOTES.md feed',
        rows: [...rows, { name: 'anchor: SlickLadder (canvas), same feed, NOTES.md', fps: 40, 'frame p50 ms': '2.0–2.3 per repaint', 'cells ≠ book after pause': 'up to 14 of 20 ask rows' }, { name: 'target', fps: 60, 'frame p95 ms': '≤ 8', 'cells ≠ book after pause': 0 }],
        notes: [
          'Chromium (Debian) headless, 480×1000 viewport (51 rows), `?ladder-bench`: the real LadderDriver over a BookStore fed by a worker running the feed at the given rate and posting the book every 4 ms (≈ 250 books/s, more than the display draws).',
          'frame = main-thread time from the first animation-frame callback to the end of that frame\'s rendering (a message posted from the callback); dropped = 60 Hz periods with no frame; after pausing, every visible row is compared with the feed\'s last book.',
        ],
      },
    ];
  } finally {
    await browser.close();
    server.close();
  }
}
