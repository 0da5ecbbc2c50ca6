import { z } from 'zod';
import { aggregatorIdSchema } from './aggregator';
import { connectionIdSchema } from './connections';
import { decimalSchema, sideSchema } from './trading';

// Parent orders of aggregated instruments and the aggregated book (SPEC §6): what the
// aggregated ladder and the Order Book show, and what a trader (or an automation client over
// the WebSocket IPC) sends. Aggregated quantities that a ratio can split (a ratio-2 leg's one
// contract is half a lot) cross as exact texts: "3", "1.5", "1 1/3".

const name = z.string().min(1, 'required').max(64, 'at most 64 characters');
const parentKey = z.string().min(1).max(64);

export const parentOrderRequestSchema = z
  .object({
    definitionId: aggregatorIdSchema,
    trader: name,
    account: name,
    side: sideSchema,
    /** Aggregated lots. */
    quantity: z.number().int('a whole quantity').positive('above zero').max(1e9),
    /** The aggregated limit price, a row of the aggregated ladder. */
    price: decimalSchema,
  })
  .strict();
export type ParentOrderRequest = z.input<typeof parentOrderRequestSchema>;

export const parentReplaceSchema = z
  .object({ key: parentKey, quantity: z.number().int('a whole quantity').positive('above zero').max(1e9).optional(), price: decimalSchema.optional() })
  .strict()
  .refine((r) => r.quantity !== undefined || r.price !== undefined, { message: 'give a new quantity or price', path: ['quantity'] });

export const parentStatusSchema = z.enum(['working', 'paused', 'cancelling', 'filled', 'cancelled', 'rejected']);
export type ParentStatus = z.infer<typeof parentStatusSchema>;

const exactLots = z.string().regex(/^\d+( \d+\/\d+|\.\d+)?$|^\d+\/\d+$/, 'an exact quantity such as 3, 1.5 or 1 1/3');

export const parentLegViewSchema = z.object({
  legIndex: z.number().int().nonnegative(),
  alias: z.string(),
  exchange: z.string(),
  symbol: z.string(),
  legColour: z.string(),
  /** Leg contracts filled and open. */
  filled: z.number().int().nonnegative(),
  working: z.number().int().nonnegative(),
  averagePrice: decimalSchema.nullable(),
});

export const parentOrderViewSchema = z.object({
  key: parentKey,
  definitionId: aggregatorIdSchema,
  /** The aggregated instrument's name: the Contract column. */
  instrument: z.string(),
  colour: z.string(),
  connectionId: connectionIdSchema,
  trader: z.string(),
  account: z.string(),
  side: sideSchema,
  quantity: z.number().int(),
  price: z.string(),
  status: parentStatusSchema,
  filled: exactLots,
  working: exactLots,
  averagePrice: z.string().nullable(),
  /** Why it was rejected or paused, or why a request of it failed. */
  text: z.string(),
  legs: z.array(parentLegViewSchema),
  /** Its child orders (keys of the `orders` stream) and their legs. */
  children: z.array(z.object({ key: z.string(), legIndex: z.number().int().nonnegative() })),
  updatedAt: z.number().int(),
});
export type ParentOrderView = z.infer<typeof parentOrderViewSchema>;

/** One row of the aggregated book: aggregated lots and each leg's part, [leg, lots, leg contracts]. */
export const aggregatedLevelSchema = z.object({
  row: z.number().int(),
  quantity: z.number().int().nonnegative(),
  legs: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative(), z.number().int().nonnegative()])),
});

/**
 * The merged depth of every available leg at aggregated rows (price = origin + row × tick, see
 * `AggregatedLattice` in src-shared/aggregator), best first, conflated to the display.
 */
export const aggregatedBookViewSchema = z.object({
  definitionId: aggregatorIdSchema,
  bids: z.array(aggregatedLevelSchema),
  asks: z.array(aggregatedLevelSchema),
  /** The last trade on any leg, on its row (bids' rounding); null before one. */
  lastRow: z.number().int().nullable(),
  lastQuantity: z.number().int().nonnegative(),
  legs: z.array(
    z.object({
      /** Open, connected, with a live feed: allocation may use it. */
      available: z.boolean(),
      /** Why not, in a trader's words ("ICE closed", "market data stale"); empty when available. */
      reason: z.string(),
    }),
  ),
});
export type AggregatedBookView = z.infer<typeof aggregatedBookViewSchema>;
