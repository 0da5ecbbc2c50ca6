import { z } from 'zod';

export const appInfoSchema = z.object({
  name: z.literal('Tessera'),
  version: z.string(),
  /** `desktop` under Electron, `browser` when main runs in Node and the UI in a browser. */
  shell: z.enum(['desktop', 'browser']),
  platform: z.string(),
  dataDir: z.string(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const statusSnapshotSchema = z.object({
  /** Main's wall clock, epoch ms: the status bar shows it to prove the stream is live. */
  mainTime: z.number().int(),
  uptimeMs: z.number().int().nonnegative(),
  /** p99 event-loop delay of main over the last interval: a busy main delays every order. */
  eventLoopDelayP99Ms: z.number().nonnegative(),
  rssBytes: z.number().int().nonnegative(),
  connectionsTotal: z.number().int().nonnegative(),
  connectionsUp: z.number().int().nonnegative(),
});
export type StatusSnapshot = z.infer<typeof statusSnapshotSchema>;
