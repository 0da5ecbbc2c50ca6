import type { SimulatedExchange } from '../exchange';
import type { BurstFlow, BurstSettings } from '../exchange/BurstFlow';

/** One price level as the admin API shows a book: the price as FIX writes it. */
export interface AdminBookLevel {
  price: string;
  quantity: number;
  orders: number;
}

/** An instrument's whole book at one market-data sequence number (RptSeq, 83). */
export interface AdminBook {
  exchange: string;
  symbol: string;
  seq: number;
  /** Best first. */
  bids: AdminBookLevel[];
  asks: AdminBookLevel[];
  lastTrade: { price: string; quantity: number } | null;
}

export interface AdminBurst {
  exchange: string;
  symbol: string;
  rate: number;
  levels: number;
  seed: number;
  /** Book changes made since the burst started. */
  actions: number;
  /** Where the burst holds the best bid (its offers start one tick above). */
  bestBid: string;
}

/** What the admin API may do to an instrument's market; undefined answers mean no such instrument. */
export interface InstrumentControl {
  book(exchange: string, symbol: string): AdminBook | undefined;
  /** The burst running on the instrument, null when none. */
  burst(exchange: string, symbol: string): AdminBurst | null | undefined;
  startBurst(exchange: string, symbol: string, settings: BurstSettings): AdminBurst | undefined;
  /** False when no burst was running. */
  endBurst(exchange: string, symbol: string): boolean | undefined;
}

/** The admin API's view of the simulated exchanges' instruments (books and bursts). */
export function instrumentControl(exchangeNamed: (name: string) => SimulatedExchange | undefined): InstrumentControl {
  const find = (exchange: string, symbol: string) => {
    const venue = exchangeNamed(exchange);
    const instrument = venue?.instrument(symbol);
    return venue && instrument ? { venue, instrument } : undefined;
  };
  const burstView = (exchange: string, symbol: string, flow: BurstFlow): AdminBurst => ({
    exchange,
    symbol,
    rate: flow.rate,
    levels: flow.levels,
    seed: flow.seed,
    actions: flow.actions,
    bestBid: find(exchange, symbol)!.instrument.priceOf(flow.bidTop),
  });
  return {
    book(exchange, symbol) {
      const found = find(exchange, symbol);
      if (!found) return undefined;
      const book = found.venue.book(symbol)!;
      const levels = (side: 'buy' | 'sell') => book.depth(side).map((level) => ({ price: found.instrument.priceOf(level.price), quantity: level.quantity, orders: level.orders }));
      return {
        exchange,
        symbol,
        seq: book.seq,
        bids: levels('buy'),
        asks: levels('sell'),
        lastTrade: book.lastTradePrice === undefined ? null : { price: found.instrument.priceOf(book.lastTradePrice), quantity: book.lastTradeQuantity },
      };
    },
    burst(exchange, symbol) {
      const found = find(exchange, symbol);
      if (!found) return undefined;
      const flow = found.venue.burst(symbol);
      return flow ? burstView(exchange, symbol, flow) : null;
    },
    startBurst(exchange, symbol, settings) {
      const flow = find(exchange, symbol)?.venue.startBurst(symbol, settings);
      return flow ? burstView(exchange, symbol, flow) : undefined;
    },
    endBurst(exchange, symbol) {
      return find(exchange, symbol)?.venue.endBurst(symbol);
    },
  };
}
