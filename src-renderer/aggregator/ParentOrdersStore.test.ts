import { describe, expect, it } from 'vitest';
import type { ParentOrderView } from '../../src-shared/ipc/contract';
import { ParentOrdersStore } from './ParentOrdersStore';

function parent(key: string, children: string[], fields: Partial<ParentOrderView> = {}): ParentOrderView {
  return {
    key, definitionId: 'brent', instrument: 'Brent', colour: '#e0a040', connectionId: 'embedded', trader: 'trader1', account: '11111',
    side: 'buy', quantity: 4, price: '75.00', status: 'working', filled: '0', working: '4', averagePrice: null, text: '', legs: [],
    children: children.map((child, legIndex) => ({ key: child, legIndex })), updatedAt: 0, ...fields,
  };
}

describe('ParentOrdersStore', () => {
  it('keeps the newest view of each parent and knows each child’s parent; a reset starts again', () => {
    const store = new ParentOrdersStore();
    const seen: number[] = [];
    store.onChange((change) => seen.push(change.parents.length));
    expect(store.feed.kind).toBe('waiting');
    store.apply({ reset: true, parents: [parent('A-1', ['c1'])] });
    store.apply({ reset: false, parents: [parent('A-1', ['c1', 'c2'], { working: '2' }), parent('A-2', ['c3'])] });
    expect(store.feed.kind).toBe('live');
    expect(store.get('A-1')?.working).toBe('2');
    expect(store.parentOf('c2')?.key).toBe('A-1');
    expect(store.parentOf('c3')?.key).toBe('A-2');
    expect(store.parentOf('manual')).toBeUndefined();
    store.apply({ reset: true, parents: [parent('A-2', ['c3'])] });
    expect([...store.all()].map((p) => p.key)).toEqual(['A-2']);
    expect(store.parentOf('c1')).toBeUndefined();
    store.end('main closed the parent orders stream');
    expect(store.feed).toEqual({ kind: 'ended', reason: 'main closed the parent orders stream' });
    expect(seen).toEqual([1, 2, 1, 0]);
    expect(store.version).toBe(4);
  });
});
