import { describe, expect, it } from 'vitest';
import { IpcClient } from '../../../src-shared/ipc/client';
import type { ClientMessage } from '../../../src-shared/ipc/protocol';
import { aggregatedDesk } from './aggregatedDesk';

const calls = (sent: ClientMessage[]) => sent.flatMap((m) => (m.t === 'call' ? [{ method: m.method, payload: m.payload }] : []));

describe('aggregatedDesk', () => {
  it('sends parent orders, cancels and moves them by their keys', () => {
    const sent: ClientMessage[] = [];
    const client = new IpcClient((message) => sent.push(message));
    const desk = aggregatedDesk(client, { id: 'brent', name: 'Brent' }, () => []);
    expect(desk.name).toBe('Brent');
    expect(desk.flatten).toBeUndefined();
    void desk.submit({ trader: 'trader1', account: '11111', side: 'buy', quantity: 8, price: '75.00' });
    void desk.cancel('A-1');
    void desk.move('A-2', '74.99');
    expect(calls(sent)).toEqual([
      { method: 'aggregator.submit', payload: { definitionId: 'brent', trader: 'trader1', account: '11111', side: 'buy', quantity: 8, price: '75.00' } },
      { method: 'aggregator.cancel', payload: { key: 'A-1' } },
      { method: 'aggregator.replace', payload: { key: 'A-2', price: '74.99' } },
    ]);
  });

  it('cancel-all cancels the owner’s working parents of this instrument, and says when some were refused', async () => {
    const sent: ClientMessage[] = [];
    const client = new IpcClient((message) => sent.push(message));
    const asked: unknown[] = [];
    const desk = aggregatedDesk(client, { id: 'brent', name: 'Brent' }, (owner) => {
      asked.push(owner);
      return ['A-1', 'A-2'];
    });
    const done = desk.cancelAll({ trader: 'trader1', account: '11111' });
    expect(asked).toEqual([{ trader: 'trader1', account: '11111' }]);
    expect(calls(sent)).toEqual([
      { method: 'aggregator.cancel', payload: { key: 'A-1' } },
      { method: 'aggregator.cancel', payload: { key: 'A-2' } },
    ]);
    client.receive({ t: 'result', id: 1, value: {} });
    client.receive({ t: 'error', id: 2, error: { code: 'Refused', message: 'No parent order A-2' } });
    await expect(done).rejects.toThrow('1 of 2 refused: No parent order A-2');
  });
});
