import { describe, expect, it } from 'vitest';
import { aggregatorDefinitionSchema } from '../../src-shared/ipc/contract';
import { IpcError } from '../../src-shared/ipc/protocol';
import {
  addLeg,
  blankDraft,
  checkDraft,
  chooseContract,
  describeErrors,
  draftFromDefinition,
  editLeg,
  errorsFromMain,
  maxLegs,
  moveLeg,
  removeLeg,
  type DefinitionDraft,
} from './definitionForm';

const ice = { exchange: 'ICE', symbol: 'BRNF7', tickSize: '0.01' };
const cme = { exchange: 'CME', symbol: 'BZF7', tickSize: '0.05' };

/** Brent over ICE and CME, as a trader fills the form in. */
function brentDraft(): DefinitionDraft {
  let draft = blankDraft('embedded');
  draft = { ...draft, name: 'Brent', algoId: '4242' };
  draft = chooseContract(draft, 0, ice);
  draft = chooseContract(draft, 1, cme);
  return draft;
}

function errorsOf(draft: DefinitionDraft, takenNames: readonly string[] = []): Record<string, string> {
  const check = checkDraft(draft, takenNames);
  return check.ok ? {} : { ...check.errors };
}

describe('the Aggregator form', () => {
  it('turns a filled-in form into the definition main saves, numbers parsed, defaults as the seed sets them', () => {
    const check = checkDraft(brentDraft());
    expect(check).toEqual({
      ok: true,
      definition: {
        name: 'Brent',
        colour: '#e0a040',
        connectionId: 'embedded',
        algoId: '4242',
        taking: { mode: 'RankRatio', tif: 'DAY' },
        joining: { mode: 'SplitRatio' },
        exchangeDown: 'RouteToAvailable',
        rebalance: { enabled: false, timerMs: 1 },
        tickOverride: null,
        legs: [
          { exchange: 'ICE', symbol: 'BRNF7', alias: 'ICE', ratio: 1, priceOffset: '0', multiplier: '1', takingSplitRatio: 1, joiningSplitRatio: 1, rebalancePercent: 100, minTick: '0.01', legColour: '#3d8bfd' },
          { exchange: 'CME', symbol: 'BZF7', alias: 'CME', ratio: 1, priceOffset: '0', multiplier: '1', takingSplitRatio: 1, joiningSplitRatio: 1, rebalancePercent: 100, minTick: '0.05', legColour: '#e8a33c' },
        ],
      },
    });
  });

  it('names every missing field of a blank form, a contract not yet chosen once (not its tick too)', () => {
    expect(errorsOf(blankDraft(''))).toEqual({
      name: 'required',
      connectionId: 'choose a gateway',
      algoId: 'a whole number from 0 to 16777215',
      'legs.0.contract': 'choose a contract',
      'legs.0.alias': 'required',
      'legs.1.contract': 'choose a contract',
      'legs.1.alias': 'required',
    });
  });

  it('gives the schema’s reason next to each leg field, by the leg’s place in the table', () => {
    let draft = brentDraft();
    draft = editLeg(draft, 0, 'ratio', '0');
    draft = editLeg(draft, 0, 'multiplier', '1/0');
    draft = editLeg(draft, 1, 'priceOffset', '1.2345');
    draft = editLeg(draft, 1, 'rebalancePercent', '');
    draft = editLeg(draft, 1, 'takingSplitRatio', 'two');
    expect(errorsOf(draft)).toEqual({
      'legs.0.ratio': 'at least 1',
      'legs.0.multiplier': 'above zero',
      'legs.1.priceOffset': 'ticks with up to three decimals, such as -1.5',
      'legs.1.rebalancePercent': 'required',
      'legs.1.takingSplitRatio': 'a number',
    });
  });

  it('checks the settings: rebalance timer, tick override only when ticked, algo ID range', () => {
    const draft = brentDraft();
    expect(errorsOf({ ...draft, rebalanceEnabled: true, rebalanceTimerMs: '1.5' })).toEqual({ 'rebalance.timerMs': 'whole milliseconds' });
    // An emptied box is not quietly the schema's default.
    expect(errorsOf({ ...draft, rebalanceTimerMs: ' ' })).toEqual({ 'rebalance.timerMs': 'required' });
    expect(errorsOf({ ...draft, tickOverrideOn: false, tickOverride: 'junk' })).toEqual({});
    expect(errorsOf({ ...draft, tickOverrideOn: true, tickOverride: '0' })).toEqual({ tickOverride: 'above zero' });
    const check = checkDraft({ ...draft, tickOverrideOn: true, tickOverride: ' 1/20 ' });
    expect(check.ok && check.definition.tickOverride).toBe('1/20');
    expect(errorsOf({ ...draft, algoId: '16777216' })).toEqual({ algoId: 'at most 16777215' });
  });

  it('shows the rules between legs: the same contract twice, the same alias twice, split ratios all zero', () => {
    const twice = chooseContract(brentDraft(), 1, ice);
    expect(twice.legs[1]!.alias).toBe('BRNF7');
    expect(errorsOf(twice)).toEqual({ 'legs.1.contract': 'the same contract as leg 1' });
    expect(errorsOf(editLeg(brentDraft(), 1, 'alias', 'ICE'))).toEqual({ 'legs.1.alias': 'the same alias as leg 1' });
    let zero: DefinitionDraft = { ...brentDraft(), takingMode: 'SplitRatio' };
    zero = editLeg(editLeg(zero, 0, 'takingSplitRatio', '0'), 1, 'takingSplitRatio', '0');
    expect(errorsOf(zero)).toEqual({ 'legs.0.takingSplitRatio': 'at least one leg needs a taking split ratio above 0' });
    expect(errorsOf({ ...zero, takingMode: 'RankRatio' })).toEqual({});
  });

  it('refuses a name another aggregated instrument has, whatever the case', () => {
    expect(errorsOf(brentDraft(), ['Gold', 'BRENT'])).toEqual({ name: 'another aggregated instrument has this name' });
    expect(errorsOf(brentDraft(), ['Gold'])).toEqual({});
  });

  it('adds up to eight legs in distinct colours, removes and reorders them, what was typed moving with its leg', () => {
    let draft = brentDraft();
    draft = editLeg(draft, 1, 'ratio', '3');
    draft = moveLeg(draft, 1, -1);
    expect(draft.legs.map((leg) => [leg.symbol, leg.ratio])).toEqual([
      ['BZF7', '3'],
      ['BRNF7', '1'],
    ]);
    expect(moveLeg(draft, 0, -1)).toBe(draft);
    expect(moveLeg(draft, 1, 1)).toBe(draft);
    const check = checkDraft(draft);
    expect(check.ok && check.definition.legs.map((leg) => leg.symbol)).toEqual(['BZF7', 'BRNF7']);

    for (let i = 0; i < 10; i++) draft = addLeg(draft);
    expect(draft.legs).toHaveLength(maxLegs);
    expect(new Set(draft.legs.map((leg) => leg.legColour)).size).toBe(maxLegs);
    expect(new Set(draft.legs.map((leg) => leg.key)).size).toBe(maxLegs);
    const removed = removeLeg(removeLeg(draft, 2), 2);
    expect(removed.legs).toHaveLength(6);
    expect(errorsOf(removeLeg(brentDraft(), 0))).toEqual({ legs: 'at least two legs' });
  });

  it('keeps an alias the trader typed when the contract changes, and replaces one it chose itself', () => {
    const typed = chooseContract(editLeg(brentDraft(), 0, 'alias', 'Brent ICE'), 0, { exchange: 'ICE', symbol: 'BRNG7', tickSize: '0.01' });
    expect(typed.legs[0]).toMatchObject({ symbol: 'BRNG7', alias: 'Brent ICE', minTick: '0.01' });
    const automatic = chooseContract(brentDraft(), 1, { exchange: 'EUREX', symbol: 'FBRN', tickSize: '0.02' });
    expect(automatic.legs[1]).toMatchObject({ exchange: 'EUREX', alias: 'EUREX', minTick: '0.02' });
  });

  it('edits a saved definition: the form shows it as saved and checks back to the same definition', () => {
    const check = checkDraft(brentDraft());
    if (!check.ok) throw new Error('the Brent draft should be valid');
    const saved = aggregatorDefinitionSchema.parse({
      ...check.definition,
      id: 'a-1',
      taking: { mode: 'SizeRatio', tif: 'IOC' },
      rebalance: { enabled: true, timerMs: 250 },
      tickOverride: '0.05',
    });
    const draft = draftFromDefinition(saved);
    expect(draft).toMatchObject({ id: 'a-1', takingMode: 'SizeRatio', takingTif: 'IOC', rebalanceTimerMs: '250', tickOverrideOn: true, tickOverride: '0.05' });
    expect(checkDraft(draft, ['Gold'])).toEqual({ ok: true, definition: saved });
  });

  it('places main’s refusal: field issues next to their fields, a refusal with no field above the form as main said it', () => {
    const draft = brentDraft();
    const invalid = new IpcError({
      code: 'InvalidPayload',
      message: "Invalid payload for 'aggregator.save': legs.1.symbol: the same contract as leg 1; algoId: at most 16777215",
      issues: [
        { path: 'legs.1.symbol', message: 'the same contract as leg 1' },
        { path: 'algoId', message: 'at most 16777215' },
      ],
    });
    expect(errorsFromMain(invalid, draft)).toEqual({ fields: { 'legs.1.contract': 'the same contract as leg 1', algoId: 'at most 16777215' }, general: null });
    const inUse = new IpcError({ code: 'Refused', message: 'Cannot change Brent: 2 child orders are working on ICE BRNF7' });
    expect(errorsFromMain(inUse, draft)).toEqual({ fields: {}, general: 'Cannot change Brent: 2 child orders are working on ICE BRNF7' });
  });

  it('lists the reasons in the order of the form, labelled for the summary beside Save', () => {
    expect(describeErrors({ 'legs.1.ratio': 'at least 1', algoId: 'required', 'legs.0.contract': 'choose a contract', name: 'required' })).toEqual([
      'Name: required',
      'Algo ID: required',
      'Leg 1 contract: choose a contract',
      'Leg 2 ratio: at least 1',
    ]);
  });
});
