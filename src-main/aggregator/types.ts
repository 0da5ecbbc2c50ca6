import type { LegDepth } from '../../src-shared/aggregator';

export type { LegDepth };
export type Side = 'buy' | 'sell';
export type ChildTif = 'day' | 'ioc';

/** A parent order in the aggregated instrument's terms. */
export interface ParentOrderRequest {
  /** Unique within the engine; child ids are built from it (`<parentId>-<n>`). */
  parentId: string;
  side: Side;
  /** Aggregated lots, a whole number. */
  quantity: number;
  /** Aggregated limit price on the aggregated ladder ("75.03"). */
  limit: string;
}

export interface ParentChange {
  quantity?: number;
  limit?: string;
}

/** A child order to send on one leg (one NewOrderSingle). */
export interface ChildOrderRequest {
  childId: string;
  parentId: string;
  legIndex: number;
  exchange: string;
  symbol: string;
  side: Side;
  /** Leg contracts. */
  quantity: number;
  /** Leg price as the FIX decimal (44), on the leg's tick, never worse than the parent's limit. */
  price: string;
  tif: ChildTif;
  /** FFT3 (20003): the aggregated instrument's algo ID. */
  algoId: string;
}

/**
 * Everything the engine decides comes out here, synchronously, during the input that caused
 * it. A listener must not call back into the engine from inside these calls (hand the order
 * to a FIX session and answer later); the engine throws if it does.
 */
export interface AggregatorListener {
  sendChild(order: ChildOrderRequest): void;
  cancelChild(childId: string): void;
  /** Cancel/replace (35=G) to `quantity` contracts: the new total including what has filled (OrderQty 38). */
  reduceChild(childId: string, quantity: number): void;
  parentChanged(view: ParentView): void;
}

/** Time, injected: the engine has no timers of its own. */
export interface AggregatorClock {
  now(): number;
  /** Run `task` once, `delayMs` from now; the returned function cancels it. */
  schedule(delayMs: number, task: () => void): () => void;
}

export type ParentStatus =
  /** Routing and working. */
  | 'working'
  /** StopAllOrders: a leg closed; every child is being cancelled, then the parent ends cancelled. */
  | 'paused'
  /** Cancel requested; waiting for the children's cancels. */
  | 'cancelling'
  | 'filled'
  | 'cancelled'
  /** A child was rejected more often than allowed; `reason` is the exchange's. */
  | 'rejected';

export interface LegFillView {
  legIndex: number;
  alias: string;
  exchange: string;
  symbol: string;
  /** Leg contracts filled. */
  filled: number;
  /** Leg contracts open (sent, not filled, not confirmed gone). */
  working: number;
  /** Average leg fill price, null before the first fill. */
  averagePrice: string | null;
}

/**
 * A parent order in aggregated terms. Filled and working lots are exact: a ratio-2 leg's single
 * contract is half a lot, so they are texts — "3", "1.5", or "1 1/3" when a ratio leaves no
 * finite decimal.
 */
export interface ParentView {
  parentId: string;
  definitionId: string;
  side: Side;
  /** Aggregated lots ordered. */
  quantity: number;
  limit: string;
  status: ParentStatus;
  filled: string;
  working: string;
  /** Average aggregated fill price (exact, or rounded 4 places beyond the ladder's); null before a fill. */
  averagePrice: string | null;
  /** Why it was rejected, paused or a request of it failed; null otherwise. */
  reason: string | null;
  legs: LegFillView[];
}

export type EngineResult = { ok: true } | { ok: false; reason: string };
