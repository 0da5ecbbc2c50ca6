import type { AggregatedLattice } from '../../src-shared/aggregator';
import { TickSize } from '../../src-shared/pricing';

/**
 * How a ladder names its rows: an integer step ↔ the price text shown and sent. A contract's
 * ladder steps in ticks of its tick size; an aggregated instrument's in rows of its lattice
 * (`origin + n × common tick`, SPEC §6). Everything else in the ladder counts steps.
 */
export interface PriceScale {
  /** Equal for scales that name every step alike: a ladder rewrites its prices when it changes. */
  readonly id: string;
  priceOf(step: number): string;
  /** The step of a price text; throws a PricingError naming the price when it is not on the scale. */
  stepOf(price: string): number;
}

export function tickScale(tickSize: TickSize | string): PriceScale {
  const tick = typeof tickSize === 'string' ? TickSize.parse(tickSize) : tickSize;
  return { id: `tick:${tick.text}`, priceOf: (step) => tick.priceOf(step), stepOf: (price) => tick.ticksOf(price) };
}

export function latticeScale(lattice: AggregatedLattice): PriceScale {
  return {
    id: `lattice:${lattice.origin.toString()}+${lattice.tick.toString()}`,
    priceOf: (step) => lattice.priceText(step),
    stepOf: (price) => lattice.rowOf(price),
  };
}
