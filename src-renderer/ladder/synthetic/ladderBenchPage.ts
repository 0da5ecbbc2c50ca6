import type { BookView } from '../../../src-shared/ipc/contract/trading';
import { TickSize } from '../../../src-shared/pricing';
import { BookStore } from '../BookStore';
import { LadderDriver, type Side } from '../LadderDriver';
import type { FeedCommand, FeedMessage } from './syntheticFeed.worker';
import '../ladder.css';

/** What the ladder benchmark drives from Playwright (`?ladder-bench`): the real ladder over the NOTES.md feed. */
export interface LadderBench {
  start(rate: number): void;
  /** Stops the feed; resolves once the ladder has drawn the feed's last book. */
  pause(): Promise<{ seq: number; applied: number }>;
  /** Starts recording frames: the start time of each, and its main-thread time up to the end of rendering. */
  record(): void;
  recorded(): { starts: number[]; busyMs: number[]; draws: number; books: number; feedMs: number };
  /** Cells on screen that differ from the feed's last book (price, bid, ask), read from the DOM. */
  mismatches(): string[];
  /** Orders the clicks asked for, as prices. */
  readonly clicks: { side: Side; price: string }[];
}

declare global {
  interface Window {
    ladderBench?: LadderBench;
  }
}

export function mountLadderBench(root: HTMLElement): void {
  root.style.height = '100%';
  const host = document.createElement('div');
  host.style.height = '100%';
  host.style.width = '480px';
  root.append(host);
  const store = new BookStore();
  const clicks: { side: Side; price: string }[] = [];
  const driver = new LadderDriver(
    host,
    store,
    {
      place: (side, tick) => clicks.push({ side, price: driver.priceStep?.priceOf(tick) ?? String(tick) }),
      cancel: () => undefined,
      move: () => undefined,
    },
    { autoCentreMargin: 5 },
    'bench-ladder',
  );

  const worker = new Worker(new URL('./syntheticFeed.worker.ts', import.meta.url), { type: 'module' });
  let last: BookView | null = null;
  let paused: ((result: { seq: number; applied: number }) => void) | null = null;
  let feedMs = 0;
  worker.onmessage = (event: MessageEvent<FeedMessage>) => {
    const begin = performance.now();
    const message = event.data;
    last = message.book;
    store.set(message.book);
    feedMs += performance.now() - begin;
    if (message.kind === 'paused' && paused) {
      const resolve = paused;
      paused = null;
      const seq = message.book.seq;
      const wait = (): void => {
        if (driver.stats.seq === seq) resolve({ seq, applied: message.applied });
        else requestAnimationFrame(wait);
      };
      requestAnimationFrame(wait);
    }
  };

  let recording = false;
  let starts: number[] = [];
  let busyMs: number[] = [];
  let drawsAtStart = 0;
  let booksAtStart = 0;
  const channel = new MessageChannel();
  let frameStart = 0;
  // A message posted from a frame's first callback runs after that frame's style, layout and paint.
  channel.port1.onmessage = () => {
    if (recording) busyMs.push(performance.now() - frameStart);
  };
  const probe = (time: number): void => {
    if (recording) {
      starts.push(time);
      frameStart = performance.now();
      channel.port2.postMessage(null);
    }
    requestAnimationFrame(probe);
  };
  requestAnimationFrame(probe);

  window.ladderBench = {
    clicks,
    start: (rate) => worker.postMessage({ kind: 'start', rate } satisfies FeedCommand),
    pause: () =>
      new Promise((resolve) => {
        paused = resolve;
        worker.postMessage({ kind: 'pause' } satisfies FeedCommand);
      }),
    record: () => {
      recording = true;
      starts = [];
      busyMs = [];
      feedMs = 0;
      drawsAtStart = driver.stats.draws;
      booksAtStart = store.received;
    },
    recorded: () => {
      recording = false;
      return { starts, busyMs, draws: driver.stats.draws - drawsAtStart, books: store.received - booksAtStart, feedMs };
    },
    mismatches: () => (last ? compareWithScreen(driver, last) : ['no book yet']),
  };
}

/** Compares the screen with `book`: prices and rows from the DOM, quantities as the canvas drew them. */
function compareWithScreen(driver: LadderDriver, book: BookView): string[] {
  const tickSize = TickSize.parse(book.tickSize);
  const bids = new Map<number, number>();
  const asks = new Map<number, number>();
  for (let i = 0; i < book.bids.length; i += 3) bids.set(book.bids[i]!, book.bids[i + 1]!);
  for (let i = 0; i < book.asks.length; i += 3) asks.set(book.asks[i]!, book.asks[i + 1]!);
  const problems: string[] = [];
  const rows = driver.grid.element.querySelectorAll<HTMLElement>('[role="rowgroup"] [role="row"]');
  let previous: number | null = null;
  rows.forEach((row, index) => {
    const price = row.getAttribute('aria-label') ?? '';
    const shownPrice = row.querySelector('[data-col="price"]')?.textContent ?? '';
    if (shownPrice !== price) problems.push(`row ${price} shows price ${shownPrice}`);
    const tick = tickSize.ticksOf(price);
    if (previous !== null && tick !== previous - 1) problems.push(`row ${price} does not follow ${tickSize.priceOf(previous)}`);
    previous = tick;
    const shown = driver.grid.shownMarket(index);
    if (shown.bid !== (bids.get(tick) ?? 0)) problems.push(`${price} bid shows ${shown.bid}, book has ${bids.get(tick) ?? 0}`);
    if (shown.ask !== (asks.get(tick) ?? 0)) problems.push(`${price} ask shows ${shown.ask}, book has ${asks.get(tick) ?? 0}`);
  });
  if (rows.length === 0) problems.push('no rows on screen');
  return problems;
}
