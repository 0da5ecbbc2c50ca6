import { describe, expect, it } from 'vitest';
import { Rational } from '../../src-shared/pricing';
import { Positions, type ContractTerms, type PositionFill } from './Positions';

const es: ContractTerms = { multiplier: Rational.of(50), currency: 'USD', tickDecimals: 2 };
const eurusd: ContractTerms = { multiplier: Rational.ONE, currency: 'USD', tickDecimals: 5 };
const terms = (_exchange: string, symbol: string) => (symbol === 'ESZ6' ? es : symbol === 'EURUSD' ? eurusd : undefined);

function fill(side: 'buy' | 'sell', quantity: number, price: string, symbol = 'ESZ6', account = '11111'): PositionFill {
  return { account, exchange: symbol === 'EURUSD' ? 'FXALL' : 'CME', symbol, side, quantity, price };
}

function positions(fills: PositionFill[]): Positions {
  const p = new Positions();
  for (const f of fills) p.apply(f);
  return p;
}

describe('Positions', () => {
  it('realizes FIFO: a sell closes the oldest buys first; the rest is open against the mark', () => {
    const p = positions([fill('buy', 2, '5000.00'), fill('buy', 1, '5001.00'), fill('sell', 2, '5002.00')]);
    const [view] = p.list(terms, () => Rational.parse('5003.00'));
    // Closed 2 bought at 5000 for 5002: 2 × 2 × 50. Open: 1 from 5001, marked 5003: 2 × 50.
    expect(view).toEqual({ account: '11111', exchange: 'CME', symbol: 'ESZ6', net: 1, averagePrice: '5001', realizedPnl: '200', openPnl: '100', currency: 'USD' });
  });

  it('flips from long to short in one fill and keeps P&L on the short side', () => {
    const p = positions([fill('buy', 1, '5000.00'), fill('sell', 3, '5001.00'), fill('buy', 1, '4999.50')]);
    const [view] = p.list(terms, () => Rational.parse('5000.25'));
    // Realized: long 1 closed +1 × 50 = 50; short 1 bought back (5001 − 4999.5) × 50 = 75. Open: short 1 at 5001, mark 5000.25: +37.5.
    expect([view!.net, view!.averagePrice, view!.realizedPnl, view!.openPnl]).toEqual([-1, '5001', '125', '37.5']);
  });

  it('shows no open P&L without a market, and a flat position keeps its realized P&L', () => {
    const open = positions([fill('buy', 1, '5000.00')]);
    expect(open.list(terms, () => undefined)[0]!.openPnl).toBeNull();
    const flat = positions([fill('buy', 1, '5000.00'), fill('sell', 1, '4999.75')]);
    expect(flat.list(terms, () => Rational.parse('5000'))[0]).toMatchObject({ net: 0, averagePrice: null, realizedPnl: '-12.5', openPnl: '0' });
  });

  it('is exact for FX amounts and five-decimal prices', () => {
    const p = positions([fill('buy', 1_000_000, '1.08505', 'EURUSD', '22222'), fill('sell', 400_000, '1.08512', 'EURUSD', '22222')]);
    const [view] = p.list(terms, () => Rational.parse('1.08499'));
    expect([view!.net, view!.realizedPnl, view!.openPnl]).toEqual([600_000, '28', '-36']);
  });

  it('rounds an average with no finite decimal to eight places beyond the tick', () => {
    const p = positions([fill('buy', 1, '5000.00'), fill('buy', 1, '5000.00'), fill('buy', 1, '5000.25')]);
    expect(p.list(terms, () => undefined)[0]!.averagePrice).toBe('5000.0833333333');
  });

  it('keeps accounts and contracts apart, sorted, and counts an unknown contract with multiplier 1', () => {
    const p = positions([fill('buy', 1, '80.01', 'BRNF7', '33333'), fill('sell', 2, '5000.00', 'ESZ6', '11111'), fill('buy', 1, '5000.00', 'ESZ6', '33333')]);
    expect(p.list(terms, () => undefined).map((v) => [v.account, v.symbol, v.net, v.currency])).toEqual([
      ['11111', 'ESZ6', -2, 'USD'],
      ['33333', 'BRNF7', 1, ''],
      ['33333', 'ESZ6', 1, 'USD'],
    ]);
    expect(p.net('11111', 'CME', 'ESZ6')).toBe(-2);
    expect(p.net('99999', 'CME', 'ESZ6')).toBe(0);
  });
});
