import type { AggregatedLattice, BookSide } from './AggregatedLattice';

/** A leg's depth as `MarketBook.view` gives it: flat `[ticks, quantity, orders, …]`, best first. */
export interface LegDepth {
  readonly bids: readonly number[];
  readonly asks: readonly number[];
}

/** One leg's part of an aggregated row: its levels that fall on the row, summed. */
export interface RowPart {
  readonly leg: number;
  /** Contracts of the leg (after `adjust`). */
  readonly legQuantity: number;
  readonly orders: number;
  /** The leg's best and worst price (ticks) within the row; equal unless an override tick groups levels. */
  readonly bestTicks: number;
  readonly worstTicks: number;
}

export interface AggregatedRow {
  readonly row: number;
  readonly parts: readonly RowPart[];
}

/**
 * Walks one side of several legs' books at once, row by row from the best aggregated price
 * outwards (a k-way merge: each leg's levels are already best first and the price map keeps
 * their order). Legs left out by `include` are skipped; `adjust` may lower a level's quantity
 * (the engine takes off what its own orders have already claimed), and levels left at zero
 * are passed over.
 */
export class DepthWalker {
  private readonly cursor: number[];
  private readonly headRow: (number | undefined)[];
  private readonly direction: 1 | -1;

  constructor(
    private readonly lattice: AggregatedLattice,
    private readonly side: BookSide,
    private readonly books: readonly (LegDepth | undefined)[],
    private readonly include: readonly boolean[],
    private readonly adjust?: (leg: number, ticks: number, quantity: number) => number,
  ) {
    this.direction = side === 'ask' ? 1 : -1;
    this.cursor = books.map(() => 0);
    this.headRow = books.map((_, leg) => this.rowAt(leg));
  }

  /** The next row with quantity on any included leg, or undefined when the books run out. */
  next(): AggregatedRow | undefined {
    for (;;) {
      let best: number | undefined;
      for (let leg = 0; leg < this.books.length; leg++) {
        const row = this.headRow[leg];
        if (row !== undefined && this.include[leg] && (best === undefined || (row - best) * this.direction < 0)) best = row;
      }
      if (best === undefined) return undefined;
      const parts: RowPart[] = [];
      for (let leg = 0; leg < this.books.length; leg++) {
        if (this.headRow[leg] === best && this.include[leg]) {
          const part = this.consume(leg, best);
          if (part) parts.push(part);
        }
      }
      if (parts.length > 0) return { row: best, parts };
    }
  }

  private levels(leg: number): readonly number[] | undefined {
    const book = this.books[leg];
    return book && (this.side === 'ask' ? book.asks : book.bids);
  }

  private rowAt(leg: number): number | undefined {
    const levels = this.levels(leg);
    const i = this.cursor[leg]!;
    if (!levels || i >= levels.length) return undefined;
    return this.lattice.rowOfLeg(leg, levels[i]!, this.side);
  }

  /** Sums the leg's levels on `row` and moves its cursor past them. */
  private consume(leg: number, row: number): RowPart | undefined {
    const levels = this.levels(leg)!;
    let quantity = 0;
    let orders = 0;
    let bestTicks = 0;
    let worstTicks = 0;
    let any = false;
    while (this.headRow[leg] === row) {
      const i = this.cursor[leg]!;
      const ticks = levels[i]!;
      const raw = levels[i + 1]!;
      const q = this.adjust ? this.adjust(leg, ticks, raw) : raw;
      if (q > 0) {
        if (!any) bestTicks = ticks;
        worstTicks = ticks;
        any = true;
        quantity += q;
        orders += levels[i + 2]!;
      }
      this.cursor[leg] = i + 3;
      this.headRow[leg] = this.rowAt(leg);
    }
    return any ? { leg, legQuantity: quantity, orders, bestTicks, worstTicks } : undefined;
  }
}
