import { differencesFromBook, type PaintedRow } from './ladderBook';
import { benchInstrument, type LadderDesk } from './ladderDesk';
import { frameColumns } from './ladderFrames';
import { profilePage } from './ladderProfile';
import type { BenchRow } from './table';

// The ladder under a fast market through the real path: the gateway's BurstFlow on ESZ6 (the
// NOTES.md feed done with orders: 500 levels a side, `rate` book changes a second) → the
// matching engine's level events → 35=X over FIX → main's MarketDataCache → the Conflator (one
// book a display frame) → the IPC WebSocket → the ladder. After the measured seconds the burst
// is paused (rate 0: the book holds still) and every visible row is compared with the gateway's
// book from its admin API until they agree or `settleMs` has passed.

const settleMs = 3000;

export interface GatewayFeedResult {
  row: BenchRow;
  /** What still differed when the comparison gave up (empty when the ladder matched). */
  differences: string[];
  /** Where the page's main thread went under the feed (a profiled window after the measured one). */
  profile: BenchRow[];
}

export async function measureGatewayFeed(desk: LadderDesk, rate: number, seconds: number): Promise<GatewayFeedResult> {
  const { page, admin } = desk;
  await admin.startBurst({ rate, levels: 500, seed: 1 });
  // The first step builds the book (about 2,000 orders at once); then it runs at its rate.
  await page.waitForTimeout(2000);
  const before = { burst: await admin.burst(), seq: (await admin.book()).seq, cpu: desk.cpuSeconds(), at: performance.now() };
  await page.evaluate(() => window.ladderProbe!.record());
  await page.waitForTimeout(seconds * 1000);
  const recorded = await page.evaluate(() => window.ladderProbe!.recorded());
  const after = { burst: await admin.burst(), seq: (await admin.book()).seq, cpu: desk.cpuSeconds(), at: performance.now() };
  const wall = (after.at - before.at) / 1000;
  const profile = await profilePage(page, 5);

  await admin.startBurst({ rate: 0 });
  // The pause takes effect on the gateway's next step (every 20 ms).
  await page.waitForTimeout(100);
  const book = await admin.book();
  const pausedAt = performance.now();
  let differences: string[] = [];
  let settledMs: number | null = null;
  while (performance.now() - pausedAt < settleMs) {
    const rows: PaintedRow[] = await page.evaluate(() => window.ladderProbe!.paintedRows());
    differences = differencesFromBook(rows, book, benchInstrument.tickSize);
    if (differences.length === 0) {
      settledMs = performance.now() - pausedAt;
      break;
    }
    await page.waitForTimeout(50);
  }
  const stillBook = await admin.book();
  if (stillBook.seq !== book.seq) differences.push(`the gateway's book moved while paused (RptSeq ${book.seq} → ${stillBook.seq})`);
  return {
    row: {
      name: `${rate.toLocaleString('en-US')} updates/s through the gateway (BurstFlow → FIX → main → WebSocket)`,
      ...frameColumns(recorded),
      'draws/s': recorded.paints / seconds,
      'messages from main/s': recorded.messages / seconds,
      'book changes/s at the gateway': (after.burst.actions - before.burst.actions) / wall,
      'MD entries/s (RptSeq)': (after.seq - before.seq) / wall,
      'gateway CPU %': (100 * (after.cpu.gateway - before.cpu.gateway)) / wall,
      'main CPU %': (100 * (after.cpu.main - before.cpu.main)) / wall,
      'KB/s into the page': recorded.bytes / 1024 / seconds,
      'cells ≠ book after pause': differences.length,
      'ms to match after pause': settledMs === null ? `> ${settleMs}` : Math.round(settledMs),
    },
    differences,
    profile,
  };
}
