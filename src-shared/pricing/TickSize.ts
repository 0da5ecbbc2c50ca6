import { PricingError } from './PricingError';
import { Rational, formatScaled } from './Rational';

const PRICE = /^([+-]?)(\d*)(?:\.(\d*))?$/;
/** Digit strings up to this length are read as numbers without losing exactness. */
const SAFE_DIGITS = 15;

/**
 * An instrument's minimum price increment and the lattice of prices it allows. Inside an
 * engine a price is an integer count of ticks; this class converts between that count and
 * the decimal string FIX sends (Price (44), StopPx (99), MDEntryPx (270)), exactly.
 *
 * The tick is a positive rational with a finite decimal expansion ("0.25", "0.00001", "1/64",
 * "1/32", "0.5"): every lattice price then has at most `decimals` decimal places, and a price
 * is on the lattice when its scaled integer is a multiple of the tick's.
 */
export class TickSize {
  /** The tick as an exact rational. */
  readonly value: Rational;
  /** Decimal places of the tick, and so of every price on its lattice (1/64 → 6). */
  readonly decimals: number;
  /** The tick in units of 10^-decimals (0.25 → 25, 1/64 → 15625). */
  private readonly units: number;
  private readonly unitsBig: bigint;

  private constructor(
    /** The tick as it was given ("1/64" stays "1/64"). */
    readonly text: string,
    value: Rational,
  ) {
    this.value = value;
    const places = value.decimalPlaces();
    if (places === undefined) {
      throw new PricingError(`tick size "${text}" has no exact decimal form (its denominator must divide a power of 10)`);
    }
    this.decimals = places;
    this.unitsBig = (value.numerator * 10n ** BigInt(places)) / value.denominator;
    if (this.unitsBig > BigInt(Number.MAX_SAFE_INTEGER)) throw new PricingError(`tick size "${text}" is too large`);
    this.units = Number(this.unitsBig);
  }

  /** A tick given as a decimal ("0.25") or a fraction ("1/64"); must be positive. */
  static parse(text: string): TickSize {
    const value = Rational.parse(text);
    if (value.sign() <= 0) throw new PricingError(`tick size "${text}" must be positive`);
    return new TickSize(text, value);
  }

  /**
   * The tick count of a decimal price. Throws a PricingError that names the price and the
   * tick when the text is not a decimal number, is off the lattice, or is out of range.
   */
  ticksOf(price: string): number {
    const m = PRICE.exec(price);
    const whole = m?.[2] ?? '';
    let frac = m?.[3] ?? '';
    if (!m || whole.length + frac.length === 0) throw new PricingError(`price "${price}" is not a decimal number`);
    let end = frac.length;
    while (end > 0 && frac.charCodeAt(end - 1) === 0x30) end--;
    frac = frac.slice(0, end);
    if (frac.length > this.decimals) throw this.offLattice(price);
    const digits = whole + frac.padEnd(this.decimals, '0');
    const negative = m[1] === '-';
    if (digits.length <= SAFE_DIGITS) {
      const scaled = Number(digits);
      if (scaled % this.units !== 0) throw this.offLattice(price);
      const ticks = scaled / this.units;
      return negative && ticks !== 0 ? -ticks : ticks;
    }
    const scaled = BigInt(digits);
    if (scaled % this.unitsBig !== 0n) throw this.offLattice(price);
    const ticks = scaled / this.unitsBig;
    if (ticks > BigInt(Number.MAX_SAFE_INTEGER)) throw new PricingError(`price "${price}" is out of range`);
    const n = Number(ticks);
    return negative && n !== 0 ? -n : n;
  }

  /** The tick count of an exact rational price, which must lie on the lattice. */
  ticksOfRational(price: Rational): number {
    const ticks = price.div(this.value);
    if (!ticks.isInteger()) throw new PricingError(`price ${price.toString()} is not a multiple of the tick size ${this.text}`);
    return this.safe(ticks.numerator);
  }

  /** The number of ticks at or below `price` (buyer's side of a price between ticks). */
  floorTicks(price: Rational): number {
    return this.safe(price.div(this.value).floor());
  }

  /** The number of ticks at or above `price` (seller's side of a price between ticks). */
  ceilTicks(price: Rational): number {
    return this.safe(price.div(this.value).ceil());
  }

  /** The decimal string of a tick count, with exactly `decimals` places ("5000.25", "110.015625"). */
  priceOf(ticks: number): string {
    if (!Number.isSafeInteger(ticks)) throw new PricingError(`tick count ${ticks} is not a safe integer`);
    const scaled = ticks * this.units;
    return formatScaled(Number.isSafeInteger(scaled) ? scaled : BigInt(ticks) * this.unitsBig, this.decimals);
  }

  /** The exact rational price of a tick count. */
  rationalOf(ticks: number): Rational {
    return this.value.mul(Rational.of(ticks));
  }

  toString(): string {
    return this.text;
  }

  private safe(ticks: bigint): number {
    const limit = BigInt(Number.MAX_SAFE_INTEGER);
    if (ticks > limit || ticks < -limit) throw new PricingError(`${ticks} ticks of ${this.text} is out of range`);
    return Number(ticks);
  }

  private offLattice(price: string): PricingError {
    return new PricingError(`price "${price}" is not a multiple of the tick size ${this.text}`);
  }
}
