import type { GridApi } from 'ag-grid-community';
import type { OrderView } from '../../src-shared/ipc/contract';
import { RowKeys } from '../grid/RowKeys';
import type { OrdersStore } from '../trading/OrdersStore';

/**
 * Streams the orders store into a grid: the whole list on a reset, else async transactions
 * (batched by the grid, one re-render per batch), so a busy market never re-renders the table.
 */
export class OrdersGridFeed {
  private readonly keys = new RowKeys<OrderView>((order) => order.key);
  private stop: (() => void) | null = null;

  constructor(private readonly store: OrdersStore) {}

  attach(api: GridApi<OrderView>): void {
    this.detach();
    api.setGridOption('rowData', this.keys.reset(this.store.all()));
    this.stop = this.store.onChange((change) => {
      if (change.reset) api.setGridOption('rowData', this.keys.reset(this.store.all()));
      else if (change.orders.length > 0) api.applyTransactionAsync(this.keys.transaction(change.orders));
    });
  }

  detach(): void {
    this.stop?.();
    this.stop = null;
  }
}
