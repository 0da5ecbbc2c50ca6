import { PricingError } from './PricingError';

function gcdBig(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

function toBigInt(value: bigint | number, what: string): bigint {
  if (typeof value === 'bigint') return value;
  if (!Number.isSafeInteger(value)) throw new PricingError(`${what} ${value} is not a safe integer`);
  return BigInt(value);
}

/** "-12.5", "0.00001", ".5", "3." (the FIX float forms) or a fraction "1/64", "-3/32". */
const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;
const FRACTION = /^([+-]?\d+)\/(\d+)$/;

/**
 * An exact rational number, numerator and denominator as bigint, always in lowest terms with
 * a positive denominator. Tick sizes, multipliers (1/32), offsets (1.125 ticks) and the
 * Aggregator's common tick are values of this type; binary floating point never is.
 *
 * Why not big.js / decimal.js: both are decimal floating point with a precision setting, so
 * 1/3 (a ratio) is rounded and a lattice check after division depends on that setting. A
 * rational is exact for every operation used here, and these are few and small.
 */
export class Rational {
  static readonly ZERO = new Rational(0n, 1n);
  static readonly ONE = new Rational(1n, 1n);

  private constructor(
    readonly numerator: bigint,
    readonly denominator: bigint,
  ) {}

  /** numerator/denominator reduced to lowest terms; numbers must be safe integers. */
  static of(numerator: bigint | number, denominator: bigint | number = 1n): Rational {
    let n = toBigInt(numerator, 'numerator');
    let d = toBigInt(denominator, 'denominator');
    if (d === 0n) throw new PricingError(`${n}/${d} has a zero denominator`);
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    const g = gcdBig(n, d);
    return g === 1n ? new Rational(n, d) : new Rational(n / g, d / g);
  }

  /**
   * Reads a decimal ("0.25", "-12.5", ".5") or a fraction ("1/64", "-3/32") exactly.
   * Exponents, blanks, "Infinity" and the like are refused.
   */
  static parse(text: string): Rational {
    const fraction = FRACTION.exec(text);
    if (fraction) {
      const d = BigInt(fraction[2]!);
      if (d === 0n) throw new PricingError(`"${text}" has a zero denominator`);
      return Rational.of(BigInt(fraction[1]!), d);
    }
    const decimal = DECIMAL.exec(text);
    const whole = decimal?.[2] ?? '';
    const frac = decimal?.[3] ?? '';
    if (!decimal || whole.length + frac.length === 0) {
      throw new PricingError(`"${text}" is not a decimal number or a fraction`);
    }
    const digits = BigInt(whole + frac);
    return Rational.of(decimal[1] === '-' ? -digits : digits, 10n ** BigInt(frac.length));
  }

  /**
   * The greatest rational g such that a/g and b/g are both integers (for reduced p/q and
   * r/s: gcd(p, r) / lcm(q, s)). gcd(x, 0) is |x|; gcd(0, 0) is 0.
   */
  static gcd(a: Rational, b: Rational): Rational {
    const n = gcdBig(a.numerator, b.numerator);
    const d = (a.denominator / gcdBig(a.denominator, b.denominator)) * b.denominator;
    return Rational.of(n, d);
  }

  add(other: Rational): Rational {
    return Rational.of(
      this.numerator * other.denominator + other.numerator * this.denominator,
      this.denominator * other.denominator,
    );
  }

  sub(other: Rational): Rational {
    return this.add(other.neg());
  }

  mul(other: Rational): Rational {
    return Rational.of(this.numerator * other.numerator, this.denominator * other.denominator);
  }

  div(other: Rational): Rational {
    if (other.numerator === 0n) throw new PricingError(`division of ${this.toString()} by zero`);
    return Rational.of(this.numerator * other.denominator, this.denominator * other.numerator);
  }

  neg(): Rational {
    return new Rational(-this.numerator, this.denominator);
  }

  abs(): Rational {
    return this.numerator < 0n ? this.neg() : this;
  }

  /** -1, 0 or 1. */
  sign(): number {
    return this.numerator < 0n ? -1 : this.numerator > 0n ? 1 : 0;
  }

  compare(other: Rational): number {
    const l = this.numerator * other.denominator;
    const r = other.numerator * this.denominator;
    return l < r ? -1 : l > r ? 1 : 0;
  }

  equals(other: Rational): boolean {
    return this.numerator === other.numerator && this.denominator === other.denominator;
  }

  isInteger(): boolean {
    return this.denominator === 1n;
  }

  /** The greatest integer ≤ this. */
  floor(): bigint {
    const q = this.numerator / this.denominator;
    return this.numerator < 0n && q * this.denominator !== this.numerator ? q - 1n : q;
  }

  /** The least integer ≥ this. */
  ceil(): bigint {
    return -this.neg().floor();
  }

  /**
   * How many decimal places an exact decimal expansion needs, or undefined when there is
   * none (the reduced denominator has a prime factor other than 2 and 5, as in 1/3).
   */
  decimalPlaces(): number | undefined {
    let d = this.denominator;
    let twos = 0;
    let fives = 0;
    while (d % 2n === 0n) {
      d /= 2n;
      twos++;
    }
    while (d % 5n === 0n) {
      d /= 5n;
      fives++;
    }
    return d === 1n ? Math.max(twos, fives) : undefined;
  }

  /**
   * The exact decimal, with at least `minPlaces` decimal places (padded with zeros). Throws
   * when the value has no finite decimal expansion.
   */
  toDecimalString(minPlaces = 0): string {
    const needed = this.decimalPlaces();
    if (needed === undefined) throw new PricingError(`${this.toString()} has no exact decimal form`);
    const places = Math.max(needed, minPlaces);
    const scaled = (this.numerator * 10n ** BigInt(places)) / this.denominator;
    return formatScaled(scaled, places);
  }

  /** "n" or "n/d". */
  toString(): string {
    return this.denominator === 1n ? String(this.numerator) : `${this.numerator}/${this.denominator}`;
  }
}

/** An integer count of 10^-places units written as a decimal: (-1234, 2) → "-12.34". */
export function formatScaled(scaled: bigint | number, places: number): string {
  const negative = scaled < 0;
  let digits = String(negative ? -scaled : scaled);
  if (places === 0) return negative ? `-${digits}` : digits;
  if (digits.length <= places) digits = '0'.repeat(places - digits.length + 1) + digits;
  const cut = digits.length - places;
  return `${negative ? '-' : ''}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}
