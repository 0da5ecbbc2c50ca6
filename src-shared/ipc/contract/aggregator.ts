import { z } from 'zod';
import { connectionIdSchema } from './connections';

// An aggregated instrument (SPEC §6, seed 003): what the configuration dialog edits, the
// workstation's SQLite keeps and the Aggregator engine routes with. Numbers that take part in
// price arithmetic cross as exact strings (never binary floating point); quantities and ratios
// are whole numbers.

const exchange = z.string().min(1, 'required').max(16).regex(/^[A-Z0-9]+$/, 'an exchange code such as CME');
const symbol = z.string().min(1, 'required').max(32).regex(/^[\x21-\x7e]+$/, 'printable ASCII');
/** `#rrggbb`, the colour band of the Order Book and the ladder. */
export const colourSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour such as #e0a040');
/** A positive tick: a decimal ("0.25", "0.00001") or a fraction ("1/64"). */
export const tickSchema = z
  .string()
  .regex(/^(\d+(\.\d+)?|\d+\/\d+)$/, 'a tick such as 0.25 or 1/64')
  .refine((s) => !/^0+(\.0+)?$/.test(s) && !/^\d+\/0+$/.test(s) && !/^0+\//.test(s), 'above zero');
/** Whole ("2"), decimal ("0.5") or fraction ("1/32"); above zero. */
export const multiplierSchema = z
  .string()
  .regex(/^(\d+(\.\d+)?|\d+\/\d+)$/, 'a whole number, decimal or fraction such as 2, 0.5 or 1/32')
  .refine((s) => !/^0+(\.0+)?$/.test(s) && !/^\d+\/0+$/.test(s) && !/^0+\//.test(s), 'above zero');
/** Price offset in the leg's own ticks, up to three decimals, either sign. */
export const priceOffsetSchema = z.string().regex(/^-?\d{1,6}(\.\d{1,3})?$/, 'ticks with up to three decimals, such as -1.5');

export const takingModeSchema = z.enum(['RankRatio', 'SplitRatio', 'SizeRatio']);
export const takingTifSchema = z.enum(['DAY', 'IOC']);
export const joiningModeSchema = z.enum(['SplitRatio', 'EPIQ']);
export const exchangeDownSchema = z.enum(['RouteToAvailable', 'StopAllOrders']);
/**
 * FFT3 (20003) on every child order: the algo identifier the gateway turns into the exchange's
 * ComplianceID (seed 001), an integer 0 … 2^24−1 (`src-gateway/auth/algoLabel.ts`).
 */
export const algoIdSchema = z
  .string()
  .regex(/^\d{1,8}$/, 'a whole number from 0 to 16777215')
  .refine((s) => Number(s) < 2 ** 24, 'at most 16777215');

export const aggregatorLegSchema = z
  .object({
    exchange,
    symbol,
    /** How the leg is named in the aggregated ladder's columns. */
    alias: z.string().trim().min(1, 'required').max(16, 'at most 16 characters'),
    /** Leg quantity = aggregated quantity × ratio. */
    ratio: z.number().int('a whole number').min(1, 'at least 1').max(1000, 'at most 1000'),
    priceOffset: priceOffsetSchema.default('0'),
    multiplier: multiplierSchema.default('1'),
    takingSplitRatio: z.number().int('a whole number').min(0, 'not below 0').max(1000, 'at most 1000').default(1),
    joiningSplitRatio: z.number().int('a whole number').min(0, 'not below 0').max(1000, 'at most 1000').default(1),
    rebalancePercent: z.number().int('a whole number').min(0, 'from 0').max(100, 'to 100').default(100),
    /** The contract's tick as the gateway lists it (filled in by the contract picker). */
    minTick: tickSchema,
    legColour: colourSchema,
  })
  .strict();
export type AggregatorLeg = z.output<typeof aggregatorLegSchema>;

/** Assigned by main when a definition is first saved; its key. */
export const aggregatorIdSchema = z.string().regex(/^[a-z0-9-]{1,40}$/, 'an id of lower-case letters, digits and dashes');

const definitionFields = z
  .object({
    id: aggregatorIdSchema,
    name: z.string().trim().min(1, 'required').max(64, 'at most 64 characters'),
    /** The parent order's colour band (the instrument's leg colour of the seed). */
    colour: colourSchema,
    connectionId: connectionIdSchema,
    algoId: algoIdSchema,
    taking: z.object({ mode: takingModeSchema.default('RankRatio'), tif: takingTifSchema.default('DAY') }).strict(),
    joining: z.object({ mode: joiningModeSchema.default('SplitRatio') }).strict(),
    exchangeDown: exchangeDownSchema.default('RouteToAvailable'),
    rebalance: z.object({ enabled: z.boolean().default(false), timerMs: z.number().int('whole milliseconds').min(0, 'not below 0').max(3_600_000, 'at most an hour').default(1) }).strict(),
    /** Overrides the computed common tick of the aggregated ladder; null = computed. */
    tickOverride: tickSchema.nullable().default(null),
    legs: z.array(aggregatorLegSchema).min(2, 'at least two legs').max(8, 'at most eight legs'),
  })
  .strict();

/** The rules between fields (and between legs) that no single field can check. */
function checkAcrossFields(definition: Pick<z.output<typeof definitionFields>, 'legs' | 'taking' | 'joining'>, ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  definition.legs.forEach((leg, index) => {
    const key = `${leg.exchange}:${leg.symbol}`;
    const first = seen.get(key);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['legs', index, 'symbol'], message: `the same contract as leg ${first + 1}` });
    else seen.set(key, index);
  });
  const aliases = new Map<string, number>();
  definition.legs.forEach((leg, index) => {
    const first = aliases.get(leg.alias);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['legs', index, 'alias'], message: `the same alias as leg ${first + 1}` });
    else aliases.set(leg.alias, index);
  });
  if (definition.taking.mode === 'SplitRatio' && definition.legs.every((leg) => leg.takingSplitRatio === 0)) {
    ctx.addIssue({ code: 'custom', path: ['legs', 0, 'takingSplitRatio'], message: 'at least one leg needs a taking split ratio above 0' });
  }
  if (definition.joining.mode === 'SplitRatio' && definition.legs.every((leg) => leg.joiningSplitRatio === 0)) {
    ctx.addIssue({ code: 'custom', path: ['legs', 0, 'joiningSplitRatio'], message: 'at least one leg needs a joining split ratio above 0' });
  }
}

export const aggregatorDefinitionSchema = definitionFields.superRefine(checkAcrossFields);
export type AggregatorDefinition = z.output<typeof aggregatorDefinitionSchema>;
export type AggregatorDefinitionInput = z.input<typeof aggregatorDefinitionSchema>;

/** What `aggregator.save` takes: a definition, without an id when it is new. */
export const aggregatorSaveSchema = definitionFields.extend({ id: aggregatorIdSchema.optional() }).superRefine(checkAcrossFields);
export type AggregatorSave = z.input<typeof aggregatorSaveSchema>;

/** A stored definition this version cannot read: kept in storage untouched, shown with why. */
export const unreadableDefinitionSchema = z.object({ id: z.string(), reason: z.string() });
export type UnreadableDefinition = z.output<typeof unreadableDefinitionSchema>;

/** The `aggregator.definitions` stream: every saved definition, in the order they were created. */
export const aggregatorDefinitionsEventSchema = z.object({
  definitions: z.array(aggregatorDefinitionSchema),
  unreadable: z.array(unreadableDefinitionSchema),
});
export type AggregatorDefinitionsEvent = z.output<typeof aggregatorDefinitionsEventSchema>;
