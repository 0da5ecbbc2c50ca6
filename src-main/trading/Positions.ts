import type { FillView, PositionView } from '../../src-shared/ipc/contract/trading';
import { Rational } from '../../src-shared/pricing';
import { decimalOf } from './decimals';

/** What P&L needs to know of a contract: its multiplier and currency, and its tick's decimals. */
export interface ContractTerms {
  multiplier: Rational;
  currency: string;
  /** Decimal places of the tick (average prices are shown to eight more). */
  tickDecimals: number;
}

export type PositionFill = Pick<FillView, 'account' | 'exchange' | 'symbol' | 'side' | 'quantity' | 'price'>;

interface Lot {
  quantity: number;
  price: Rational;
}

interface Position {
  readonly account: string;
  readonly exchange: string;
  readonly symbol: string;
  /** Open lots, oldest first, all on one side: + long, − short. */
  readonly lots: Lot[];
  long: boolean;
  /** Realized P&L in price × quantity (the multiplier is applied when shown). */
  realized: Rational;
}

/**
 * Net position and P&L per account and contract from fills, exact (SPEC §4): realized P&L is
 * FIFO (a closing fill closes the oldest open lots first, as futures clearing statements do),
 * open P&L is every open lot against the mark (last trade, else mid). Realized plus open is
 * the same under any lot method; FIFO decides only how it is split.
 */
export class Positions {
  private readonly positions = new Map<string, Position>();

  apply(fill: PositionFill): void {
    const key = `${fill.account}|${fill.exchange}|${fill.symbol}`;
    let position = this.positions.get(key);
    if (!position) {
      position = { account: fill.account, exchange: fill.exchange, symbol: fill.symbol, lots: [], long: true, realized: Rational.ZERO };
      this.positions.set(key, position);
    }
    const price = Rational.parse(fill.price);
    const buying = fill.side === 'buy';
    let remaining = fill.quantity;
    while (remaining > 0 && position.lots.length > 0 && position.long !== buying) {
      const lot = position.lots[0]!;
      const closed = Math.min(lot.quantity, remaining);
      // Long lot sold: (exit − entry); short lot bought back: (entry − exit).
      const perUnit = position.long ? price.sub(lot.price) : lot.price.sub(price);
      position.realized = position.realized.add(perUnit.mul(Rational.of(closed)));
      lot.quantity -= closed;
      remaining -= closed;
      if (lot.quantity === 0) position.lots.shift();
    }
    if (remaining > 0) {
      if (position.lots.length === 0) position.long = buying;
      position.lots.push({ quantity: remaining, price });
    }
  }

  /** Net contracts of one account in one contract (+ long). */
  net(account: string, exchange: string, symbol: string): number {
    const position = this.positions.get(`${account}|${exchange}|${symbol}`);
    return position ? netOf(position) : 0;
  }

  /**
   * Every position ever opened today (flat ones too: their realized P&L stands), by account,
   * exchange and symbol. A contract whose terms are not known yet counts with multiplier 1.
   */
  list(terms: (exchange: string, symbol: string) => ContractTerms | undefined, mark: (exchange: string, symbol: string) => Rational | undefined): PositionView[] {
    const views: PositionView[] = [];
    for (const position of this.positions.values()) {
      const contract = terms(position.exchange, position.symbol);
      const multiplier = contract?.multiplier ?? Rational.ONE;
      const net = netOf(position);
      const size = Rational.of(Math.abs(net));
      const cost = position.lots.reduce((sum, lot) => sum.add(lot.price.mul(Rational.of(lot.quantity))), Rational.ZERO);
      const markPrice = mark(position.exchange, position.symbol);
      let openPnl: string | null = null;
      if (net === 0) openPnl = markPrice === undefined ? null : '0';
      else if (markPrice !== undefined) {
        const value = markPrice.mul(size).sub(cost);
        openPnl = money(position.long ? value : value.neg(), multiplier);
      }
      views.push({
        account: position.account,
        exchange: position.exchange,
        symbol: position.symbol,
        net,
        averagePrice: net === 0 ? null : decimalOf(cost.div(size), (contract?.tickDecimals ?? 2) + 8),
        realizedPnl: money(position.realized, multiplier),
        openPnl,
        currency: contract?.currency ?? '',
      });
    }
    return views.sort((a, b) => compare(a.account, b.account) || compare(a.exchange, b.exchange) || compare(a.symbol, b.symbol));
  }
}

function netOf(position: Position): number {
  const size = position.lots.reduce((sum, lot) => sum + lot.quantity, 0);
  return position.long ? size : -size;
}

/** Price × quantity × multiplier: a finite decimal whenever prices and multiplier are. */
function money(value: Rational, multiplier: Rational): string {
  return decimalOf(value.mul(multiplier), 12);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
