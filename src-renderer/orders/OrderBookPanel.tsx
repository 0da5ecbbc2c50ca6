import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { AgGridReact, type CustomCellRendererProps } from 'ag-grid-react';
import type { CellEditRequestEvent, ColDef, GridApi, GridReadyEvent, IRowNode } from 'ag-grid-community';
import type { IDockviewPanelProps } from 'dockview-react';
import { useStore } from 'zustand';
import { followParents, ParentOrdersStore } from '../aggregator/ParentOrdersStore';
import { useServices } from '../app/services';
import { gridTheme } from '../grid/agGrid';
import { formatTimeMs } from '../grid/gridFormat';
import { PartyFilters, type PartyFilterValues } from '../grid/PartyFilters';
import { OrderBookFeed } from './OrderBookFeed';
import { beneathParents, rowShows, type OrderBookRow } from './orderBookRows';
import { anyOrder, choicesOf, contractOf, type OrderFilter, type StatusFilter } from './orderFilter';
import '../grid/grid.css';
import './orderBook.css';

interface OrderBookContext {
  cancel(row: OrderBookRow): void;
  modify(node: IRowNode<OrderBookRow>): void;
  /** Whether a parent's children are hidden, and showing or hiding them. */
  collapsed(parentId: string): boolean;
  toggle(node: IRowNode<OrderBookRow>): void;
}

const amendableCell = (params: { data?: OrderBookRow }): boolean => params.data?.amendable === true;

const columns: ColDef<OrderBookRow>[] = [
  { headerName: '', colId: 'band', width: 46, cellRenderer: BandCell, sortable: false, resizable: false, headerTooltip: 'Aggregator: a parent in its instrument’s colour, each child beneath it in its leg’s colour' },
  { headerName: 'Time', colId: 'time', field: 'updatedAt', valueFormatter: (p) => (p.value === undefined ? '' : formatTimeMs(p.value as number)), sort: 'desc', width: 110 },
  { headerName: 'Status', field: 'status', width: 120, cellClass: (p) => (p.data ? `grid-cell--status-${p.data.look}` : '') },
  { headerName: 'Side', field: 'side', width: 60, cellClass: (p) => (p.data ? `grid-cell--${p.data.side}` : '') },
  { headerName: 'Qty', field: 'quantity', width: 80, type: 'rightAligned', editable: amendableCell, cellClassRules: { 'grid-cell--editable': amendableCell } },
  { headerName: 'Contract', field: 'symbol', width: 120, cellRenderer: ContractCell },
  { headerName: 'Price', field: 'price', width: 100, type: 'rightAligned', editable: amendableCell, cellClassRules: { 'grid-cell--editable': amendableCell } },
  { headerName: 'Actions', colId: 'actions', width: 140, cellRenderer: OrderActions, sortable: false },
  { headerName: 'Filled', field: 'filled', width: 70, type: 'rightAligned', headerTooltip: 'Filled; a parent’s in aggregated lots' },
  { headerName: 'Leaves', field: 'leaves', width: 70, type: 'rightAligned', headerTooltip: 'Open quantity; a parent’s working at the exchanges, in aggregated lots' },
  { headerName: 'Avg', field: 'avgPrice', width: 100, type: 'rightAligned', headerTooltip: 'Average fill price; a parent’s in aggregated prices' },
  { headerName: 'Account', field: 'account', width: 90 },
  { headerName: 'Trader', field: 'trader', width: 90 },
  { headerName: 'Exch', field: 'exchange', width: 80 },
  { headerName: 'Type', field: 'type', width: 90 },
  { headerName: 'TIF', field: 'tif', width: 60 },
  { headerName: 'Algo', field: 'algoId', width: 70, headerTooltip: 'Algo ID (FFT3) of an Aggregator child' },
  { headerName: 'Text', field: 'text', width: 220, tooltipField: 'text' },
  { headerName: 'ClOrdID', field: 'clOrdId', width: 150 },
  { headerName: 'OrderID', field: 'orderId', width: 110 },
];

/** The colour band of an Aggregator order; on a parent, the button that shows or hides its children. */
function BandCell(props: CustomCellRendererProps<OrderBookRow, unknown, OrderBookContext>) {
  const row = props.data;
  if (!row || row.band === null) return null;
  if (row.kind !== 'parent') return <span className="order-band order-band--child" style={{ background: row.band }} title={row.leg === null ? undefined : `${row.leg} leg`} />;
  const collapsed = props.context.collapsed(row.id);
  return (
    <span className="order-band-cell">
      <button
        type="button"
        className="order-toggle"
        aria-expanded={!collapsed}
        aria-label={`${collapsed ? 'Show' : 'Hide'} the children of ${row.symbol} ${row.side} ${row.quantity} @ ${row.price ?? ''}`}
        onClick={() => props.context.toggle(props.node)}
      >
        {collapsed ? '▸' : '▾'}
      </button>
      <span className="order-band" style={{ background: row.band }} />
    </span>
  );
}

/** The contract; a child indented beneath its parent with its leg's alias. */
function ContractCell(props: CustomCellRendererProps<OrderBookRow>) {
  const row = props.data;
  if (!row) return null;
  if (row.kind !== 'child') return <span className={row.kind === 'parent' ? 'order-parent-name' : undefined}>{row.symbol}</span>;
  return (
    <span className="order-child-name">
      <span aria-hidden="true">↳ </span>
      {row.leg !== null && <span className="order-child-name__leg">{row.leg} </span>}
      {row.symbol}
    </span>
  );
}

function OrderActions(props: CustomCellRendererProps<OrderBookRow, unknown, OrderBookContext>) {
  const row = props.data;
  if (!row?.amendable) return null;
  const what = row.kind === 'parent' ? 'parent order' : 'order';
  return (
    <span className="grid-actions">
      <button type="button" className="button" aria-label={`Cancel ${what} ${row.key}`} onClick={() => props.context.cancel(row)}>
        Cancel
      </button>
      <button type="button" className="button" aria-label={`Modify ${what} ${row.key}`} onClick={() => props.context.modify(props.node)}>
        Modify
      </button>
    </span>
  );
}

/**
 * The Order Book (SPEC §5): every order main's state machine holds and every Aggregator parent,
 * live from the orders and parents streams as async grid transactions keyed by row id. Each
 * parent has its children beneath it (ordered by `postSortRows`, hidden and shown per parent
 * through the external filter: row grouping is Enterprise-only), a colour band per leg; status,
 * trader, account and contract filters; cancel from the row, modify price or quantity by
 * editing the cell — a parent's through the Aggregator, in aggregated terms.
 */
export function OrderBookPanel(_props: IDockviewPanelProps) {
  const { orders, selection, link } = useServices();
  const activeTrader = useStore(selection, (state) => state.trader);
  const [parents] = useState(() => new ParentOrdersStore());
  const version = useSyncExternalStore(
    (notify) => orders.onChange(notify),
    () => orders.version,
  );
  const parentsVersion = useSyncExternalStore(
    (notify) => parents.onChange(notify),
    () => parents.version,
  );
  const [status, setStatus] = useState<StatusFilter>('all');
  const [party, setParty] = useState<PartyFilterValues>({ trader: 'active', account: null, contract: null });
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);
  const [feed] = useState(() => new OrderBookFeed(orders, parents));
  const api = useRef<GridApi<OrderBookRow> | null>(null);
  const filterRef = useRef<OrderFilter>(anyOrder);
  const collapsedRef = useRef(new Set<string>());
  const traderFilter = party.trader === 'active' ? (activeTrader ?? '') : null;
  useEffect(() => followParents(link.client, parents), [link, parents]);
  // The grid reads the filter through the ref when it filters; tell it the filter changed.
  useEffect(() => {
    filterRef.current = { status, trader: traderFilter, account: party.account, contract: party.contract };
    api.current?.onFilterChanged();
  }, [status, traderFilter, party.account, party.contract]);

  const context = useMemo<OrderBookContext>(
    () => ({
      cancel: (row) => {
        setMessage({ text: `Cancelling ${row.side} ${row.quantity} ${row.symbol} @ ${row.price ?? 'market'}`, bad: false });
        const cancel = row.kind === 'parent' ? link.client.call('aggregator.cancel', { key: row.key }) : link.client.call('orders.cancel', { key: row.key });
        cancel.catch((error: unknown) => setMessage({ text: `Cancel refused: ${messageOf(error)}`, bad: true }));
      },
      modify: (node) => {
        if (node.rowIndex !== null) api.current?.startEditingCell({ rowIndex: node.rowIndex, colKey: 'price' });
      },
      collapsed: (parentId) => collapsedRef.current.has(parentId),
      toggle: (node) => {
        const id = node.data?.id;
        if (id === undefined) return;
        if (!collapsedRef.current.delete(id)) collapsedRef.current.add(id);
        api.current?.onFilterChanged();
        api.current?.refreshCells({ rowNodes: [node], columns: ['band'], force: true });
      },
    }),
    [link],
  );

  const onCellEditRequest = (event: CellEditRequestEvent<OrderBookRow>): void => {
    const row = event.data;
    const field = event.colDef.field;
    const text = String(event.newValue ?? '').trim();
    if (!row || text === '' || text === String(event.oldValue ?? '')) return;
    if (field === 'quantity' && !/^\d+$/.test(text)) return setMessage({ text: `Not modified: '${text}' is not a whole quantity`, bad: true });
    if (field === 'price' && !/^-?\d+(\.\d+)?$/.test(text)) return setMessage({ text: `Not modified: '${text}' is not a price`, bad: true });
    const change = field === 'quantity' ? { quantity: Number(text) } : { price: text };
    setMessage({ text: `Modifying ${row.key}: ${field} ${text}`, bad: false });
    const replace = row.kind === 'parent' ? link.client.call('aggregator.replace', { key: row.key, ...change }) : link.client.call('orders.replace', { key: row.key, ...change });
    replace.catch((error: unknown) => setMessage({ text: `Modify refused: ${messageOf(error)}`, bad: true }));
  };

  const onGridReady = useCallback(
    (event: GridReadyEvent<OrderBookRow>) => {
      api.current = event.api;
      feed.attach(event.api);
    },
    [feed],
  );

  const all = [...orders.all()];
  const allParents = [...parents.all()];
  const accounts = choicesOf([...all, ...allParents], (o) => o.account);
  const contracts = [...choicesOf(all, contractOf), ...choicesOf(allParents, (p) => `Aggregator|${p.instrument}`)];
  return (
    <div className="panel grid-panel order-book-panel" data-version={`${version}.${parentsVersion}`}>
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
        <span className="panel-toolbar__summary">
          {all.length} orders{allParents.length > 0 ? `, ${allParents.length} Aggregator ${allParents.length === 1 ? 'parent' : 'parents'}` : ''} in all
        </span>
      </div>
      {orders.feed.kind === 'ended' && (
        <p className="grid-message grid-message--bad" role="alert">
          Not live: {orders.feed.reason}
        </p>
      )}
      {parents.feed.kind === 'ended' && (
        <p className="grid-message grid-message--bad" role="alert">
          Aggregator parents not live: {parents.feed.reason}
        </p>
      )}
      {message !== null && (
        <p className={`grid-message${message.bad ? ' grid-message--bad' : ''}`} role="status">
          {message.text}
        </p>
      )}
      <div className="grid-host">
        <AgGridReact<OrderBookRow>
          theme={gridTheme}
          columnDefs={columns}
          getRowId={(params) => params.data.id}
          getRowClass={(params) => (params.data?.kind === 'child' ? 'order-row--child' : params.data?.kind === 'parent' ? 'order-row--parent' : undefined)}
          postSortRows={(params) => {
            const grouped = beneathParents(params.nodes, (node) => node.data?.id ?? '', (node) => node.data?.parentId ?? null);
            params.nodes.splice(0, params.nodes.length, ...grouped);
          }}
          context={context}
          readOnlyEdit
          onCellEditRequest={onCellEditRequest}
          isExternalFilterPresent={() => true}
          doesExternalFilterPass={(node) =>
            node.data !== undefined && rowShows(node.data, filterRef.current, collapsedRef.current, (id) => feed.model.row(id), (id) => feed.model.childrenOf(id))
          }
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
