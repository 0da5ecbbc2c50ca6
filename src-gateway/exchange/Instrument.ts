import { Rational, TickSize } from '../../src-shared/pricing';
import type { FlowProfile } from './BackgroundFlow';

/** An instrument as configured, and as instrument discovery (SecurityList) describes it. */
export interface InstrumentDefinition {
  /** Symbol (55), unique within its exchange. */
  symbol: string;
  /** SecurityID (48). */
  securityId: string;
  description: string;
  /** Minimum price increment as a decimal ("0.25") or a fraction ("1/64"). */
  tickSize: string;
  /** Contract multiplier: currency value of one point of price ("50", "1000", "1/32"). */
  multiplier: string;
  currency: string;
  productGroup: string;
  /** Where the background flow's fair price starts, on the tick lattice. */
  referencePrice: string;
  /** Overrides of the background flow's defaults for this instrument. */
  flow?: Partial<FlowProfile>;
}

/** A definition with its exact tick, multiplier and reference price, checked once. */
export class Instrument {
  readonly symbol: string;
  readonly tick: TickSize;
  readonly multiplier: Rational;
  readonly referenceTicks: number;

  constructor(
    readonly exchange: string,
    readonly definition: InstrumentDefinition,
  ) {
    this.symbol = definition.symbol;
    const where = `${exchange} ${definition.symbol}`;
    try {
      this.tick = TickSize.parse(definition.tickSize);
      this.multiplier = Rational.parse(definition.multiplier);
      this.referenceTicks = this.tick.ticksOf(definition.referencePrice);
    } catch (err) {
      throw new Error(`${where}: ${(err as Error).message}`, { cause: err });
    }
    if (this.multiplier.sign() <= 0) throw new Error(`${where}: multiplier "${definition.multiplier}" must be positive`);
    if (!definition.symbol) throw new Error(`${exchange}: an instrument has no symbol`);
  }

  /** The decimal string of a tick count, for FIX. */
  priceOf(ticks: number): string {
    return this.tick.priceOf(ticks);
  }

  /** The tick count of a FIX decimal price; throws a PricingError off the lattice. */
  ticksOf(price: string): number {
    return this.tick.ticksOf(price);
  }
}
