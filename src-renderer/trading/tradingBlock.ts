import type { BookView, ConnectionView } from '../../src-shared/ipc/contract';
import type { TradingSelection } from './selectionStore';

/** What decides whether a ladder may send orders now. */
export interface TradingConditions {
  /** Why the link to main is gone, or null. */
  readonly linkLost: string | null;
  readonly selection: TradingSelection;
  /** The connection the ladder's instrument trades on (undefined: not in main's list). */
  readonly connection: ConnectionView | undefined;
  /** The ladder's instrument, or null before one is chosen. */
  readonly instrument: { readonly connectionId: string; readonly symbol: string } | null;
  readonly book: BookView | null;
  /** Why the book stream ended, or null while it runs. */
  readonly bookEnded: string | null;
}

/**
 * Why trading is blocked, in words for the trader, or null when orders may go out. Checked on
 * every click, and shown on the ladder whenever it is not null (SPEC §5, issue 5). Cancels
 * need only a logged-on trader: stale market data must never keep a trader from pulling orders.
 */
export function tradingBlock(c: TradingConditions, purpose: 'order' | 'cancel' = 'order'): string | null {
  if (c.linkLost !== null) return `Disconnected from main: ${c.linkLost}`;
  if (c.instrument === null) return 'Choose an instrument';
  const connection = c.connection;
  if (!connection) return 'The gateway connection of this ladder no longer exists';
  const gateway = connection.settings.name;
  if (connection.state === 'disconnected' || connection.state === 'connecting') {
    // The detail often opens with the state itself ("Disconnected: connection reset"): say it once.
    const detail = connection.detail.replace(new RegExp(`^${connection.state}[:,]?\\s*`, 'i'), '');
    return `${gateway} is ${connection.state}${detail ? `: ${detail}` : ''}`;
  }
  if (connection.loggedOnAs === null) return `Not logged on to ${gateway}`;
  const trader = c.selection.trader;
  if (trader === null || c.selection.connectionId !== c.instrument.connectionId) return `No trader logged on to ${gateway} is active`;
  if (!isTrading(connection, trader)) return `Trader ${trader} is not logged on`;
  if (purpose === 'cancel') return null;
  if (c.selection.account === '') return 'Choose an account';
  if (c.bookEnded !== null) return `No market data: ${c.bookEnded}`;
  if (c.book === null) return `Waiting for the ${c.instrument.symbol} book`;
  if (connection.state === 'stale' || connection.marketData === 'stale' || c.book.stale) return `Market data for ${c.instrument.symbol} is stale`;
  return null;
}

/** Whether `trader` may send on the connection: its master user, or a trader logged on under it. */
export function isTrading(connection: ConnectionView, trader: string): boolean {
  const name = trader.toLowerCase();
  if (connection.loggedOnAs?.toLowerCase() === name) return true;
  return connection.traders.some((t) => t.username.toLowerCase() === name && t.state === 'logged-on');
}
