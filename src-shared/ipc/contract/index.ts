import { z } from 'zod';
import { appInfoSchema, statusSnapshotSchema } from './app';
import { connectionIdSchema, connectionInputSchema, connectionViewSchema } from './connections';
import { layoutNameSchema, layoutSchema } from './workspace';

export * from './app';
export * from './connections';
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
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

export const streams = {
  /** Main's health, once a second: the status bar. */
  status: { args: none, event: statusSnapshotSchema },
  /** The whole connection list, sent on subscribe and on every change. */
  connections: { args: none, event: z.array(connectionViewSchema) },
} as const satisfies Record<string, { args: z.ZodType; event: z.ZodType }>;

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
