import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PricingError } from './PricingError';
import { Rational, formatScaled } from './Rational';

const small = fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n });
const positive = fc.bigInt({ min: 1n, max: 10n ** 9n });
const rational = fc.tuple(small, positive).map(([n, d]) => Rational.of(n, d));
const nonZero = rational.filter((r) => r.sign() !== 0);

describe('Rational', () => {
  it('keeps lowest terms with a positive denominator', () => {
    expect(Rational.of(6, -4).toString()).toBe('-3/2');
    expect(Rational.of(0, 7).toString()).toBe('0');
    expect(Rational.of(10n, 5n).isInteger()).toBe(true);
    expect(() => Rational.of(1, 0)).toThrow(PricingError);
    expect(() => Rational.of(0.5)).toThrow(/safe integer/);
  });

  it.each([
    ['0.25', '1/4'],
    ['-12.5', '-25/2'],
    ['.5', '1/2'],
    ['3.', '3'],
    ['+7', '7'],
    ['0.00001', '1/100000'],
    ['1/64', '1/64'],
    ['-3/32', '-3/32'],
    ['6/4', '3/2'],
    ['1.125', '9/8'],
    ['-0', '0'],
  ])('parses %s exactly as %s', (text, expected) => {
    expect(Rational.parse(text).toString()).toBe(expected);
  });

  it.each(['', '.', '-', '1e5', ' 1', '1 ', 'Infinity', 'NaN', '1/0', '1/-2', '0x10', '1,5', '1/2/3'])(
    'refuses %j with a PricingError',
    (text) => {
      expect(() => Rational.parse(text)).toThrow(PricingError);
    },
  );

  it('does field arithmetic exactly', () => {
    fc.assert(
      fc.property(rational, rational, nonZero, (a, b, c) => {
        expect(a.add(b).sub(b).equals(a)).toBe(true);
        expect(a.mul(c).div(c).equals(a)).toBe(true);
        expect(a.add(b).equals(b.add(a))).toBe(true);
        expect(a.mul(b.add(c)).equals(a.mul(b).add(a.mul(c)))).toBe(true);
        expect(a.compare(b)).toBe(-b.compare(a));
        expect(a.sub(b).sign()).toBe(a.compare(b));
      }),
    );
  });

  it('floors and ceils like integer division toward ±infinity', () => {
    expect(Rational.parse('-7/2').floor()).toBe(-4n);
    expect(Rational.parse('-7/2').ceil()).toBe(-3n);
    expect(Rational.parse('7/2').floor()).toBe(3n);
    expect(Rational.parse('7/2').ceil()).toBe(4n);
    expect(Rational.parse('-4').floor()).toBe(-4n);
    fc.assert(
      fc.property(rational, (r) => {
        const f = Rational.of(r.floor());
        const c = Rational.of(r.ceil());
        expect(f.compare(r)).toBeLessThanOrEqual(0);
        expect(r.sub(f).compare(Rational.ONE)).toBe(-1);
        expect(c.compare(r)).toBeGreaterThanOrEqual(0);
        expect(c.sub(f).compare(Rational.ONE)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it('computes the gcd of rationals: both are integer multiples, and no larger value works', () => {
    expect(Rational.gcd(Rational.parse('0.25'), Rational.parse('1/64')).toString()).toBe('1/64');
    expect(Rational.gcd(Rational.parse('0.05'), Rational.parse('0.01')).toString()).toBe('1/100');
    expect(Rational.gcd(Rational.parse('1/32').mul(Rational.of(3)), Rational.parse('0.25')).toString()).toBe('1/32');
    expect(Rational.gcd(Rational.parse('2.5'), Rational.ZERO).toString()).toBe('5/2');
    fc.assert(
      fc.property(nonZero, nonZero, fc.integer({ min: 2, max: 50 }), (a, b, k) => {
        const g = Rational.gcd(a, b);
        expect(a.div(g).isInteger()).toBe(true);
        expect(b.div(g).isInteger()).toBe(true);
        // The two quotients are coprime, so g is the greatest common measure.
        const qa = a.div(g).numerator;
        const qb = b.div(g).numerator;
        expect(Rational.gcd(Rational.of(qa), Rational.of(qb)).equals(Rational.ONE)).toBe(true);
        const larger = g.mul(Rational.of(k));
        expect(a.div(larger).isInteger() && b.div(larger).isInteger()).toBe(false);
      }),
    );
  });

  it('writes exact decimals and says when there is none', () => {
    expect(Rational.parse('1/64').toDecimalString()).toBe('0.015625');
    expect(Rational.parse('-1/8').toDecimalString()).toBe('-0.125');
    expect(Rational.parse('5000.25').toDecimalString(4)).toBe('5000.2500');
    expect(Rational.parse('12').toDecimalString()).toBe('12');
    expect(Rational.parse('1/3').decimalPlaces()).toBeUndefined();
    expect(() => Rational.parse('1/3').toDecimalString()).toThrow(/no exact decimal/);
    fc.assert(
      fc.property(small, fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), (n, twos, fives) => {
        const r = Rational.of(n, 2n ** BigInt(twos) * 5n ** BigInt(fives));
        expect(Rational.parse(r.toDecimalString()).equals(r)).toBe(true);
      }),
    );
  });

  it('formats scaled integers with the decimal point in place', () => {
    expect(formatScaled(-1234, 2)).toBe('-12.34');
    expect(formatScaled(5, 3)).toBe('0.005');
    expect(formatScaled(-5n, 1)).toBe('-0.5');
    expect(formatScaled(0, 2)).toBe('0.00');
    expect(formatScaled(42, 0)).toBe('42');
  });
});
