import type { BookView } from '../../src-shared/ipc/contract';

/**
 * The price reasonability guard: a limit order further than `maxTicks` from the market needs
 * the trader's confirmation. The market is the middle of the inside, else the one side there
 * is, else the last trade; with no market at all every order needs confirmation. Returns the
 * reason to confirm, or null.
 */
export function priceNeedsConfirming(tick: number, book: BookView | null, maxTicks: number, price: (tick: number) => string): string | null {
  const bid = book?.bids[0];
  const ask = book?.asks[0];
  // Twice the distance, so a mid between two ticks stays an integer.
  let twice: number;
  let market: string;
  if (bid !== undefined && ask !== undefined) {
    twice = Math.abs(2 * tick - (bid + ask));
    market = `the inside market ${price(bid)} – ${price(ask)}`;
  } else if (bid !== undefined || ask !== undefined) {
    const side = (bid ?? ask)!;
    twice = 2 * Math.abs(tick - side);
    market = `the ${bid !== undefined ? 'best bid' : 'best offer'} ${price(side)}`;
  } else if (book?.lastTick != null) {
    twice = 2 * Math.abs(tick - book.lastTick);
    market = `the last trade ${price(book.lastTick)}`;
  } else {
    return 'There is no market to check the price against';
  }
  if (twice <= 2 * maxTicks) return null;
  return `${price(tick)} is ${Math.ceil(twice / 2)} ticks from ${market} (more than ${maxTicks})`;
}
