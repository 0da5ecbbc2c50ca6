import { createStore, type StoreApi } from 'zustand/vanilla';

/** Who trades from this window: the active trader on a connection, and the account orders go to. */
export interface TradingSelection {
  readonly connectionId: string | null;
  readonly trader: string | null;
  readonly account: string;
}

export type SelectionStore = StoreApi<TradingSelection> & {
  /** Makes `trader` on `connectionId` the active trader (its last account is kept). */
  activate(connectionId: string, trader: string): void;
  setAccount(account: string): void;
  /** The active trader logged off: nobody trades until another is chosen. */
  clear(): void;
};

export function createSelectionStore(): SelectionStore {
  const store = createStore<TradingSelection>(() => ({ connectionId: null, trader: null, account: '' }));
  const accounts = new Map<string, string>();
  return Object.assign(store, {
    activate(connectionId: string, trader: string) {
      const current = store.getState();
      if (current.trader !== null) accounts.set(`${current.connectionId}|${current.trader}`, current.account);
      store.setState({ connectionId, trader, account: accounts.get(`${connectionId}|${trader}`) ?? '' });
    },
    setAccount(account: string) {
      store.setState({ account: account.trim() });
    },
    clear() {
      store.setState({ connectionId: null, trader: null, account: '' });
    },
  });
}
