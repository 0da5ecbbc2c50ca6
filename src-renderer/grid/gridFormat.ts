import { formatClock } from '../status/statusFormat';

/** `HH:MM:SS.mmm`, local time: order and fill times to the millisecond. */
export function formatTimeMs(epochMs: number): string {
  return `${formatClock(epochMs)}.${String(((epochMs % 1000) + 1000) % 1000).padStart(3, '0')}`;
}
