import type { BookLevelChanged, ExchangeEvent, Side, TradePrinted } from './types';

/**
 * A book kept only from market-data events (level changes and trade prints), the way a
 * subscriber keeps it: it checks that each instrument's sequence numbers run on without a
 * gap and that each action fits the level it changes. Tests compare it with the engine's book.
 */
export class MarketDataModel {
  private readonly books = new Map<string, { seq: number; buy: Map<number, [number, number]>; sell: Map<number, [number, number]> }>();

  apply(event: ExchangeEvent): void {
    if (event.kind === 'book') this.level(event);
    else if (event.kind === 'trade') this.trade(event);
  }

  /** Levels of one side, best first: [price, quantity, orders]. */
  depth(instrument: string, side: Side): [number, number, number][] {
    const book = this.books.get(instrument);
    if (!book) return [];
    const levels = [...book[side].entries()].map(([price, [quantity, orders]]): [number, number, number] => [price, quantity, orders]);
    return levels.sort((a, b) => (side === 'buy' ? b[0] - a[0] : a[0] - b[0]));
  }

  seq(instrument: string): number {
    return this.books.get(instrument)?.seq ?? 0;
  }

  private next(instrument: string, seq: number) {
    let book = this.books.get(instrument);
    if (!book) this.books.set(instrument, (book = { seq: 0, buy: new Map(), sell: new Map() }));
    if (seq !== book.seq + 1) throw new Error(`${instrument}: sequence ${seq} after ${book.seq}`);
    book.seq = seq;
    return book;
  }

  private level(e: BookLevelChanged): void {
    const side = this.next(e.instrument, e.seq)[e.side];
    const known = side.has(e.price);
    if (e.action === 'new' && known) throw new Error(`${e.instrument} seq ${e.seq}: new level ${e.price} already exists`);
    if (e.action !== 'new' && !known) throw new Error(`${e.instrument} seq ${e.seq}: ${e.action} of unknown level ${e.price}`);
    if (e.action === 'delete') side.delete(e.price);
    else if (e.quantity <= 0 || e.orders <= 0) throw new Error(`${e.instrument} seq ${e.seq}: empty level ${e.price} not deleted`);
    else side.set(e.price, [e.quantity, e.orders]);
  }

  private trade(e: TradePrinted): void {
    this.next(e.instrument, e.seq);
  }
}
