import type { IpcClient } from '../../src-shared/ipc/client';
import type { FillView } from '../../src-shared/ipc/contract';
import { KeyedStreamStore } from './KeyedStreamStore';

export interface FillsChange {
  readonly reset: boolean;
  /** Fills new to this store, in arrival order. */
  readonly fills: readonly FillView[];
}

/** Today's fills from main's `fills` stream, each once (by ExecID) however often it is sent. */
export class FillsStore extends KeyedStreamStore<FillView, FillsChange> {
  protected keyOf(fill: FillView): string {
    return fill.execId;
  }

  protected emptyChange(): FillsChange {
    return { reset: false, fills: [] };
  }

  apply(reset: boolean, fills: readonly FillView[]): void {
    this.live({ reset, fills: this.store(reset, fills, true) });
  }
}

export function followFills(client: IpcClient, store: FillsStore): () => void {
  return client.subscribe(
    'fills',
    {},
    (event) => store.apply(event.reset, event.fills),
    (error) => store.end(error?.message ?? 'main closed the fills stream'),
  );
}
