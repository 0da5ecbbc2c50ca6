import type { z } from 'zod';
import {
  aggregatorSaveSchema,
  exchangeDownSchema,
  joiningModeSchema,
  takingModeSchema,
  takingTifSchema,
  type AggregatorDefinition,
  type AggregatorSave,
  type InstrumentInfo,
} from '../../src-shared/ipc/contract';
import { IpcError } from '../../src-shared/ipc/protocol';

// The Aggregator configuration dialog's form (SPEC §5, §6, seed 003). What is typed is checked
// on every change with the contract's own schema, the one main checks again, so the dialog and
// main cannot disagree; this file only turns text into the contract's shape and the schema's
// issue paths into the fields the trader sees.

export type TakingMode = z.output<typeof takingModeSchema>;
export type TakingTif = z.output<typeof takingTifSchema>;
export type JoiningMode = z.output<typeof joiningModeSchema>;
export type ExchangeDown = z.output<typeof exchangeDownSchema>;

export const takingModes: readonly TakingMode[] = takingModeSchema.options;
export const takingTifs: readonly TakingTif[] = takingTifSchema.options;
export const joiningModes: readonly JoiningMode[] = joiningModeSchema.options;
export const exchangeDownModes: readonly ExchangeDown[] = exchangeDownSchema.options;

/** Each setting's value in the seed's words. */
export const settingNames: Readonly<Record<TakingMode | TakingTif | JoiningMode | ExchangeDown, string>> = {
  RankRatio: 'Rank Ratio',
  SplitRatio: 'Split Ratio',
  SizeRatio: 'Size Ratio',
  EPIQ: 'EPIQ',
  RouteToAvailable: 'Route to Available',
  StopAllOrders: 'Stop All Orders',
  DAY: 'DAY',
  IOC: 'IOC',
};

/** One leg as typed. `key` follows the leg when it is moved, so what was typed stays with it. */
export interface LegDraft {
  readonly key: number;
  readonly exchange: string;
  readonly symbol: string;
  readonly alias: string;
  readonly ratio: string;
  readonly priceOffset: string;
  readonly multiplier: string;
  readonly takingSplitRatio: string;
  readonly joiningSplitRatio: string;
  readonly rebalancePercent: string;
  /** From the contract the leg trades; not typed. */
  readonly minTick: string;
  readonly legColour: string;
}

export type LegTextField = 'alias' | 'ratio' | 'priceOffset' | 'multiplier' | 'takingSplitRatio' | 'joiningSplitRatio' | 'rebalancePercent' | 'legColour';

export interface DefinitionDraft {
  /** Null until main has saved it once. */
  readonly id: string | null;
  readonly name: string;
  readonly colour: string;
  readonly connectionId: string;
  readonly algoId: string;
  readonly takingMode: TakingMode;
  readonly takingTif: TakingTif;
  readonly joiningMode: JoiningMode;
  readonly exchangeDown: ExchangeDown;
  readonly rebalanceEnabled: boolean;
  readonly rebalanceTimerMs: string;
  readonly tickOverrideOn: boolean;
  readonly tickOverride: string;
  readonly legs: readonly LegDraft[];
}

/**
 * Where a reason is shown: `name`, `algoId`, `rebalance.timerMs`, `tickOverride`, `legs` (the
 * table as a whole), and `legs.<index>.<field>` with `contract` standing for exchange and symbol.
 */
export type FieldErrors = Readonly<Record<string, string>>;

export type DraftCheck = { ok: true; definition: AggregatorSave } | { ok: false; errors: FieldErrors };

/** Distinct colours for legs, in the order new legs take them. */
export const legPalette: readonly string[] = ['#3d8bfd', '#e8a33c', '#41b883', '#d36bd1', '#e05d5d', '#4cc3c7', '#c9c94a', '#9a7cf0'];
export const maxLegs = 8;

export function blankDraft(connectionId: string): DefinitionDraft {
  const draft: DefinitionDraft = {
    id: null,
    name: '',
    colour: '#e0a040',
    connectionId,
    algoId: '',
    takingMode: 'RankRatio',
    takingTif: 'DAY',
    joiningMode: 'SplitRatio',
    exchangeDown: 'RouteToAvailable',
    rebalanceEnabled: false,
    rebalanceTimerMs: '1',
    tickOverrideOn: false,
    tickOverride: '',
    legs: [],
  };
  return addLeg(addLeg(draft));
}

export function draftFromDefinition(definition: AggregatorDefinition): DefinitionDraft {
  return {
    id: definition.id,
    name: definition.name,
    colour: definition.colour,
    connectionId: definition.connectionId,
    algoId: definition.algoId,
    takingMode: definition.taking.mode,
    takingTif: definition.taking.tif,
    joiningMode: definition.joining.mode,
    exchangeDown: definition.exchangeDown,
    rebalanceEnabled: definition.rebalance.enabled,
    rebalanceTimerMs: String(definition.rebalance.timerMs),
    tickOverrideOn: definition.tickOverride !== null,
    tickOverride: definition.tickOverride ?? '',
    legs: definition.legs.map((leg, index) => ({
      key: index + 1,
      exchange: leg.exchange,
      symbol: leg.symbol,
      alias: leg.alias,
      ratio: String(leg.ratio),
      priceOffset: leg.priceOffset,
      multiplier: leg.multiplier,
      takingSplitRatio: String(leg.takingSplitRatio),
      joiningSplitRatio: String(leg.joiningSplitRatio),
      rebalancePercent: String(leg.rebalancePercent),
      minTick: leg.minTick,
      legColour: leg.legColour,
    })),
  };
}

/** A new leg at the end, in the first palette colour no other leg has; no more than eight. */
export function addLeg(draft: DefinitionDraft): DefinitionDraft {
  if (draft.legs.length >= maxLegs) return draft;
  const used = new Set(draft.legs.map((leg) => leg.legColour.toLowerCase()));
  const leg: LegDraft = {
    key: draft.legs.reduce((max, other) => Math.max(max, other.key), 0) + 1,
    exchange: '',
    symbol: '',
    alias: '',
    ratio: '1',
    priceOffset: '0',
    multiplier: '1',
    takingSplitRatio: '1',
    joiningSplitRatio: '1',
    rebalancePercent: '100',
    minTick: '',
    legColour: legPalette.find((colour) => !used.has(colour)) ?? legPalette[draft.legs.length % legPalette.length]!,
  };
  return { ...draft, legs: [...draft.legs, leg] };
}

export function removeLeg(draft: DefinitionDraft, index: number): DefinitionDraft {
  return { ...draft, legs: draft.legs.filter((_, i) => i !== index) };
}

/** Moves a leg up (-1) or down (+1): the order decides ranks and who wins ties. */
export function moveLeg(draft: DefinitionDraft, index: number, by: -1 | 1): DefinitionDraft {
  const to = index + by;
  const legs = [...draft.legs];
  const moving = legs[index];
  const other = legs[to];
  if (moving === undefined || other === undefined) return draft;
  legs[index] = other;
  legs[to] = moving;
  return { ...draft, legs };
}

export function editLeg(draft: DefinitionDraft, index: number, field: LegTextField, value: string): DefinitionDraft {
  return { ...draft, legs: draft.legs.map((leg, i) => (i === index ? { ...leg, [field]: value } : leg)) };
}

/**
 * The leg now trades `contract`: its min tick comes from the contract; an alias still empty (or
 * the one chosen for the previous contract) becomes the exchange, or the symbol when another leg
 * already goes by that exchange.
 */
export function chooseContract(draft: DefinitionDraft, index: number, contract: Pick<InstrumentInfo, 'exchange' | 'symbol' | 'tickSize'>): DefinitionDraft {
  const leg = draft.legs[index];
  if (leg === undefined) return draft;
  const automatic = leg.alias.trim() === '' || leg.alias === leg.exchange || leg.alias === leg.symbol.slice(0, 16);
  const taken = new Set(draft.legs.filter((_, i) => i !== index).map((other) => other.alias));
  const alias = !automatic ? leg.alias : taken.has(contract.exchange) ? contract.symbol.slice(0, 16) : contract.exchange;
  return {
    ...draft,
    legs: draft.legs.map((other, i) => (i === index ? { ...other, exchange: contract.exchange, symbol: contract.symbol, minTick: contract.tickSize, alias } : other)),
  };
}

/**
 * The draft as the contract's input, or the reason for each field that stops it. `takenNames`
 * are the other aggregated instruments' names: main refuses a second with the same name.
 */
export function checkDraft(draft: DefinitionDraft, takenNames: readonly string[] = []): DraftCheck {
  const candidate = {
    ...(draft.id === null ? {} : { id: draft.id }),
    name: draft.name,
    colour: draft.colour,
    connectionId: draft.connectionId,
    algoId: draft.algoId.trim(),
    taking: { mode: draft.takingMode, tif: draft.takingTif },
    joining: { mode: draft.joiningMode },
    exchangeDown: draft.exchangeDown,
    rebalance: { enabled: draft.rebalanceEnabled, timerMs: numberFrom(draft.rebalanceTimerMs) },
    tickOverride: draft.tickOverrideOn ? draft.tickOverride.trim() : null,
    legs: draft.legs.map((leg) => ({
      exchange: leg.exchange,
      symbol: leg.symbol,
      alias: leg.alias,
      ratio: numberFrom(leg.ratio),
      priceOffset: leg.priceOffset.trim(),
      multiplier: leg.multiplier.trim(),
      takingSplitRatio: numberFrom(leg.takingSplitRatio),
      joiningSplitRatio: numberFrom(leg.joiningSplitRatio),
      rebalancePercent: numberFrom(leg.rebalancePercent),
      minTick: leg.minTick,
      legColour: leg.legColour,
    })),
  };
  const parsed = aggregatorSaveSchema.safeParse(candidate, {
    // Only a box that is empty or not a number gets here: say so in the trader's words.
    error: (issue) => (issue.code === 'invalid_type' ? (issue.input === null ? 'required' : 'a number') : undefined),
  });
  const errors: Record<string, string> = {};
  const taken = draft.name.trim().toLowerCase();
  if (taken !== '' && takenNames.some((name) => name.toLowerCase() === taken)) errors.name = 'another aggregated instrument has this name';
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, definition: parsed.data };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) place(errors, issue.path.map(String).join('.'), issue.message, draft);
  }
  return { ok: false, errors };
}

/** Main's refusal: what belongs next to a field, and what is said above the form as main said it. */
export function errorsFromMain(error: unknown, draft: DefinitionDraft): { fields: FieldErrors; general: string | null } {
  if (!(error instanceof IpcError)) return { fields: {}, general: error instanceof Error ? error.message : String(error) };
  if (error.issues.length === 0) return { fields: {}, general: error.message };
  const fields: Record<string, string> = {};
  for (const issue of error.issues) place(fields, issue.path, issue.message, draft);
  return { fields, general: Object.keys(fields).length === 0 ? error.message : null };
}

/** The fields with a reason, in the order the form shows them, labelled for a summary. */
export function describeErrors(errors: FieldErrors): string[] {
  return Object.entries(errors)
    .sort(([a], [b]) => fieldOrder(a) - fieldOrder(b) || a.localeCompare(b, undefined, { numeric: true }))
    .map(([field, message]) => `${labelOf(field)}: ${message}`);
}

const topFields = ['name', 'colour', 'connectionId', 'algoId', 'taking.mode', 'taking.tif', 'joining.mode', 'exchangeDown', 'rebalance.enabled', 'rebalance.timerMs', 'tickOverride', 'legs'];
const legFields = ['contract', 'alias', 'ratio', 'priceOffset', 'multiplier', 'takingSplitRatio', 'joiningSplitRatio', 'rebalancePercent', 'minTick', 'legColour'];

const labels: Record<string, string> = {
  name: 'Name',
  colour: 'Colour',
  connectionId: 'Gateway',
  algoId: 'Algo ID',
  'taking.mode': 'Taking',
  'taking.tif': 'TIF',
  'joining.mode': 'Joining',
  exchangeDown: 'If exchange down',
  'rebalance.enabled': 'Rebalance',
  'rebalance.timerMs': 'Rebalance timer',
  tickOverride: 'Tick override',
  legs: 'Legs',
  contract: 'contract',
  alias: 'alias',
  ratio: 'ratio',
  priceOffset: 'price offset',
  multiplier: 'multiplier',
  takingSplitRatio: 'taking split ratio',
  joiningSplitRatio: 'joining split ratio',
  rebalancePercent: 'rebalance %',
  minTick: 'min tick',
  legColour: 'colour',
};

function labelOf(field: string): string {
  const leg = /^legs\.(\d+)\.(\w+)$/.exec(field);
  if (leg) return `Leg ${Number(leg[1]) + 1} ${labels[leg[2]!] ?? leg[2]!}`;
  return labels[field] ?? field;
}

function fieldOrder(field: string): number {
  const leg = /^legs\.(\d+)\.(\w+)$/.exec(field);
  if (leg) return 100 + Number(leg[1]) * 20 + legFields.indexOf(leg[2]!);
  const top = topFields.indexOf(field);
  return top < 0 ? 99 : top;
}

/** Puts one schema issue where the trader will see it; the first reason for a field wins. */
function place(errors: Record<string, string>, path: string, message: string, draft: DefinitionDraft): void {
  const leg = /^legs\.(\d+)\.(\w+)$/.exec(path);
  let field = path === '(root)' || path === '' ? 'legs' : path;
  let reason = message;
  if (leg) {
    const index = Number(leg[1]);
    const name = leg[2]!;
    const chosen = (draft.legs[index]?.symbol ?? '') !== '';
    if (name === 'exchange' || name === 'symbol') {
      field = `legs.${index}.contract`;
      if (!chosen) reason = 'choose a contract';
    } else if (name === 'minTick' && !chosen) {
      // The tick comes with the contract: the contract's own reason says it all.
      return;
    } else {
      field = `legs.${index}.${name}`;
    }
  } else if (path === 'connectionId' && draft.connectionId === '') {
    reason = 'choose a gateway';
  }
  if (errors[field] === undefined) errors[field] = reason;
}

/**
 * Text to number; empty is null, anything not numeric is NaN: the schema refuses both, so an
 * emptied box says "required" rather than quietly taking the schema's default.
 */
function numberFrom(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}
