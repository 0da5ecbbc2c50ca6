import { PricingError, Rational, TickSize } from '../pricing';

/** What pricing needs of a leg (a subset of the definition's leg). */
export interface LegPricingInput {
  /** The contract's tick ("0.01", "1/64"). */
  readonly minTick: string;
  /** Whole, decimal or fraction ("2", "0.5", "1/32"). */
  readonly multiplier: string;
  /** Price offset in the leg's own ticks, up to three decimals ("-1.5"). */
  readonly priceOffset: string;
}

/**
 * One leg's price in aggregated terms (SPEC §6):
 * `aggregated = leg price × m + o × t × m = (k + o) × t × m` for a leg price of k ticks.
 * The offset is counted in the leg's own ticks and applied after the multiplier.
 */
export class LegPricing {
  readonly tick: TickSize;
  readonly multiplier: Rational;
  /** Offset in leg ticks. */
  readonly offset: Rational;
  /** One leg tick in aggregated price: t × m. */
  readonly step: Rational;
  /** What the offset adds to every aggregated price of this leg: o × t × m. */
  readonly shift: Rational;

  constructor(leg: LegPricingInput) {
    this.tick = TickSize.parse(leg.minTick);
    this.multiplier = Rational.parse(leg.multiplier);
    if (this.multiplier.sign() <= 0) throw new PricingError(`multiplier "${leg.multiplier}" must be above zero`);
    this.offset = Rational.parse(leg.priceOffset);
    this.step = this.tick.value.mul(this.multiplier);
    this.shift = this.offset.mul(this.step);
  }

  /** The exact aggregated price of a leg price given in ticks. */
  aggregatedOfTicks(ticks: number): Rational {
    return this.step.mul(Rational.of(ticks)).add(this.shift);
  }

  /** The exact aggregated price of a leg price (a fill's LastPx, which need not be on the tick). */
  aggregatedOf(price: Rational): Rational {
    return price.mul(this.multiplier).add(this.shift);
  }
}
