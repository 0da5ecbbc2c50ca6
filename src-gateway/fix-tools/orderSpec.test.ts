import { describe, expect, it } from 'vitest';
import { OrderSpecError, parseOrderFlag, parseOrderJson } from './orderSpec';

describe('order specs', () => {
  it('reads the --order form with defaults and optional keys', () => {
    expect(parseOrderFlag('side=buy,symbol=ESZ6,qty=1,price=5000.25')).toEqual({ side: 'buy', symbol: 'ESZ6', qty: '1', type: 'limit', price: '5000.25' });
    expect(parseOrderFlag(' Side=SELL , symbol=CLZ5, qty=10, type=market, clordid=A-1, account=11111')).toEqual({
      side: 'sell', symbol: 'CLZ5', qty: '10', type: 'market', clOrdID: 'A-1', account: '11111',
    });
  });

  it('keeps the digits of JSON numbers exactly as written (no float round trip)', () => {
    const spec = parseOrderJson('{"side":"buy","symbol":"X","qty": 0.1, "price": 5000.123456789012345678}');
    expect(spec.qty).toBe('0.1');
    expect(spec.price).toBe('5000.123456789012345678');
  });

  it('explains what is wrong in one line', () => {
    const cases: [string, RegExp][] = [
      ['side=buy,symbol=X,qty=1', /a limit order needs a price/],
      ['side=buy,symbol=X,qty=1,type=market,price=3', /a market order takes no price/],
      ['side=buy,symbol=X,qty=-1,price=3', /qty must be a positive decimal/],
      ['side=buy,symbol=X,qty=1e3,price=3', /qty must be a positive decimal/],
      ['side=buy,qty=1,price=3', /symbol is missing/],
      ['side=buy,symbol=X,qty=1,price=3,side=sell', /"side" given twice/],
      ['side=buy,symbol=X,qty=1,price=abc', /price must be a decimal/],
      ['side=buy,symbol=X,qty=1,price=1,clordid=a b', /clordid must be printable ASCII/],
      ['buy', /"buy" is not key=value/],
    ];
    for (const [text, message] of cases) expect(() => parseOrderFlag(text)).toThrow(message);
    expect(() => parseOrderJson('[1,2]')).toThrow(OrderSpecError);
    expect(() => parseOrderJson('{"side":"buy","symbol":{"a":1}}')).toThrow(/must be a string or a number/);
    expect(() => parseOrderJson('{"side":"buy","symbol":"X\\u0001","qty":1,"price":1}')).toThrow(/control character/);
  });
});
