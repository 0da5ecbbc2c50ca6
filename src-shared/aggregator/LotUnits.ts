import { Rational } from '../pricing';

/** lcm(ratios) above this is refused: quantities times it must stay exact in a number. */
const MAX_UNITS_PER_LOT = 1_000_000;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * Aggregated quantities as integers. A leg of ratio r trades r contracts per aggregated lot,
 * so one leg contract is 1/r lot, and a partial fill leaves fractional lots (3 contracts of a
 * ratio-2 leg = 1.5 lots). Counting in units of 1/lcm(ratios) lot keeps every leg's contracts
 * and every lot a whole number: the never-overfill sum is then integer arithmetic.
 */
export class LotUnits {
  /** Units in one aggregated lot: lcm of the ratios. */
  readonly perLot: number;
  /** Units in one contract of each leg: perLot / ratio. */
  readonly perContract: readonly number[];

  constructor(ratios: readonly number[]) {
    let l = 1;
    for (const r of ratios) {
      if (!Number.isSafeInteger(r) || r < 1) throw new RangeError(`a leg ratio must be a whole number from 1 (got ${r})`);
      l = (l / gcd(l, r)) * r;
      if (l > MAX_UNITS_PER_LOT) throw new RangeError(`the legs' ratios ${ratios.join(', ')} have a least common multiple above ${MAX_UNITS_PER_LOT.toLocaleString('en-US')}`);
    }
    this.perLot = l;
    this.perContract = ratios.map((r) => l / r);
  }

  /** The most lots a parent may have so that its units stay exact. */
  get maxLots(): number {
    return Math.floor(Number.MAX_SAFE_INTEGER / this.perLot / 8);
  }

  /** Exact lots as text: "3", "1.5", or a mixed fraction "1 1/3" when there is no finite decimal. */
  text(units: number): string {
    const lots = Rational.of(units, this.perLot);
    if (lots.decimalPlaces() !== undefined) return lots.toDecimalString();
    const whole = lots.floor();
    const rest = lots.sub(Rational.of(whole));
    return whole === 0n ? rest.toString() : `${whole} ${rest.toString()}`;
  }
}
