import { z } from 'zod';

// Traders logged on under a connection's master user (T4 multi-trader mode, SPEC §2). Its own
// module because both the connection view and the trading contract use it.

export const traderStateSchema = z.enum(['logging-on', 'logged-on', 'refused', 'logged-off']);
export const traderViewSchema = z.object({
  username: z.string().min(1, 'required').max(64, 'at most 64 characters'),
  state: traderStateSchema,
  /** The gateway's reason when refused. */
  detail: z.string(),
  /** The master user of the session (logged on by the FIX Logon itself). */
  master: z.boolean(),
});
export type TraderView = z.infer<typeof traderViewSchema>;
