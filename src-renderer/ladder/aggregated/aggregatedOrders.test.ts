import { describe, expect, it } from 'vitest';
import { AggregatedLattice } from '../../../src-shared/aggregator';
import { aggregatorDefinitionSchema, type OrderView, type ParentOrderView } from '../../../src-shared/ipc/contract';
import { latticeScale } from '../PriceScale';
import { aggregatedOrders, lotsOf, workingParentKeys } from './aggregatedOrders';

// Brent over ICE (0.01) and CME (0.05, one CME tick above ICE: offset 1): a CME price of 74.95
// is the aggregated 75.00.
const definition = aggregatorDefinitionSchema.parse({
  id: 'brent',
  name: 'Brent',
  colour: '#e0a040',
  connectionId: 'embedded',
  algoId: '4242',
  taking: {},
  joining: {},
  rebalance: {},
  legs: [
    { exchange: 'ICE', symbol: 'BRNF7', alias: 'ICE', ratio: 1, minTick: '0.01', legColour: '#3fa7ff' },
    { exchange: 'CME', symbol: 'BZF7', alias: 'CME', ratio: 1, minTick: '0.05', priceOffset: '1', legColour: '#ff5f5f' },
  ],
});
const lattice = AggregatedLattice.of(definition);
const scale = latticeScale(lattice);

function parent(fields: Partial<ParentOrderView>): ParentOrderView {
  return {
    key: 'p1', definitionId: 'brent', instrument: 'Brent', colour: '#e0a040', connectionId: 'embedded', trader: 'trader1', account: '11111',
    side: 'buy', quantity: 8, price: '75.00', status: 'working', filled: '0', working: '0', averagePrice: null, text: '', legs: [], children: [], updatedAt: 0,
    ...fields,
  };
}

function child(key: string, fields: Partial<OrderView>): OrderView {
  return {
    key, clOrdId: key, orderId: null, connectionId: 'embedded', trader: 'trader1', account: '11111', exchange: 'ICE', symbol: 'BRNF7', side: 'buy',
    type: 'limit', tif: 'day', quantity: 1, price: '75.00', stopPrice: null, filled: 0, leaves: 1, avgPrice: null, status: 'Working', text: '', algoId: '4242', updatedAt: 0,
    ...fields,
  };
}

const children = new Map<string, OrderView>([
  ['c1', child('c1', { quantity: 2, filled: 2, leaves: 0, status: 'Filled' })],
  ['c3', child('c3', { quantity: 2, leaves: 2 })],
  ['c4', child('c4', { exchange: 'CME', symbol: 'BZF7', price: '74.95', quantity: 1, leaves: 1 })],
  ['c5', child('c5', { side: 'sell', price: '75.12', quantity: 2, leaves: 2 })],
  ['c6', child('c6', { side: 'sell', exchange: 'CME', symbol: 'BZF7', price: '75.05', leaves: 1, status: 'PendingCancel' })],
]);

const owner = { trader: 'Trader1', account: '11111' };

describe('aggregatedOrders', () => {
  it('puts a working parent at its limit row with its working lots and colour band, its resting children in leg colours on their rows', () => {
    const working = aggregatedOrders({
      definition,
      lattice,
      scale,
      owner,
      parents: [
        parent({ key: 'p1', filled: '5', working: '3', children: [{ key: 'c1', legIndex: 0 }, { key: 'c3', legIndex: 0 }, { key: 'c4', legIndex: 1 }] }),
        // A sell whose child rests above its limit: the child's row acts on it too.
        parent({ key: 'p2', side: 'sell', quantity: 2, price: '75.10', working: '2', children: [{ key: 'c5', legIndex: 0 }] }),
      ],
      order: (key) => children.get(key),
    });
    expect(working.at('buy', 7500)).toMatchObject({
      quantity: 3,
      keys: ['p1'],
      pending: false,
      band: '#e0a040',
      legs: [
        { alias: 'ICE', colour: '#3fa7ff', quantity: 2, price: '75.00' },
        { alias: 'CME', colour: '#ff5f5f', quantity: 1, price: '74.95' },
      ],
      title: 'Brent buy 8 @ 75.00: working 3, filled 5',
    });
    expect(working.at('sell', 7510)).toMatchObject({ quantity: 2, keys: ['p2'], band: '#e0a040' });
    expect(working.at('sell', 7512)).toMatchObject({ quantity: 0, keys: ['p2'], legs: [{ alias: 'ICE', quantity: 2, price: '75.12' }], title: 'Brent sell @ 75.10: ICE child 2 @ 75.12' });
    expect(working.at('sell', 7512)?.band).toBeUndefined();
    expect([...working.buys.keys()]).toEqual([7500]);
  });

  it('leaves out other traders, accounts and instruments, and parents that are done; a cancelling parent is pending', () => {
    const working = aggregatedOrders({
      definition,
      lattice,
      scale,
      owner,
      parents: [
        parent({ key: 'other-trader', trader: 'trader2' }),
        parent({ key: 'other-account', account: '22222' }),
        parent({ key: 'other-instrument', definitionId: 'wti' }),
        parent({ key: 'filled', status: 'filled', filled: '8' }),
        parent({ key: 'cancelled', status: 'cancelled' }),
        parent({ key: 'off-lattice', price: '75.005' }),
        parent({ key: 'going', side: 'sell', price: '75.05', working: '1', status: 'cancelling', children: [{ key: 'c6', legIndex: 1 }] }),
      ],
      order: (key) => children.get(key),
    });
    expect(working.buys.size).toBe(0);
    // The CME sell at 75.05 is the aggregated 75.10: the child on its own row, the parent at its limit.
    expect(working.at('sell', 7505)).toMatchObject({ quantity: 1, keys: ['going'], pending: true, title: 'Brent sell 8 @ 75.05: working 1, filled 0 (cancelling)' });
    expect(working.at('sell', 7510)).toMatchObject({ quantity: 0, keys: ['going'], legs: [{ alias: 'CME', quantity: 1, price: '75.05' }] });
  });

  it('gives cancel-all the owner’s working and paused parents of this instrument only', () => {
    const parents = [
      parent({ key: 'working' }),
      parent({ key: 'paused', status: 'paused' }),
      parent({ key: 'cancelling', status: 'cancelling' }),
      parent({ key: 'filled', status: 'filled' }),
      parent({ key: 'other-account', account: '22222' }),
      parent({ key: 'other-trader', trader: 'trader2' }),
      parent({ key: 'other-instrument', definitionId: 'wti' }),
    ];
    expect(workingParentKeys(parents, 'brent', owner)).toEqual(['working', 'paused']);
    expect(workingParentKeys(parents, 'brent', { trader: 'TRADER1', account: '' })).toEqual(['working', 'paused', 'other-account']);
  });

  it('reads main’s exact lots for the cell', () => {
    expect(lotsOf('3')).toBe(3);
    expect(lotsOf('1.5')).toBe(1.5);
    expect(lotsOf('1 1/3')).toBe(1.333);
    expect(lotsOf('2/3')).toBe(0.666);
  });
});
