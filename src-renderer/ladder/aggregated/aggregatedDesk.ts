import type { IpcClient } from '../../../src-shared/ipc/client';
import type { LadderDesk, LadderOwner } from '../LadderDesk';

/**
 * An aggregated instrument's ladder: every order is a parent routed over the legs by main's
 * Aggregator (SPEC §6); cancel and move act on parents. Cancel-all takes down the owner's
 * working parents of this instrument only (`workingParents`), never their other orders.
 * There is no flatten: the position is held in the legs.
 */
export function aggregatedDesk(client: IpcClient, definition: { readonly id: string; readonly name: string }, workingParents: (owner: LadderOwner) => readonly string[]): LadderDesk {
  return {
    name: definition.name,
    submit: ({ trader, account, side, quantity, price }) => client.call('aggregator.submit', { definitionId: definition.id, trader, account, side, quantity, price }),
    cancel: (key) => client.call('aggregator.cancel', { key }),
    move: (key, price) => client.call('aggregator.replace', { key, price }),
    cancelAll: async (owner) => {
      const keys = workingParents(owner);
      const results = await Promise.allSettled(keys.map((key) => client.call('aggregator.cancel', { key })));
      const refused = results.flatMap((result) => (result.status === 'rejected' ? [result.reason instanceof Error ? result.reason.message : String(result.reason)] : []));
      if (refused.length > 0) throw new Error(`${refused.length} of ${keys.length} refused: ${refused[0]}`);
      return { count: keys.length };
    },
  };
}
