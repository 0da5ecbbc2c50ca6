import { describe, expect, it } from 'vitest';
import { commonTickOf } from './commonTick';
import { blankDraft, chooseContract, editLeg, type DefinitionDraft } from './definitionForm';

function brent(): DefinitionDraft {
  return chooseContract(chooseContract(blankDraft('embedded'), 0, { exchange: 'ICE', symbol: 'BRNF7', tickSize: '0.01' }), 1, { exchange: 'CME', symbol: 'BZF7', tickSize: '0.05' });
}

describe('the common tick beside the override', () => {
  it('waits for every leg to have a contract', () => {
    expect(commonTickOf(blankDraft('embedded'))).toEqual({ kind: 'incomplete' });
  });

  it('is the largest tick both Brent legs lie on, moved by multipliers and offsets', () => {
    expect(commonTickOf(brent())).toEqual({ kind: 'priced', computed: '0.01', from: null, betweenRows: false });
    // CME at half its price ticks in 0.025; ICE's 0.01 with it: 0.005.
    expect(commonTickOf(editLeg(brent(), 1, 'multiplier', '1/2'))).toMatchObject({ computed: '0.005' });
    // Half an ICE tick of offset on both legs keeps the tick and shifts the rows.
    const shifted = editLeg(editLeg(brent(), 0, 'priceOffset', '0.5'), 1, 'priceOffset', '0.1');
    expect(commonTickOf(shifted)).toEqual({ kind: 'priced', computed: '0.01', from: '0.005', betweenRows: false });
  });

  it('says when an override puts leg prices between its rows', () => {
    expect(commonTickOf({ ...brent(), tickOverrideOn: true, tickOverride: '0.05' })).toMatchObject({ computed: '0.01', betweenRows: true });
    expect(commonTickOf({ ...brent(), tickOverrideOn: true, tickOverride: '0.005' })).toMatchObject({ betweenRows: false });
    expect(commonTickOf({ ...brent(), tickOverrideOn: false, tickOverride: '0.05' })).toMatchObject({ betweenRows: false });
  });

  it('gives the core’s reason for a value it cannot price with, naming the leg', () => {
    const check = commonTickOf(editLeg(brent(), 1, 'multiplier', '1/0'));
    expect(check.kind).toBe('unpriceable');
    expect(check.kind === 'unpriceable' && check.reason).toMatch(/^leg 2: /);
  });
});
