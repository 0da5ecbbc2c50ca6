import { PriceLevel } from './PriceLevel';
import type { Side } from './types';

/**
 * One side of a book: its price levels sorted worst → best, so the best level is the last
 * element (O(1) to read, and O(1) to drop when it empties, which is what matching does), with
 * a price → level map for adds and cancels. Books in practice hold tens of levels, most
 * activity is near the top, so inserting with a binary search and splice is cheap.
 */
export class BookSide {
  /** Worst → best. */
  readonly levels: PriceLevel[] = [];
  private readonly byPrice = new Map<number, PriceLevel>();
  /** +1 for bids (higher is better), -1 for asks. */
  readonly sign: 1 | -1;

  constructor(readonly side: Side) {
    this.sign = side === 'buy' ? 1 : -1;
  }

  best(): PriceLevel | undefined {
    return this.levels[this.levels.length - 1];
  }

  level(price: number): PriceLevel | undefined {
    return this.byPrice.get(price);
  }

  /** The level at `price`, created (empty) and put in place if there was none. */
  levelAt(price: number): PriceLevel {
    const found = this.byPrice.get(price);
    if (found) return found;
    const level = new PriceLevel(price, this.sign * price);
    const levels = this.levels;
    let lo = 0;
    let hi = levels.length;
    // Usually at or near the top: check the end first.
    if (hi === 0 || levels[hi - 1]!.key < level.key) lo = hi;
    else {
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (levels[mid]!.key < level.key) lo = mid + 1;
        else hi = mid;
      }
    }
    if (lo === levels.length) levels.push(level);
    else levels.splice(lo, 0, level);
    this.byPrice.set(price, level);
    return level;
  }

  /** Drops an empty level. */
  removeLevel(level: PriceLevel): void {
    this.byPrice.delete(level.price);
    const levels = this.levels;
    const last = levels.length - 1;
    if (levels[last] === level) {
      levels.pop();
      return;
    }
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (levels[mid]!.key < level.key) lo = mid + 1;
      else hi = mid;
    }
    levels.splice(lo, 1);
  }

  /** Levels best first. */
  *depth(): IterableIterator<PriceLevel> {
    for (let i = this.levels.length - 1; i >= 0; i--) yield this.levels[i]!;
  }

  get size(): number {
    return this.levels.length;
  }
}
