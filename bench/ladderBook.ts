import type { AdminBook } from '../src-gateway/admin/instrumentControl';
import { TickSize } from '../src-shared/pricing';
import { quantityText } from '../src-renderer/ladder/quantityText';

/** One ladder row as the page painted it (LadderProbe.paintedRows). */
export interface PaintedRow {
  tick: number;
  price: string;
  bid: string;
  ask: string;
}

/**
 * Every visible ladder row against the gateway's book: the row's price text for its tick, the
 * rows one tick apart from the top down, and the bid and ask cells as the ladder would write
 * the book's quantity at that price (blank where the book has none). Each difference is one
 * line; none means the screen shows exactly the gateway's book.
 */
export function differencesFromBook(rows: readonly PaintedRow[], book: AdminBook, tickSizeText: string): string[] {
  const tickSize = TickSize.parse(tickSizeText);
  const quantities = (levels: AdminBook['bids']) => new Map(levels.map((level) => [tickSize.ticksOf(level.price), level.quantity]));
  const bids = quantities(book.bids);
  const asks = quantities(book.asks);
  const problems: string[] = [];
  if (rows.length === 0) problems.push('no rows on screen');
  rows.forEach((row, index) => {
    const price = tickSize.priceOf(row.tick);
    if (row.price !== price) problems.push(`row ${index} (tick ${row.tick}) shows price ${row.price}, not ${price}`);
    if (index > 0 && row.tick !== rows[index - 1]!.tick - 1) problems.push(`row ${index} (${price}) does not follow ${tickSize.priceOf(rows[index - 1]!.tick)}`);
    const bid = quantityText(bids.get(row.tick) ?? 0);
    const ask = quantityText(asks.get(row.tick) ?? 0);
    if (row.bid !== bid) problems.push(`${price} bid shows "${row.bid}", the gateway has "${bid}"`);
    if (row.ask !== ask) problems.push(`${price} ask shows "${row.ask}", the gateway has "${ask}"`);
  });
  return problems;
}
