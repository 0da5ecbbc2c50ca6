import { PriceLevel } from './PriceLevel';
import type { Side } from './types';

/**
 * One side of a book: its price levels sorted worst → best, so the best level is the last
 * element (O(1) to read, and O(1) to drop when it empties, which is what matching does).
 * Levels are found by binary search on the same array: books hold tens of levels and most
 * activity is near the top, so this beats a price → level map, which would also have to be
 * updated every time a level comes and goes.
 */
export class BookSide {
  /** Worst → best. */
  readonly levels: PriceLevel[] = [];
  /** +1 for bids (higher is better), -1 for asks. */
  readonly sign: 1 | -1;

  constructor(readonly side: Side) {
    this.sign = side === 'buy' ? 1 : -1;
  }

  best(): PriceLevel | undefined {
    return this.levels[this.levels.length - 1];
  }

  level(price: number): PriceLevel | undefined {
    const levels = this.levels;
    const key = this.sign * price;
    const found = levels[this.indexOf(key)];
    return found !== undefined && found.key === key ? found : undefined;
  }

  /** The level at `price`, created (empty) and put in place if there was none. */
  levelAt(price: number): PriceLevel {
    const levels = this.levels;
    const key = this.sign * price;
    const i = this.indexOf(key);
    const found = levels[i];
    if (found !== undefined && found.key === key) return found;
    const level = new PriceLevel(price, key);
    if (i === levels.length) levels.push(level);
    else levels.splice(i, 0, level);
    return level;
  }

  /** Drops an empty level. */
  removeLevel(level: PriceLevel): void {
    const levels = this.levels;
    if (levels[levels.length - 1] === level) levels.pop();
    else levels.splice(this.indexOf(level.key), 1);
  }

  /** Levels best first. */
  *depth(): IterableIterator<PriceLevel> {
    for (let i = this.levels.length - 1; i >= 0; i--) yield this.levels[i]!;
  }

  get size(): number {
    return this.levels.length;
  }

  /** The first index whose key is ≥ `key` (levels.length if none); checks the top first. */
  private indexOf(key: number): number {
    const levels = this.levels;
    let hi = levels.length;
    if (hi === 0 || levels[hi - 1]!.key < key) return hi;
    if (hi === 1 || levels[hi - 2]!.key < key) return hi - 1;
    let lo = 0;
    hi -= 2;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (levels[mid]!.key < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
