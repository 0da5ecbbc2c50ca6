import { z } from 'zod';
import { connectionIdSchema } from './connections';

// Trading over IPC (SPEC §4, §5, §11). Prices cross as exact decimal strings (orders, fills,
// P&L) or as integer tick counts of the instrument (the book, for the ladder); never as
// binary floating point.

/** A FIX decimal: digits with an optional fraction, no exponent. */
export const decimalSchema = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal number such as 5000.25');
const name = z.string().min(1, 'required').max(64, 'at most 64 characters');
const symbol = z.string().min(1, 'required').max(32).regex(/^[\x21-\x7e]+$/, 'printable ASCII');
const exchange = z.string().min(1, 'required').max(16).regex(/^[A-Z0-9]+$/, 'an exchange code such as CME');

export const sideSchema = z.enum(['buy', 'sell']);
export const orderTypeSchema = z.enum(['limit', 'market', 'stop', 'stopLimit']);
export const timeInForceSchema = z.enum(['day', 'gtc', 'ioc', 'fok']);

export const instrumentKeySchema = z.object({ connectionId: connectionIdSchema, exchange, symbol }).strict();
export type InstrumentKey = z.infer<typeof instrumentKeySchema>;

export const instrumentInfoSchema = z.object({
  exchange,
  symbol,
  securityId: z.string(),
  description: z.string(),
  /** Tick size as the gateway reports it ("0.25", "0.015625"). */
  tickSize: decimalSchema,
  multiplier: decimalSchema,
  currency: z.string(),
  /** The gateway's words about trading hours and whether the market is open now. */
  hours: z.string(),
});
export type InstrumentInfo = z.infer<typeof instrumentInfoSchema>;

export { traderStateSchema, traderViewSchema, type TraderView } from './traders';

export const logOnRequestSchema = z.object({ connectionId: connectionIdSchema, username: name, password: z.string().min(1, 'required').max(128) }).strict();

/** Where the order came from: a ladder click, the order book, or a strategy/aggregator. */
export const orderRequestSchema = z
  .object({
    connectionId: connectionIdSchema,
    trader: name,
    account: name,
    exchange,
    symbol,
    side: sideSchema,
    type: orderTypeSchema,
    tif: timeInForceSchema.default('day'),
    quantity: z.number().int('a whole quantity').positive('above zero').max(1e12),
    price: decimalSchema.optional(),
    stopPrice: decimalSchema.optional(),
  })
  .strict()
  .refine((o) => (o.type === 'limit' || o.type === 'stopLimit') === (o.price !== undefined), { message: 'a price is given for limit and stop-limit orders only', path: ['price'] })
  .refine((o) => (o.type === 'stop' || o.type === 'stopLimit') === (o.stopPrice !== undefined), { message: 'a stop price is given for stop orders only', path: ['stopPrice'] });
export type OrderRequest = z.input<typeof orderRequestSchema>;

export const orderStatusSchema = z.enum(['PendingNew', 'Working', 'PartiallyFilled', 'Filled', 'Cancelled', 'Rejected', 'PendingReplace', 'PendingCancel', 'Expired']);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

/** One order as every screen shows it: the single state machine's current view. */
export const orderViewSchema = z.object({
  /** Stable key: the ClOrdID of the order's first request. */
  key: z.string(),
  clOrdId: z.string(),
  /** OrderID (37) once the gateway has it. */
  orderId: z.string().nullable(),
  connectionId: connectionIdSchema,
  trader: z.string(),
  account: z.string(),
  exchange,
  symbol,
  side: sideSchema,
  type: orderTypeSchema,
  tif: timeInForceSchema,
  quantity: z.number().int(),
  price: decimalSchema.nullable(),
  stopPrice: decimalSchema.nullable(),
  filled: z.number().int(),
  leaves: z.number().int(),
  avgPrice: decimalSchema.nullable(),
  status: orderStatusSchema,
  /** The gateway's or exchange's last words about it (reject reason, cancel reason). */
  text: z.string(),
  /** FFT3 (20003): the algo that sent the order (an Aggregator child); null for a manual order. */
  algoId: z.string().nullable(),
  updatedAt: z.number().int(),
});
export type OrderView = z.infer<typeof orderViewSchema>;

export const fillViewSchema = z.object({
  execId: z.string(),
  orderKey: z.string(),
  connectionId: connectionIdSchema,
  trader: z.string(),
  account: z.string(),
  exchange,
  symbol,
  side: sideSchema,
  quantity: z.number().int(),
  price: decimalSchema,
  time: z.number().int(),
});
export type FillView = z.infer<typeof fillViewSchema>;

export const positionViewSchema = z.object({
  account: z.string(),
  exchange,
  symbol,
  /** Net contracts, + long. */
  net: z.number().int(),
  /** Average price of the open position; null when flat. */
  averagePrice: decimalSchema.nullable(),
  /** In the instrument's currency, exact. */
  realizedPnl: decimalSchema,
  /** Against the last traded price (or mid); null when there is no market. */
  openPnl: decimalSchema.nullable(),
  currency: z.string(),
});
export type PositionView = z.infer<typeof positionViewSchema>;

/**
 * One instrument's book as the ladder draws it, conflated to the display: the newest state,
 * never a queue of old ones. Levels are flat arrays [tick, quantity, orders, tick, …] from the
 * best price outwards; prices are integer ticks of `tickSize`.
 */
export const bookViewSchema = z.object({
  exchange,
  symbol,
  tickSize: decimalSchema,
  /** RptSeq of the last change applied. */
  seq: z.number().int().nonnegative(),
  bids: z.array(z.number().int()),
  asks: z.array(z.number().int()),
  lastTick: z.number().int().nullable(),
  lastQuantity: z.number().int(),
  /** Traded volume today by price: [tick, quantity, …]. */
  volumeAtPrice: z.array(z.number().int()),
  /** Connected but silent, or a sequence gap not yet repaired by a snapshot. */
  stale: z.boolean(),
});
export type BookView = z.infer<typeof bookViewSchema>;

export const orderKeySchema = z.object({ key: z.string().min(1).max(64) }).strict();
export const replaceRequestSchema = z
  .object({ key: z.string().min(1).max(64), quantity: z.number().int().positive().max(1e12).optional(), price: decimalSchema.optional() })
  .strict()
  .refine((r) => r.quantity !== undefined || r.price !== undefined, { message: 'give a new quantity or price', path: ['quantity'] });
export const cancelAllRequestSchema = z
  .object({ trader: name, connectionId: connectionIdSchema.optional(), account: name.optional(), exchange: exchange.optional(), symbol: symbol.optional() })
  .strict();
export const flattenRequestSchema = z.object({ connectionId: connectionIdSchema, trader: name, account: name, exchange, symbol }).strict();
export const tradingFilterSchema = z.object({ trader: name.optional() }).strict();
