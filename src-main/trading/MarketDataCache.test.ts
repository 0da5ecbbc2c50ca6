import { describe, expect, it } from 'vitest';
import { TickSize } from '../../src-shared/pricing';
import { MarketDataCache, type MarketDataRequestOut } from './MarketDataCache';

const tick = TickSize.parse('0.25');

function cache(options: { loggedOn?: boolean } = {}) {
  const sent: MarketDataRequestOut[] = [];
  const changes: string[] = [];
  const md = new MarketDataCache({
    send: (request) => {
      sent.push(request);
      return true;
    },
    tickOf: (_exchange, symbol) => (symbol === 'ESZ6' ? tick : undefined),
    onChange: (_exchange, symbol) => changes.push(symbol),
    silentAfterMs: 3000,
    probeTimeoutMs: 2000,
  });
  if (options.loggedOn !== false) md.logon(0);
  return { md, sent, changes };
}

const bid = (price: string, size: number) => ({ type: '0', price, size, orders: 1 });
const inc = (rptSeq: number, price: string, size: number) => ({ action: '1', type: '0', price, size, orders: 1, rptSeq, exchange: 'CME', symbol: 'ESZ6' });

describe('MarketDataCache', () => {
  it('subscribes what is watched, is stale until the snapshot, then live', () => {
    const { md, sent } = cache();
    md.watch('CME', 'ESZ6', 0);
    expect(sent).toEqual([{ mdReqId: 'MD1', kind: 'subscribe', exchange: 'CME', symbol: 'ESZ6' }]);
    expect(md.health('CME', 'ESZ6')).toEqual({ state: 'stale', reason: 'Waiting for the first snapshot of ESZ6' });
    expect(md.summary().state).toBe('stale');
    md.snapshot('MD1', 'CME', 'ESZ6', 5, [bid('5000.00', 3)], 10);
    expect(md.health('CME', 'ESZ6')).toEqual({ state: 'live' });
    expect(md.summary()).toEqual({ state: 'live' });
  });

  it('on a RptSeq gap asks for a fresh snapshot once, is stale meanwhile, and resumes from the snapshot', () => {
    const { md, sent } = cache();
    md.watch('CME', 'ESZ6', 0);
    md.snapshot('MD1', 'CME', 'ESZ6', 5, [bid('5000.00', 3)], 10);
    md.increment([inc(6, '5000.00', 4)], 20);
    md.increment([inc(8, '5000.00', 9)], 30);
    expect(md.health('CME', 'ESZ6')).toEqual({ state: 'stale', reason: 'RptSeq gap on ESZ6: repairing with a fresh snapshot' });
    md.increment([inc(9, '5000.00', 10)], 40);
    expect(sent.map((r) => r.kind)).toEqual(['subscribe', 'snapshot']);
    md.snapshot(sent[1]!.mdReqId, 'CME', 'ESZ6', 9, [bid('5000.00', 10), bid('4999.75', 1)], 50);
    md.increment([inc(9, '5000.00', 77)], 60);
    md.increment([inc(10, '4999.75', 2)], 70);
    expect(md.health('CME', 'ESZ6')).toEqual({ state: 'live' });
    expect(md.book('CME', 'ESZ6')!.view(false).bids).toEqual([20000, 10, 1, 19999, 2, 1]);
  });

  it('tells a quiet market from a dead feed: a silent instrument is probed; an answer keeps it live, none makes it stale', () => {
    const { md, sent } = cache();
    md.watch('CME', 'ESZ6', 0);
    md.snapshot('MD1', 'CME', 'ESZ6', 5, [bid('5000.00', 3)], 0);
    md.tick(2999);
    expect(sent).toHaveLength(1);
    md.tick(3000);
    expect(sent.at(-1)!.kind).toBe('snapshot');
    // Quiet market: the gateway answers with the same book.
    md.snapshot(sent.at(-1)!.mdReqId, 'CME', 'ESZ6', 5, [bid('5000.00', 3)], 3100);
    expect(md.health('CME', 'ESZ6')!.state).toBe('live');
    // Dead feed: the probe goes unanswered.
    md.tick(6100);
    md.tick(8099);
    expect(md.health('CME', 'ESZ6')!.state).toBe('live');
    md.tick(8100);
    expect(md.health('CME', 'ESZ6')).toEqual({ state: 'stale', reason: 'No market data for ESZ6 on CME for 5 s' });
    expect(sent.filter((r) => r.kind === 'snapshot')).toHaveLength(3);
    // Data again: live.
    md.increment([inc(6, '5000.00', 4)], 9000);
    expect(md.health('CME', 'ESZ6')!.state).toBe('live');
  });

  it('resubscribes everything at every logon and is offline in between', () => {
    const { md, sent } = cache({ loggedOn: false });
    md.watch('CME', 'ESZ6', 0);
    expect(sent).toEqual([]);
    md.logon(1);
    md.snapshot('MD1', 'CME', 'ESZ6', 5, [bid('5000.00', 3)], 2);
    md.logout();
    expect(md.health('CME', 'ESZ6')).toEqual({ state: 'stale', reason: 'Not logged on' });
    md.tick(100_000);
    expect(sent).toHaveLength(1);
    md.logon(100_001);
    expect(sent.map((r) => r.mdReqId)).toEqual(['MD1', 'MD2']);
    // Increments before the new snapshot are not applied to the old book.
    md.increment([inc(6, '5000.00', 4)], 100_002);
    expect(md.health('CME', 'ESZ6')!.state).toBe('stale');
  });

  it('waits for an instrument not in the list yet, and reports a refused request', () => {
    const { md, sent } = cache();
    md.watch('ICE', 'BRNF7', 0);
    expect(md.health('ICE', 'BRNF7')).toEqual({ state: 'stale', reason: 'BRNF7 on ICE is not in the instrument list (yet)' });
    expect(sent).toEqual([]);
    md.watch('CME', 'ESZ6', 0);
    md.rejected('MD1', 'Unknown symbol ESZ6 on CME');
    expect(md.health('CME', 'ESZ6')).toEqual({ state: 'stale', reason: 'Market data refused: Unknown symbol ESZ6 on CME' });
    // Neither says anything about the feed itself.
    expect(md.summary()).toEqual({ state: 'none' });
  });

  it('has no market data to speak of when nothing is watched', () => {
    expect(cache().md.summary()).toEqual({ state: 'none' });
  });
});
