import type { GridApi } from 'ag-grid-community';
import type { ParentOrdersStore } from '../aggregator/ParentOrdersStore';
import { RowKeys } from '../grid/RowKeys';
import type { OrdersStore } from '../trading/OrdersStore';
import { OrderBookModel } from './OrderBookModel';
import type { OrderBookRow } from './orderBookRows';

/**
 * Streams the orders and the Aggregator parents into the Order Book grid: the whole list on a
 * reset, else async transactions of the rows that changed (batched by the grid, one re-render
 * per batch), so a busy market never re-renders the table.
 */
export class OrderBookFeed {
  readonly model: OrderBookModel;
  private readonly keys = new RowKeys<OrderBookRow>((row) => row.id);
  private stop: (() => void)[] = [];

  constructor(
    private readonly orders: OrdersStore,
    private readonly parents: ParentOrdersStore,
  ) {
    this.model = new OrderBookModel(orders, parents);
  }

  attach(api: GridApi<OrderBookRow>): void {
    this.detach();
    const reset = (): void => api.setGridOption('rowData', this.keys.reset(this.model.rebuild()));
    const apply = (rows: OrderBookRow[]): void => {
      if (rows.length > 0) api.applyTransactionAsync(this.keys.transaction(rows));
    };
    reset();
    this.stop = [
      this.orders.onChange((change) => (change.reset ? reset() : apply(this.model.ordersChanged(change.orders)))),
      this.parents.onChange((change) => (change.reset ? reset() : apply(this.model.parentsChanged(change.parents)))),
    ];
  }

  detach(): void {
    for (const stop of this.stop) stop();
    this.stop = [];
  }
}
