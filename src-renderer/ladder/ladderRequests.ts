import { createStore } from 'zustand/vanilla';

/** An aggregated instrument to show in the MD Trader ladder. */
export interface AggregatedChoice {
  readonly definitionId: string;
  readonly name: string;
}

/**
 * What another panel asked the ladder to show (the Aggregator panel's Open ladder): the ladder
 * panel takes it once, whether it was open already or opens because of it.
 */
export const ladderRequests = createStore<{ pending: AggregatedChoice | null }>(() => ({ pending: null }));

export function requestAggregatedLadder(choice: AggregatedChoice): void {
  ladderRequests.setState({ pending: choice });
}

export function takeLadderRequest(): AggregatedChoice | null {
  const { pending } = ladderRequests.getState();
  if (pending !== null) ladderRequests.setState({ pending: null });
  return pending;
}
