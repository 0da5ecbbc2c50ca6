import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'dockview-react/dist/styles/dockview.css';
import './theme/theme.css';
import './theme/panels.css';
import { App } from './app/App';
import { defaultPanels, panels } from './app/panels';
import { ServicesContext, type Services } from './app/services';
import { commandPaletteShortcuts } from './app/shortcuts';
import { createConnectionsStore, followConnections } from './connections/connectionsStore';
import { connectToMain } from './ipc/connectToMain';
import { BookFeeds } from './ladder/BookFeeds';
import { createStatusStore, followStatus } from './status/statusStore';
import { FillsStore, followFills } from './trading/FillsStore';
import { followOrders, OrdersStore } from './trading/OrdersStore';
import { createPositionsStore, followPositions } from './trading/positionsStore';
import { createSelectionStore } from './trading/selectionStore';
import { detectPlatform } from './workspace/keyChords';
import { PanelRegistry } from './workspace/panelRegistry';
import { Workspace } from './workspace/workspace';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
// `?ladder-bench` shows one ladder over the synthetic NOTES.md feed, without main (npm run bench -- ladder).
if (new URLSearchParams(window.location.search).has('ladder-bench')) {
  void import('./ladder/synthetic/ladderBenchPage').then((page) => page.mountLadderBench(root));
} else {
  startWorkstation(root);
}

function startWorkstation(root: HTMLElement): void {
  // The stores and their streams start here, once, outside React: components only read slices.
  const link = connectToMain();
  const platform = detectPlatform(navigator.platform);
  const connections = createConnectionsStore();
  followConnections(link.client, connections);
  const status = createStatusStore(link.transport);
  followStatus(link, status);
  const selection = createSelectionStore();
  const orders = new OrdersStore();
  followOrders(link.client, orders);
  const fills = new FillsStore();
  followFills(link.client, fills);
  const positions = createPositionsStore();
  followPositions(link.client, positions);
  const books = new BookFeeds(link.client);

  const layoutName = 'default';
  const workspace = new Workspace(
    new PanelRegistry(panels, platform, commandPaletteShortcuts),
    {
      load: async () => (await link.client.call('layout.load', { name: layoutName })).layout,
      save: async (layout) => {
        await link.client.call('layout.save', { name: layoutName, layout });
      },
    },
    defaultPanels,
  );
  window.addEventListener('pagehide', () => workspace.flush());

  const services: Services = { link, connections, status, workspace, platform, selection, orders, fills, positions, books };

  createRoot(root).render(
    <StrictMode>
      <ServicesContext value={services}>
        <App />
      </ServicesContext>
    </StrictMode>,
  );
}
