import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { AgGridReact, type CustomCellRendererProps } from 'ag-grid-react';
import type { CellEditRequestEvent, ColDef, GridApi, GridReadyEvent, IRowNode } from 'ag-grid-community';
import type { IDockviewPanelProps } from 'dockview-react';
import { useStore } from 'zustand';
import type { OrderView } from '../../src-shared/ipc/contract';
import { useServices } from '../app/services';
import { gridTheme } from '../grid/agGrid';
import { formatTimeMs } from '../grid/gridFormat';
import { PartyFilters, type PartyFilterValues } from '../grid/PartyFilters';
import { anyOrder, choicesOf, contractOf, isAmendable, matchesOrder, type OrderFilter, type StatusFilter } from './orderFilter';
import { OrdersGridFeed } from './OrdersGridFeed';
import '../grid/grid.css';

interface OrderBookContext {
  cancel(order: OrderView): void;
  modify(node: IRowNode<OrderView>): void;
}

const statusClass: Record<OrderView['status'], string> = {
  PendingNew: 'pending',
  PendingReplace: 'pending',
  PendingCancel: 'pending',
  Working: 'working',
  PartiallyFilled: 'working',
  Filled: 'filled',
  Cancelled: 'done',
  Expired: 'done',
  Rejected: 'rejected',
};

const amendableCell = (params: { data?: OrderView }): boolean => params.data !== undefined && isAmendable(params.data);

const columns: ColDef<OrderView>[] = [
  { headerName: 'Time', colId: 'time', field: 'updatedAt', valueFormatter: (p) => (p.value === undefined ? '' : formatTimeMs(p.value as number)), sort: 'desc', width: 110 },
  { headerName: 'Status', field: 'status', width: 120, cellClass: (p) => (p.data ? `grid-cell--status-${statusClass[p.data.status]}` : '') },
  { headerName: 'Side', field: 'side', width: 60, cellClass: (p) => (p.data ? `grid-cell--${p.data.side}` : '') },
  { headerName: 'Qty', field: 'quantity', width: 80, type: 'rightAligned', editable: amendableCell, cellClassRules: { 'grid-cell--editable': amendableCell } },
  { headerName: 'Contract', field: 'symbol', width: 90 },
  { headerName: 'Price', field: 'price', width: 100, type: 'rightAligned', editable: amendableCell, cellClassRules: { 'grid-cell--editable': amendableCell } },
  { headerName: 'Actions', colId: 'actions', width: 140, cellRenderer: OrderActions, sortable: false },
  { headerName: 'Filled', field: 'filled', width: 70, type: 'rightAligned' },
  { headerName: 'Leaves', field: 'leaves', width: 70, type: 'rightAligned' },
  { headerName: 'Avg', field: 'avgPrice', width: 100, type: 'rightAligned' },
  { headerName: 'Account', field: 'account', width: 90 },
  { headerName: 'Trader', field: 'trader', width: 90 },
  { headerName: 'Exch', field: 'exchange', width: 70 },
  { headerName: 'Type', field: 'type', width: 80 },
  { headerName: 'TIF', field: 'tif', width: 60 },
  { headerName: 'Text', field: 'text', width: 220, tooltipField: 'text' },
  { headerName: 'ClOrdID', field: 'clOrdId', width: 150 },
  { headerName: 'OrderID', field: 'orderId', width: 110 },
];

function OrderActions(props: CustomCellRendererProps<OrderView, unknown, OrderBookContext>) {
  const order = props.data;
  if (!order || !isAmendable(order)) return null;
  return (
    <span className="grid-actions">
      <button type="button" className="button" aria-label={`Cancel order ${order.key}`} onClick={() => props.context.cancel(order)}>
        Cancel
      </button>
      <button type="button" className="button" aria-label={`Modify order ${order.key}`} onClick={() => props.context.modify(props.node)}>
        Modify
      </button>
    </span>
  );
}

/**
 * The Order Book (SPEC §5): every order main's state machine holds, live from the orders
 * stream as async grid transactions keyed by the order's key; status, trader, account and
 * contract filters; cancel from the row, modify price or quantity by editing the cell.
 */
export function OrderBookPanel(_props: IDockviewPanelProps) {
  const { orders, selection, link } = useServices();
  const activeTrader = useStore(selection, (state) => state.trader);
  const version = useSyncExternalStore(
    (notify) => orders.onChange(notify),
    () => orders.version,
  );
  const [status, setStatus] = useState<StatusFilter>('all');
  const [party, setParty] = useState<PartyFilterValues>({ trader: 'active', account: null, contract: null });
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);
  const [feed] = useState(() => new OrdersGridFeed(orders));
  const api = useRef<GridApi<OrderView> | null>(null);
  const filterRef = useRef<OrderFilter>(anyOrder);
  const traderFilter = party.trader === 'active' ? (activeTrader ?? '') : null;
  // The grid reads the filter through the ref when it filters; tell it the filter changed.
  useEffect(() => {
    filterRef.current = { status, trader: traderFilter, account: party.account, contract: party.contract };
    api.current?.onFilterChanged();
  }, [status, traderFilter, party.account, party.contract]);

  const context = useMemo<OrderBookContext>(
    () => ({
      cancel: (order) => {
        setMessage({ text: `Cancelling ${order.side} ${order.quantity} ${order.symbol} @ ${order.price ?? 'market'}`, bad: false });
        link.client.call('orders.cancel', { key: order.key }).catch((error: unknown) => setMessage({ text: `Cancel refused: ${messageOf(error)}`, bad: true }));
      },
      modify: (node) => {
        if (node.rowIndex !== null) api.current?.startEditingCell({ rowIndex: node.rowIndex, colKey: 'price' });
      },
    }),
    [link],
  );

  const onCellEditRequest = (event: CellEditRequestEvent<OrderView>): void => {
    const order = event.data;
    const field = event.colDef.field;
    const text = String(event.newValue ?? '').trim();
    if (!order || text === '' || text === String(event.oldValue ?? '')) return;
    if (field === 'quantity' && !/^\d+$/.test(text)) return setMessage({ text: `Not modified: '${text}' is not a whole quantity`, bad: true });
    if (field === 'price' && !/^-?\d+(\.\d+)?$/.test(text)) return setMessage({ text: `Not modified: '${text}' is not a price`, bad: true });
    const change = field === 'quantity' ? { quantity: Number(text) } : { price: text };
    setMessage({ text: `Modifying ${order.key}: ${field} ${text}`, bad: false });
    link.client.call('orders.replace', { key: order.key, ...change }).catch((error: unknown) => setMessage({ text: `Modify refused: ${messageOf(error)}`, bad: true }));
  };

  const onGridReady = useCallback(
    (event: GridReadyEvent<OrderView>) => {
      api.current = event.api;
      feed.attach(event.api);
    },
    [feed],
  );

  const all = [...orders.all()];
  const accounts = choicesOf(all, (o) => o.account);
  const contracts = choicesOf(all, contractOf);
  return (
    <div className="panel grid-panel order-book-panel" data-version={version}>
      <div className="panel-toolbar">
        <label htmlFor="order-book-status">Status</label>
        <select
          id="order-book-status"
          className="text-input grid-filter"
          value={status}
          onChange={(event) => setStatus(event.target.value as StatusFilter)}
        >
          <option value="all">All</option>
          <option value="working">Working</option>
          <option value="filled">Filled</option>
          <option value="cancelled">Cancelled / expired</option>
          <option value="rejected">Rejected</option>
        </select>
        <PartyFilters
          value={party}
          accounts={accounts}
          contracts={contracts}
          onChange={setParty}
        />
        <span className="panel-toolbar__summary">{all.length} orders in all</span>
      </div>
      {orders.feed.kind === 'ended' && (
        <p className="grid-message grid-message--bad" role="alert">
          Not live: {orders.feed.reason}
        </p>
      )}
      {message !== null && (
        <p className={`grid-message${message.bad ? ' grid-message--bad' : ''}`} role="status">
          {message.text}
        </p>
      )}
      <div className="grid-host">
        <AgGridReact<OrderView>
          theme={gridTheme}
          columnDefs={columns}
          getRowId={(params) => params.data.key}
          context={context}
          readOnlyEdit
          onCellEditRequest={onCellEditRequest}
          isExternalFilterPresent={() => true}
          doesExternalFilterPass={(node) => node.data !== undefined && matchesOrder(node.data, filterRef.current)}
          onGridReady={onGridReady}
          onGridPreDestroyed={() => feed.detach()}
          asyncTransactionWaitMillis={50}
          suppressColumnVirtualisation
          suppressCellFocus={false}
          enableCellTextSelection
          overlayNoRowsTemplate="No orders"
        />
      </div>
    </div>
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
