import { describe, expect, it } from 'vitest';
import type { BookView, ConnectionView } from '../../src-shared/ipc/contract';
import { isTrading, tradingBlock, type TradingConditions } from './tradingBlock';

const connection: ConnectionView = {
  id: 'embedded',
  settings: { name: 'Embedded gateway', host: '127.0.0.1', port: 9878, senderCompID: 'Tessera', targetCompID: 'DemoFirm', heartbeatSeconds: 30, tls: false },
  embedded: true,
  state: 'connected',
  detail: 'Logged on',
  since: 0,
  loggedOnAs: 'trader1',
  traders: [
    { username: 'trader1', state: 'logged-on', detail: '', master: true },
    { username: 'trader2', state: 'logged-on', detail: '', master: false },
    { username: 'viewer', state: 'refused', detail: 'No Trading role', master: false },
  ],
  latencyMs: 1,
  marketData: 'live',
};
const book: BookView = { exchange: 'CME', symbol: 'ESZ6', tickSize: '0.25', seq: 1, bids: [24000, 1, 1], asks: [24001, 1, 1], lastTick: null, lastQuantity: 0, volumeAtPrice: [], stale: false };
const ready: TradingConditions = {
  linkLost: null,
  selection: { connectionId: 'embedded', trader: 'trader1', account: '11111' },
  connection,
  instrument: { connectionId: 'embedded', symbol: 'ESZ6' },
  book,
  bookEnded: null,
};

describe('tradingBlock', () => {
  it('lets orders go when connected, logged on, with an account and a live book', () => {
    expect(tradingBlock(ready)).toBeNull();
    expect(tradingBlock({ ...ready, selection: { ...ready.selection, trader: 'TRADER2' } })).toBeNull();
  });

  it('blocks with the reason, the most basic reason first', () => {
    expect(tradingBlock({ ...ready, linkLost: 'main is not reachable', connection: undefined })).toBe('Disconnected from main: main is not reachable');
    expect(tradingBlock({ ...ready, instrument: null })).toBe('Choose an instrument');
    expect(tradingBlock({ ...ready, connection: undefined })).toBe('The gateway connection of this ladder no longer exists');
    expect(tradingBlock({ ...ready, connection: { ...connection, state: 'connecting', detail: 'Connection refused; retrying in 2 s' } })).toBe(
      'Embedded gateway is connecting: Connection refused; retrying in 2 s',
    );
    expect(tradingBlock({ ...ready, connection: { ...connection, state: 'disconnected', detail: '', loggedOnAs: null } })).toBe('Embedded gateway is disconnected');
    expect(tradingBlock({ ...ready, connection: { ...connection, state: 'disconnected', detail: 'Disconnected: connection reset by the gateway', loggedOnAs: null } })).toBe(
      'Embedded gateway is disconnected: connection reset by the gateway',
    );
    expect(tradingBlock({ ...ready, connection: { ...connection, loggedOnAs: null } })).toBe('Not logged on to Embedded gateway');
    expect(tradingBlock({ ...ready, selection: { connectionId: null, trader: null, account: '' } })).toBe('No trader logged on to Embedded gateway is active');
    expect(tradingBlock({ ...ready, selection: { ...ready.selection, connectionId: 'other' } })).toBe('No trader logged on to Embedded gateway is active');
    expect(tradingBlock({ ...ready, selection: { ...ready.selection, trader: 'viewer' } })).toBe('Trader viewer is not logged on');
    expect(tradingBlock({ ...ready, selection: { ...ready.selection, account: '' } })).toBe('Choose an account');
    expect(tradingBlock({ ...ready, bookEnded: 'no such instrument' })).toBe('No market data: no such instrument');
    expect(tradingBlock({ ...ready, book: null })).toBe('Waiting for the ESZ6 book');
  });

  it('blocks while market data is stale, however it is known', () => {
    const stale = 'Market data for ESZ6 is stale';
    expect(tradingBlock({ ...ready, connection: { ...connection, state: 'stale' } })).toBe(stale);
    expect(tradingBlock({ ...ready, connection: { ...connection, marketData: 'stale' } })).toBe(stale);
    expect(tradingBlock({ ...ready, book: { ...book, stale: true } })).toBe(stale);
  });

  it('lets cancels through on stale or missing market data and without an account, never when logged off', () => {
    const stale = { ...ready, book: null, bookEnded: 'feed ended', selection: { ...ready.selection, account: '' }, connection: { ...connection, state: 'stale' as const } };
    expect(tradingBlock(stale, 'cancel')).toBeNull();
    expect(tradingBlock({ ...stale, connection: { ...connection, state: 'disconnected' as const } }, 'cancel')).toMatch(/is disconnected/);
    expect(tradingBlock({ ...stale, selection: { ...ready.selection, trader: 'viewer' } }, 'cancel')).toBe('Trader viewer is not logged on');
  });

  it('knows who may trade on a connection', () => {
    expect(isTrading(connection, 'Trader1')).toBe(true);
    expect(isTrading(connection, 'trader2')).toBe(true);
    expect(isTrading(connection, 'viewer')).toBe(false);
    expect(isTrading(connection, 'nobody')).toBe(false);
  });
});
