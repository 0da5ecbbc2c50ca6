import { z } from 'zod';
import { aggregatorIdSchema, connectionIdSchema, decimalSchema } from '../../src-shared/ipc/contract';

/**
 * What a ladder panel keeps in the saved layout: its instrument and the trader's settings for
 * it. Read back through this schema, since a layout may come from another version.
 */
export const ladderParamsSchema = z.object({
  instrument: z
    .object({ connectionId: connectionIdSchema, exchange: z.string().min(1), symbol: z.string().min(1), tickSize: decimalSchema })
    .nullable()
    .catch(null),
  /** An aggregated instrument instead of a contract (SPEC §6); its name as it was, until main's definition arrives. */
  aggregated: z.object({ definitionId: aggregatorIdSchema, name: z.string().min(1) }).nullable().catch(null),
  defaultQuantity: z.number().int().positive().max(1e12).catch(1),
  /** Every order asks for confirmation (mis-click protection). */
  confirmOrders: z.boolean().catch(false),
  /** Recentre when the market comes near an edge. */
  autoCentre: z.boolean().catch(true),
  /** Orders further than this many ticks from the market ask for confirmation. */
  guardTicks: z.number().int().min(0).max(100_000).catch(20),
});
export type LadderParams = z.infer<typeof ladderParamsSchema>;

export function readLadderParams(value: unknown): LadderParams {
  return ladderParamsSchema.parse(typeof value === 'object' && value !== null ? value : {});
}

/** The quantity buttons: 1, 2, 5, 10, 25 and 50 times the default quantity. */
export function quantityChoices(defaultQuantity: number): number[] {
  return [1, 2, 5, 10, 25, 50].map((times) => times * defaultQuantity).filter((quantity) => quantity <= 1e12);
}

/** A quantity typed by the trader: a whole number above zero, or null. */
export function parseQuantity(text: string): number | null {
  const trimmed = text.trim().replace(/[,_\s]/g, '');
  // Millions are read from their digits, so "1.1m" is exactly 1,100,000.
  const millions = /^(\d+)(?:\.(\d{1,6}))?[mM]$/.exec(trimmed);
  const value = millions ? Number(millions[1]) * 1_000_000 + Number((millions[2] ?? '').padEnd(6, '0')) : /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  return Number.isSafeInteger(value) && value > 0 && value <= 1e12 ? value : null;
}
