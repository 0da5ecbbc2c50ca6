import { z } from 'zod';
import { aggregatedBookViewSchema, parentOrderRequestSchema, parentOrderViewSchema, parentReplaceSchema } from './aggregatorOrders';
import { aggregatorDefinitionSchema, aggregatorDefinitionsEventSchema, aggregatorIdSchema, aggregatorSaveSchema } from './aggregator';
import { appInfoSchema, statusSnapshotSchema } from './app';
import { connectionIdSchema, connectionInputSchema, connectionViewSchema } from './connections';
import {
  bookViewSchema,
  cancelAllRequestSchema,
  fillViewSchema,
  flattenRequestSchema,
  instrumentInfoSchema,
  instrumentKeySchema,
  logOnRequestSchema,
  orderKeySchema,
  orderRequestSchema,
  orderViewSchema,
  positionViewSchema,
  replaceRequestSchema,
  tradingFilterSchema,
} from './trading';
import { layoutNameSchema, layoutSchema } from './workspace';

export * from './aggregator';
export * from './aggregatorOrders';
export * from './app';
export * from './connections';
export * from './trading';
export * from './workspace';

const none = z.object({}).strict();

// The one IPC contract between renderer and main. Every payload entering main is parsed with
// these schemas; the client side is typed from the same declarations.
export const calls = {
  'app.info': { request: none, response: appInfoSchema },
  'connections.list': { request: none, response: z.array(connectionViewSchema) },
  'connections.add': { request: connectionInputSchema.strict(), response: connectionViewSchema },
  'connections.remove': { request: z.object({ id: connectionIdSchema }).strict(), response: none },
  'layout.load': {
    request: z.object({ name: layoutNameSchema }).strict(),
    response: z.object({ layout: layoutSchema.nullable() }),
  },
  'layout.save': {
    request: z.object({ name: layoutNameSchema, layout: layoutSchema }).strict(),
    response: none,
  },
  /** Master logon; resolves once the gateway answered the Logon, refused with its Logout text. */
  'session.logOn': { request: logOnRequestSchema, response: none },
  /** FIX Logout: the session and every trader under it end. */
  'session.logOff': { request: z.object({ connectionId: connectionIdSchema }).strict(), response: none },
  /** Trader Logon (35=UCG) under the master; refused with the gateway's reason (58). */
  'traders.logOn': { request: logOnRequestSchema, response: none },
  /** Trader Logout (35=UCI). */
  'traders.logOff': { request: z.object({ connectionId: connectionIdSchema, username: z.string().min(1).max(64) }).strict(), response: none },
  /** The gateway's instruments (SecurityList): exchange, tick, multiplier, currency, hours. */
  'instruments.list': { request: z.object({ connectionId: connectionIdSchema }).strict(), response: z.array(instrumentInfoSchema) },
  /** A new order after main's local checks; `key` is its first ClOrdID. */
  'orders.submit': { request: orderRequestSchema, response: z.object({ key: z.string() }) },
  'orders.cancel': { request: orderKeySchema, response: none },
  /** Cancel/replace (35=G): the order's fields with the new quantity (total) and/or price. */
  'orders.replace': { request: replaceRequestSchema, response: none },
  /** Cancels every working order of the trader that matches; `count` cancels were sent. */
  'orders.cancelAll': { request: cancelAllRequestSchema, response: z.object({ count: z.number().int().nonnegative() }) },
  /** Cancels the trader's working orders in the contract, then closes the net position with a limit IOC at the price the visible book covers it; key null when already flat. */
  'orders.flatten': { request: flattenRequestSchema, response: z.object({ key: z.string().nullable() }) },
  /** Every aggregated instrument definition that could be read, in the order they were created. */
  'aggregator.list': { request: none, response: z.array(aggregatorDefinitionSchema) },
  /** Saves a definition (no id: a new one, main assigns the id); refused while its parent orders have working children. */
  'aggregator.save': { request: aggregatorSaveSchema, response: aggregatorDefinitionSchema },
  /** Deletes a definition (or a stored one that cannot be read); refused while its parent orders have working children. */
  'aggregator.remove': { request: z.object({ id: aggregatorIdSchema }).strict(), response: none },
  /** A parent order of an aggregated instrument, routed over its legs by the Aggregator; `key` is the parent's. */
  'aggregator.submit': { request: parentOrderRequestSchema, response: z.object({ key: z.string() }) },
  /** Cancels the parent and every child; it ends cancelled with what it filled. */
  'aggregator.cancel': { request: z.object({ key: z.string().min(1).max(64) }).strict(), response: none },
  /** A new aggregated quantity (total) and/or limit: the parent is routed again. */
  'aggregator.replace': { request: parentReplaceSchema, response: none },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

export const streams = {
  /** Main's health, once a second: the status bar. */
  status: { args: none, event: statusSnapshotSchema, latestWins: true },
  /** The whole connection list, sent on subscribe and on every change. */
  connections: { args: none, event: z.array(connectionViewSchema), latestWins: true },
  /** Every order (reset=true, first event), then the orders that changed. */
  orders: { args: tradingFilterSchema, event: z.object({ reset: z.boolean(), orders: z.array(orderViewSchema) }) },
  /** Every fill of the day (reset=true, first event), then new fills; each exactly once. */
  fills: { args: tradingFilterSchema, event: z.object({ reset: z.boolean(), fills: z.array(fillViewSchema) }) },
  /** Positions and P&L per account and contract, the whole list on every change. */
  positions: { args: tradingFilterSchema, event: z.array(positionViewSchema), latestWins: true },
  /** One instrument's book, conflated to at most one event per display frame, always the newest. */
  book: { args: instrumentKeySchema, event: bookViewSchema, latestWins: true },
  /** Every aggregated instrument definition (and each stored one that cannot be read), on subscribe and on every change. */
  'aggregator.definitions': { args: none, event: aggregatorDefinitionsEventSchema, latestWins: true },
  /** Parent orders (reset=true, first event: all of them), then each parent that changed. */
  'aggregator.parents': { args: tradingFilterSchema, event: z.object({ reset: z.boolean(), parents: z.array(parentOrderViewSchema) }) },
  /** An aggregated instrument's merged depth at its rows, conflated to the display. */
  'aggregator.book': { args: z.object({ definitionId: aggregatorIdSchema }).strict(), event: aggregatedBookViewSchema, latestWins: true },
} as const satisfies Record<string, { args: z.ZodType; event: z.ZodType; latestWins?: true }>;

export type Calls = typeof calls;
export type Streams = typeof streams;
export type CallName = keyof Calls;
export type StreamName = keyof Streams;
/** What a caller passes (defaults may be omitted). */
export type CallInput<M extends CallName> = z.input<Calls[M]['request']>;
/** What a handler receives, after parsing. */
export type CallRequest<M extends CallName> = z.output<Calls[M]['request']>;
export type CallResponse<M extends CallName> = z.output<Calls[M]['response']>;
export type StreamInput<S extends StreamName> = z.input<Streams[S]['args']>;
export type StreamArgs<S extends StreamName> = z.output<Streams[S]['args']>;
export type StreamEvent<S extends StreamName> = z.output<Streams[S]['event']>;

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(calls, name);
}

export function isStreamName(name: string): name is StreamName {
  return Object.hasOwn(streams, name);
}
