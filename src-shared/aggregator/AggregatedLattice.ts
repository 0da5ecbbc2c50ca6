import { PricingError, Rational, formatScaled } from '../pricing';
import { LegPricing, type LegPricingInput } from './LegPricing';
import { RowMap } from './RowMap';

/** What the lattice needs of a definition (the definition itself fits). */
export interface LatticeInput {
  readonly legs: readonly LegPricingInput[];
  /** A tick for the ladder's rows instead of the computed common tick; null = computed. */
  readonly tickOverride: string | null;
}

/** Which side of a leg's book a price is on: bids round down, asks up, when between rows. */
export type BookSide = 'bid' | 'ask';
export type OrderSide = 'buy' | 'sell';

/**
 * The aggregated instrument's price ladder: rows `origin + n × tick`, addressed by the integer
 * n. The common tick is the largest on which every leg's aggregated prices lie: the exact gcd
 * of every `t_i × m_i` and of the differences of the offsets' shifts `o_i × t_i × m_i`; the
 * origin is the phase those shifts give the rows (0 when no offset moves them off the tick).
 * With an override tick the rows are on that tick, with the same phase taken modulo it, and a
 * leg price between two rows is put on the one less favourable to the trader (asks up, bids
 * down) — so a row never promises a better price than the leg gives.
 */
export class AggregatedLattice {
  /** The common tick computed from the legs, whether or not it is overridden. */
  readonly computedTick: Rational;
  readonly tick: Rational;
  readonly origin: Rational;
  readonly overridden: boolean;
  /** Decimal places of every row price; undefined when rows have no finite decimal (a 1/3 multiplier). */
  readonly decimals: number | undefined;
  private readonly displayPlaces: number;
  private readonly maps: readonly RowMap[];

  private constructor(
    readonly legs: readonly LegPricing[],
    tickOverride: Rational | null,
  ) {
    let common = Rational.ZERO;
    for (const leg of legs) common = Rational.gcd(common, leg.step);
    const first = legs[0]!.shift;
    for (const leg of legs) common = Rational.gcd(common, leg.shift.sub(first));
    this.computedTick = common;
    this.tick = tickOverride ?? common;
    this.overridden = tickOverride !== null;
    this.origin = phase(first, this.tick);
    const tickPlaces = this.tick.decimalPlaces();
    const originPlaces = this.origin.decimalPlaces();
    this.decimals = tickPlaces === undefined || originPlaces === undefined ? undefined : Math.max(tickPlaces, originPlaces);
    this.displayPlaces = this.decimals ?? placesToShow(this.tick);
    this.maps = legs.map((leg, i) => {
      try {
        return new RowMap(leg.step.div(this.tick), leg.shift.sub(this.origin).div(this.tick));
      } catch (err) {
        throw new PricingError(`leg ${i + 1}: ${(err as Error).message}`);
      }
    });
  }

  /** Throws a PricingError naming the leg and the value when a tick, multiplier or offset cannot be used. */
  static of(input: LatticeInput): AggregatedLattice {
    if (input.legs.length === 0) throw new PricingError('an aggregated instrument needs at least one leg');
    const legs = input.legs.map((leg, i) => {
      try {
        return new LegPricing(leg);
      } catch (err) {
        throw new PricingError(`leg ${i + 1}: ${(err as Error).message}`);
      }
    });
    let override: Rational | null = null;
    if (input.tickOverride !== null) {
      override = Rational.parse(input.tickOverride);
      if (override.sign() <= 0) throw new PricingError(`override tick "${input.tickOverride}" must be above zero`);
    }
    return new AggregatedLattice(legs, override);
  }

  /** The tick as text: its decimal, or a fraction when it has none. */
  get tickText(): string {
    return this.tick.decimalPlaces() === undefined ? this.tick.toString() : this.tick.toDecimalString();
  }

  /** The exact price of a row. */
  priceOf(row: number): Rational {
    return this.origin.add(this.tick.mul(Rational.of(row)));
  }

  /**
   * A row's price as a decimal: exact with `decimals` places, or — for rows without a finite
   * decimal — rounded to enough places to tell neighbouring rows apart.
   */
  priceText(row: number): string {
    return this.format(this.priceOf(row));
  }

  /** Any aggregated price (an average) as text: exact when it has a short decimal, else rounded. */
  format(price: Rational, extraPlaces = 0): string {
    return decimalText(price, this.displayPlaces, this.displayPlaces + extraPlaces);
  }

  /**
   * The row of an aggregated price given as text ("75.05"); a PricingError naming the price
   * and the tick when it is not a number or not on a row.
   */
  rowOf(text: string): number {
    const price = Rational.parse(text);
    const steps = price.sub(this.origin).div(this.tick);
    if (steps.isInteger()) return this.safeRow(steps.numerator, text);
    if (this.decimals === undefined) {
      const nearest = this.safeRow(steps.add(Rational.of(1, 2)).floor(), text);
      if (this.priceText(nearest) === text) return nearest;
    }
    const phaseNote = this.origin.sign() === 0 ? '' : ` from ${this.format(this.origin)}`;
    throw new PricingError(`price "${text}" is not on the aggregated tick ${this.tickText}${phaseNote}`);
  }

  /** The row of leg `leg`'s price of `ticks` ticks on book side `side` (between rows: asks up, bids down). */
  rowOfLeg(leg: number, ticks: number, side: BookSide): number {
    return this.maps[leg]!.row(ticks, side === 'ask');
  }

  /**
   * The leg price (ticks) for an aggregated limit row: the leg price that is not worse than
   * the limit, so a buy rounds down and a sell up.
   */
  legTicksForLimit(leg: number, row: number, side: OrderSide): number {
    return this.maps[leg]!.legTicks(row, side === 'sell');
  }

  /** True when every price of every leg lies exactly on a row. */
  get exact(): boolean {
    return this.maps.every((map) => map.exact);
  }

  private safeRow(steps: bigint, text: string): number {
    if (steps > BigInt(Number.MAX_SAFE_INTEGER) || steps < -BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new PricingError(`price "${text}" is out of range`);
    }
    return Number(steps);
  }
}

/** x mod m in [0, m). */
function phase(x: Rational, m: Rational): Rational {
  return x.sub(m.mul(Rational.of(x.div(m).floor())));
}

/** Places enough to tell two prices a tick apart: 10^-places ≤ tick / 10. */
function placesToShow(tick: Rational): number {
  let places = 0;
  let unit = Rational.ONE;
  const tenth = tick.div(Rational.of(10));
  while (unit.compare(tenth) > 0 && places < 30) {
    places++;
    unit = unit.div(Rational.of(10));
  }
  return places;
}

/**
 * A price as a decimal with at least `places` places: exact when it needs at most `maxPlaces`,
 * else rounded half away from zero to `maxPlaces` (an average price such as 75.00333…).
 */
export function decimalText(value: Rational, places: number, maxPlaces: number): string {
  const needed = value.decimalPlaces();
  if (needed !== undefined && needed <= maxPlaces) return value.toDecimalString(places);
  const scaled = value.abs().mul(Rational.of(10n ** BigInt(maxPlaces)));
  const rounded = scaled.add(Rational.of(1, 2)).floor();
  return formatScaled(value.sign() < 0 ? -rounded : rounded, maxPlaces);
}
