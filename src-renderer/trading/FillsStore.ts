import type { IpcClient } from '../../src-shared/ipc/client';
import type { FillView } from '../../src-shared/ipc/contract';
import type { StreamFeed } from './OrdersStore';

export interface FillsChange {
  readonly reset: boolean;
  /** Fills new to this store, in arrival order. */
  readonly fills: readonly FillView[];
}

/** Today's fills from main's `fills` stream, each once (by ExecID) however often it is sent. */
export class FillsStore {
  private readonly byExecId = new Map<string, FillView>();
  private readonly listeners = new Set<(change: FillsChange) => void>();
  private state: StreamFeed = { kind: 'waiting' };
  private changes = 0;

  get version(): number {
    return this.changes;
  }

  get feed(): StreamFeed {
    return this.state;
  }

  get size(): number {
    return this.byExecId.size;
  }

  all(): IterableIterator<FillView> {
    return this.byExecId.values();
  }

  apply(reset: boolean, fills: readonly FillView[]): void {
    if (reset) this.byExecId.clear();
    const added: FillView[] = [];
    for (const fill of fills) {
      if (this.byExecId.has(fill.execId)) continue;
      this.byExecId.set(fill.execId, fill);
      added.push(fill);
    }
    this.state = { kind: 'live' };
    this.changes++;
    for (const listener of this.listeners) listener({ reset, fills: added });
  }

  end(reason: string): void {
    this.state = { kind: 'ended', reason };
    this.changes++;
    for (const listener of this.listeners) listener({ reset: false, fills: [] });
  }

  onChange(listener: (change: FillsChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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
