import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PricingError } from './PricingError';
import { Rational } from './Rational';
import { TickSize } from './TickSize';

const ticks = ['0.25', '0.05', '0.01', '0.00001', '0.001', '0.5', '1', '1/64', '1/32', '1/128', '5', '2.5', '0.0025'];

describe('TickSize', () => {
  it.each([
    ['0.25', 2, '5000.25', 20001],
    ['1/64', 6, '110.015625', 7041],
    ['1/32', 5, '-0.03125', -1],
    ['0.00001', 5, '1.16543', 116543],
    ['0.001', 3, '150.125', 150125],
    ['1', 0, '24000', 24000],
    ['5', 0, '-15', -3],
  ])('tick %s has %i places and reads %s as %i ticks', (tick, decimals, price, count) => {
    const t = TickSize.parse(tick);
    expect(t.decimals).toBe(decimals);
    expect(t.ticksOf(price)).toBe(count);
    expect(t.priceOf(count)).toBe(price);
  });

  it('accepts the FIX float spellings of a lattice price', () => {
    const t = TickSize.parse('0.25');
    expect(t.ticksOf('5000.2500000')).toBe(20001);
    expect(t.ticksOf('5000')).toBe(20000);
    expect(t.ticksOf('5000.')).toBe(20000);
    expect(t.ticksOf('.75')).toBe(3);
    expect(t.ticksOf('-0.00')).toBe(0);
    expect(Object.is(t.ticksOf('-0.00'), -0)).toBe(false);
    expect(t.priceOf(0)).toBe('0.00');
  });

  it('rejects a price off the lattice with a message that names price and tick', () => {
    expect(() => TickSize.parse('0.25').ticksOf('5000.1')).toThrow('price "5000.1" is not a multiple of the tick size 0.25');
    expect(() => TickSize.parse('1/64').ticksOf('110.01')).toThrow(/tick size 1\/64/);
    expect(() => TickSize.parse('0.00001').ticksOf('1.165431')).toThrow(PricingError);
    expect(() => TickSize.parse('0.05').ticksOf('75.03')).toThrow(PricingError);
    expect(() => TickSize.parse('0.05').ticksOf('123456789012345678.03')).toThrow(/not a multiple/);
  });

  it.each(['', 'abc', '1e3', '1,5', ' 1', '--1', '1/2'])('rejects the non-price %j', (price) => {
    expect(() => TickSize.parse('0.25').ticksOf(price)).toThrow(/not a decimal number/);
  });

  it.each(['0', '-0.25', '1/3', '0.1/2', 'x'])('refuses the tick size %j', (tick) => {
    expect(() => TickSize.parse(tick)).toThrow(PricingError);
  });

  it('refuses tick counts it cannot represent', () => {
    expect(() => TickSize.parse('0.25').priceOf(1.5)).toThrow(/safe integer/);
    expect(() => TickSize.parse('0.25').ticksOf('9'.repeat(30))).toThrow(/out of range/);
  });

  it('round-trips every tick count through its decimal string, for any tick', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ticks),
        fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
        (tick, count) => {
          const t = TickSize.parse(tick);
          const price = t.priceOf(count);
          expect(t.ticksOf(price)).toBe(count);
          expect(Rational.parse(price).equals(t.rationalOf(count))).toBe(true);
          expect(t.ticksOfRational(Rational.parse(price))).toBe(count);
        },
      ),
    );
  });

  it('agrees with exact rational arithmetic on arbitrary decimal strings', () => {
    const decimal = fc
      .tuple(fc.boolean(), fc.stringMatching(/^\d{1,20}$/), fc.stringMatching(/^\d{0,8}$/))
      .map(([neg, whole, frac]) => `${neg ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`);
    fc.assert(
      fc.property(fc.constantFrom(...ticks), decimal, (tick, price) => {
        const t = TickSize.parse(tick);
        const exact = Rational.parse(price).div(t.value);
        const inRange = exact.abs().compare(Rational.of(Number.MAX_SAFE_INTEGER)) <= 0;
        if (exact.isInteger() && inRange) {
          expect(t.ticksOf(price)).toBe(Number(exact.numerator));
        } else {
          expect(() => t.ticksOf(price)).toThrow(PricingError);
        }
      }),
    );
  });

  it('rounds a price between ticks down or up exactly', () => {
    const t = TickSize.parse('0.25');
    expect(t.floorTicks(Rational.parse('5000.3'))).toBe(20001);
    expect(t.ceilTicks(Rational.parse('5000.3'))).toBe(20002);
    expect(t.floorTicks(Rational.parse('-0.1'))).toBe(-1);
    expect(t.ceilTicks(Rational.parse('-0.1'))).toBe(0);
    expect(t.floorTicks(Rational.parse('5000.25'))).toBe(20001);
    expect(() => t.ticksOfRational(Rational.parse('5000.3'))).toThrow(/not a multiple/);
  });
});
