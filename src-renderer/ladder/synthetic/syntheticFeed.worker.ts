import type { BookView } from '../../../src-shared/ipc/contract/trading';
import { SyntheticBook } from './SyntheticBook';

// The NOTES.md feed off the page's thread, as main's market-data cache is off the renderer's:
// events are applied at `rate` per second by the wall clock, and the book is posted every few
// milliseconds (more often than the display draws, so the page's store must conflate).

export type FeedCommand = { kind: 'start'; rate: number } | { kind: 'pause' };
export type FeedMessage = { kind: 'book'; book: BookView; applied: number } | { kind: 'paused'; book: BookView; applied: number };

// The worker's global scope, typed narrowly (the webworker lib clashes with the DOM lib).
const scope = self as unknown as { postMessage(message: FeedMessage): void; onmessage: ((event: MessageEvent<FeedCommand>) => void) | null };
const feed = new SyntheticBook(1);
const postEveryMs = 4;
let timer: ReturnType<typeof setInterval> | undefined;

scope.postMessage({ kind: 'book', book: feed.view(), applied: 0 });

scope.onmessage = (event: MessageEvent<FeedCommand>) => {
  const command = event.data;
  if (command.kind === 'start') start(command.rate);
  else pause();
};

function start(rate: number): void {
  if (timer !== undefined) clearInterval(timer);
  const startedAt = performance.now();
  const startedWith = feed.applied;
  timer = setInterval(() => {
    const due = startedWith + Math.floor(((performance.now() - startedAt) * rate) / 1000);
    if (due <= feed.applied) return;
    while (feed.applied < due) feed.step();
    scope.postMessage({ kind: 'book', book: feed.view(), applied: feed.applied });
  }, postEveryMs);
}

function pause(): void {
  if (timer !== undefined) clearInterval(timer);
  timer = undefined;
  scope.postMessage({ kind: 'paused', book: feed.view(), applied: feed.applied });
}
