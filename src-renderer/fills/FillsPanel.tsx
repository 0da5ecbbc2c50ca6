import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, GridApi, GridReadyEvent } from 'ag-grid-community';
import type { IDockviewPanelProps } from 'dockview-react';
import { useStore } from 'zustand';
import type { FillView } from '../../src-shared/ipc/contract';
import { useServices } from '../app/services';
import { gridTheme } from '../grid/agGrid';
import { formatTimeMs } from '../grid/gridFormat';
import { PartyFilters, type PartyFilterValues } from '../grid/PartyFilters';
import { choicesOf, contractOf, matchesParty } from '../orders/orderFilter';
import { FillsGridFeed } from './FillsGridFeed';
import '../grid/grid.css';

type PartyFilter = { trader: string | null; account: string | null; contract: string | null };

const columns: ColDef<FillView>[] = [
  { headerName: 'Time', field: 'time', valueFormatter: (p) => (p.value === undefined ? '' : formatTimeMs(p.value as number)), sort: 'desc', width: 110 },
  { headerName: 'Trader', field: 'trader', width: 90 },
  { headerName: 'Account', field: 'account', width: 90 },
  { headerName: 'Exch', field: 'exchange', width: 70 },
  { headerName: 'Contract', field: 'symbol', width: 90 },
  { headerName: 'Side', field: 'side', width: 60, cellClass: (p) => (p.data ? `grid-cell--${p.data.side}` : '') },
  { headerName: 'Qty', field: 'quantity', width: 80, type: 'rightAligned' },
  { headerName: 'Price', field: 'price', width: 100, type: 'rightAligned' },
  { headerName: 'ExecID', field: 'execId', width: 150 },
  { headerName: 'Order', field: 'orderKey', width: 150 },
];

/** Today's fills (SPEC §5), live from the fills stream, each once; trader, account and contract filters. */
export function FillsPanel(_props: IDockviewPanelProps) {
  const { fills, selection } = useServices();
  const activeTrader = useStore(selection, (state) => state.trader);
  const version = useSyncExternalStore(
    (notify) => fills.onChange(notify),
    () => fills.version,
  );
  const [party, setParty] = useState<PartyFilterValues>({ trader: 'active', account: null, contract: null });
  const [feed] = useState(() => new FillsGridFeed(fills));
  const api = useRef<GridApi<FillView> | null>(null);
  const filterRef = useRef<PartyFilter>({ trader: null, account: null, contract: null });
  const traderFilter = party.trader === 'active' ? (activeTrader ?? '') : null;
  useEffect(() => {
    filterRef.current = { trader: traderFilter, account: party.account, contract: party.contract };
    api.current?.onFilterChanged();
  }, [traderFilter, party.account, party.contract]);

  const onGridReady = useCallback(
    (event: GridReadyEvent<FillView>) => {
      api.current = event.api;
      feed.attach(event.api);
    },
    [feed],
  );

  const all = [...fills.all()];
  return (
    <div className="panel grid-panel fills-panel" data-version={version}>
      <div className="panel-toolbar">
        <PartyFilters value={party} accounts={choicesOf(all, (f) => f.account)} contracts={choicesOf(all, contractOf)} onChange={setParty} />
        <span className="panel-toolbar__summary">{all.length} fills today in all</span>
      </div>
      {fills.feed.kind === 'ended' && (
        <p className="grid-message grid-message--bad" role="alert">
          Not live: {fills.feed.reason}
        </p>
      )}
      <div className="grid-host">
        <AgGridReact<FillView>
          theme={gridTheme}
          columnDefs={columns}
          getRowId={(params) => params.data.execId}
          isExternalFilterPresent={() => true}
          doesExternalFilterPass={(node) => node.data !== undefined && matchesParty(node.data, filterRef.current)}
          onGridReady={onGridReady}
          onGridPreDestroyed={() => feed.detach()}
          asyncTransactionWaitMillis={50}
          suppressColumnVirtualisation
          enableCellTextSelection
          overlayNoRowsTemplate="No fills today"
        />
      </div>
    </div>
  );
}
