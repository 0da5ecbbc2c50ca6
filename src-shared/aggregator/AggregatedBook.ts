import type { AggregatedLattice, BookSide } from './AggregatedLattice';
import { DepthWalker, type LegDepth } from './DepthWalker';

/** One leg's share of an aggregated row, for the ladder's per-leg breakdown. */
export interface AggregatedLegQuantity {
  readonly leg: number;
  /** Displayed quantity in aggregated lots: `floor(leg quantity / ratio)`. */
  readonly quantity: number;
  /** The leg's own contracts on the row. */
  readonly legQuantity: number;
  readonly orders: number;
}

export interface AggregatedLevel {
  /** Row on the aggregated lattice (`lattice.priceText(row)` for the price). */
  readonly row: number;
  /** Aggregated lots on the row: the sum of the legs' displayed quantities. */
  readonly quantity: number;
  readonly legs: readonly AggregatedLegQuantity[];
}

/**
 * The merged depth of one side of every available leg at aggregated rows, best first. A leg
 * whose quantity on a row is less than one aggregated lot displays nothing there; a row where
 * no leg displays a lot is left out. Unavailable legs (exchange closed or disconnected) and
 * legs without a book are skipped.
 */
export function aggregateDepth(
  lattice: AggregatedLattice,
  ratios: readonly number[],
  books: readonly (LegDepth | undefined)[],
  available: readonly boolean[],
  side: BookSide,
  maxRows = Infinity,
): AggregatedLevel[] {
  const walker = new DepthWalker(lattice, side, books, available);
  const out: AggregatedLevel[] = [];
  while (out.length < maxRows) {
    const next = walker.next();
    if (!next) break;
    let quantity = 0;
    const legs: AggregatedLegQuantity[] = [];
    for (const part of next.parts) {
      const lots = Math.floor(part.legQuantity / ratios[part.leg]!);
      if (lots === 0) continue;
      quantity += lots;
      legs.push({ leg: part.leg, quantity: lots, legQuantity: part.legQuantity, orders: part.orders });
    }
    if (legs.length > 0) out.push({ row: next.row, quantity, legs });
  }
  return out;
}
