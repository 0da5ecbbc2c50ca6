import { z } from 'zod';
import { traderViewSchema } from './traders';

// A FIX CompID: printable ASCII without SOH, '|' or '='; FIX gives no length limit, QuickFIX
// stores them in file names, so keep them short.
const compId = z
  .string()
  .min(1, 'required')
  .max(64, 'at most 64 characters')
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
  .refine((value) => !/[|=]/.test(value), "must not contain '|' or '='");

const hostName = z
  .string()
  .min(1, 'required')
  .max(253)
  .regex(/^[A-Za-z0-9.:-]+$/, 'a host name or IP address');

export const connectionInputSchema = z.object({
  name: z.string().trim().min(1, 'required').max(64, 'at most 64 characters'),
  host: hostName,
  port: z.number().int('a whole number').min(1, 'from 1').max(65535, 'to 65535'),
  /** Our application name (FIX 49 on the way in to the gateway). */
  senderCompID: compId,
  /** The firm's name (FIX 56). */
  targetCompID: compId,
  heartbeatSeconds: z.number().int().min(1).max(300).default(30),
  tls: z.boolean().default(false),
});
export type ConnectionInput = z.input<typeof connectionInputSchema>;
export type ConnectionSettings = z.output<typeof connectionInputSchema>;

/** `connected`: logged on and market data not stale; `stale`: logged on but the feed is silent or repairing a gap. */
export const connectionStateSchema = z.enum(['disconnected', 'connecting', 'connected', 'stale']);
export type ConnectionState = z.infer<typeof connectionStateSchema>;

export const connectionIdSchema = z.string().regex(/^[a-z0-9-]{1,64}$/, 'a connection id');

export const connectionViewSchema = z.object({
  id: connectionIdSchema,
  settings: connectionInputSchema,
  /** The embedded gateway's connection is created by main and cannot be removed. */
  embedded: z.boolean(),
  state: connectionStateSchema,
  /** Why the connection is in its state, in words a trader reads (e.g. the gateway's reason). */
  detail: z.string(),
  /** Epoch ms of the last state change. */
  since: z.number().int(),
  /** The master user the FIX session is logged on as; null when not logged on. */
  loggedOnAs: z.string().nullable(),
  /** The master user and the traders logged on (or trying to) under it. */
  traders: z.array(traderViewSchema),
  /** Round trip of a TestRequest to its Heartbeat, measured every few seconds; null when not measured. */
  latencyMs: z.number().nonnegative().nullable(),
  /** Whether the instruments being watched are live; `none` when nothing is watched. */
  marketData: z.enum(['live', 'stale', 'none']),
});
export type ConnectionView = z.infer<typeof connectionViewSchema>;
