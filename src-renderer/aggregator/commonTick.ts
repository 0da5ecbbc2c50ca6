import { AggregatedLattice } from '../../src-shared/aggregator';
import { PricingError } from '../../src-shared/pricing';
import type { DefinitionDraft } from './definitionForm';

/** What the dialog says about the aggregated ladder's tick beside the override. */
export type CommonTick =
  /** Not every leg has a contract yet. */
  | { readonly kind: 'incomplete' }
  /** A multiplier, offset or override the Aggregator core cannot price with; the reason names it. */
  | { readonly kind: 'unpriceable'; readonly reason: string }
  | {
      readonly kind: 'priced';
      /** The largest tick every leg's aggregated prices lie on, as the core computes it. */
      readonly computed: string;
      /** The rows' phase when offsets move them off multiples of the tick ("0.005"); null when 0. */
      readonly from: string | null;
      /** With an override tick: whether some leg prices fall between its rows. */
      readonly betweenRows: boolean;
    };

/** The computed common tick of the draft's legs, by the Aggregator core's own lattice (SPEC §6). */
export function commonTickOf(draft: DefinitionDraft): CommonTick {
  if (draft.legs.length === 0 || draft.legs.some((leg) => leg.minTick === '')) return { kind: 'incomplete' };
  const legs = draft.legs.map((leg) => ({ minTick: leg.minTick, multiplier: leg.multiplier.trim(), priceOffset: leg.priceOffset.trim() }));
  try {
    const computed = AggregatedLattice.of({ legs, tickOverride: null });
    const override = draft.tickOverrideOn && draft.tickOverride.trim() !== '' ? AggregatedLattice.of({ legs, tickOverride: draft.tickOverride.trim() }) : null;
    return {
      kind: 'priced',
      computed: computed.tickText,
      from: computed.origin.sign() === 0 ? null : computed.format(computed.origin),
      betweenRows: override !== null && !override.exact,
    };
  } catch (error) {
    if (error instanceof PricingError) return { kind: 'unpriceable', reason: error.message };
    throw error;
  }
}
