import type { IpcClient } from '../../src-shared/ipc/client';
import type { Side } from './LadderDriver';

/** Who sends: the active trader and the account orders go to. */
export interface LadderOwner {
  readonly trader: string;
  readonly account: string;
}

/**
 * Where a ladder's orders go, in main's words: a contract's limit orders (`orders.*`) or an
 * aggregated instrument's parent orders (`aggregator.*`). The ladder's checks (blocked, quantity,
 * price guard, confirm mode) come before any of these.
 */
export interface LadderDesk {
  /** What titles and messages call the traded thing: the contract's symbol or the aggregated instrument's name. */
  readonly name: string;
  submit(order: LadderOwner & { readonly side: Side; readonly quantity: number; readonly price: string }): Promise<unknown>;
  cancel(key: string): Promise<unknown>;
  /** A working order to a new price, its quantity kept. */
  move(key: string, price: string): Promise<unknown>;
  /** The owner's working orders here; how many are being cancelled. */
  cancelAll(owner: LadderOwner): Promise<{ count: number }>;
  /** Closes the owner's position here (null: there was none); absent where there is no single position. */
  flatten?(owner: LadderOwner): Promise<{ key: string | null }>;
}

export interface ContractTerms {
  readonly connectionId: string;
  readonly exchange: string;
  readonly symbol: string;
}

/** A contract's ladder: DAY limit orders on the contract. */
export function contractDesk(client: IpcClient, contract: ContractTerms): LadderDesk {
  const { connectionId, exchange, symbol } = contract;
  return {
    name: symbol,
    submit: ({ trader, account, side, quantity, price }) => client.call('orders.submit', { connectionId, trader, account, exchange, symbol, side, type: 'limit', tif: 'day', quantity, price }),
    cancel: (key) => client.call('orders.cancel', { key }),
    move: (key, price) => client.call('orders.replace', { key, price }),
    cancelAll: ({ trader, account }) => client.call('orders.cancelAll', { trader, connectionId, exchange, symbol, ...(account === '' ? {} : { account }) }),
    flatten: ({ trader, account }) => client.call('orders.flatten', { connectionId, trader, account, exchange, symbol }),
  };
}
