import type { GridApi } from 'ag-grid-community';
import type { FillView } from '../../src-shared/ipc/contract';
import type { FillsStore } from '../trading/FillsStore';

/** Streams today's fills into a grid: the whole day on a reset, then each new fill as an async add. */
export class FillsGridFeed {
  private stop: (() => void) | null = null;

  constructor(private readonly store: FillsStore) {}

  attach(api: GridApi<FillView>): void {
    this.detach();
    api.setGridOption('rowData', [...this.store.all()]);
    this.stop = this.store.onChange((change) => {
      if (change.reset) api.setGridOption('rowData', [...this.store.all()]);
      else if (change.fills.length > 0) api.applyTransactionAsync({ add: [...change.fills] });
    });
  }

  detach(): void {
    this.stop?.();
    this.stop = null;
  }
}
