import { AboutPanel } from '../about/AboutPanel';
import { AggregatorPanel } from '../aggregator/AggregatorPanel';
import { ConnectionsPanel } from '../connections/ConnectionsPanel';
import { FillsPanel } from '../fills/FillsPanel';
import { LadderPanel } from '../ladder/LadderPanel';
import { LoginPanel } from '../login/LoginPanel';
import { OrderBookPanel } from '../orders/OrderBookPanel';
import type { PanelDefinition } from '../workspace/panelRegistry';

/**
 * Every panel of the workspace. A new screen joins the Windows menu, the command palette, the
 * shortcuts and saved layouts by adding one entry here. Ids are stored in layouts: never rename.
 */
export const panels: readonly PanelDefinition[] = [
  {
    id: 'connections',
    title: 'Connections',
    description: 'Gateways, their sessions and state',
    component: ConnectionsPanel,
    shortcut: 'Alt+Shift+C',
  },
  {
    id: 'about',
    title: 'About',
    description: 'Version, shell and data folder',
    component: AboutPanel,
  },
  {
    id: 'login',
    title: 'Log in',
    description: 'Gateway, master user and traders; the active trader and account',
    component: LoginPanel,
    shortcut: 'Alt+Shift+L',
  },
  {
    id: 'ladder',
    title: 'MD Trader',
    description: 'Price ladder: click to trade, drag to move, cancel-all and flatten',
    component: LadderPanel,
    shortcut: 'Alt+Shift+M',
  },
  {
    id: 'order-book',
    title: 'Order Book',
    description: 'Every order, live; cancel and modify',
    component: OrderBookPanel,
    shortcut: 'Alt+Shift+O',
  },
  {
    id: 'fills',
    title: 'Fills',
    description: "Today's fills, live",
    component: FillsPanel,
    shortcut: 'Alt+Shift+F',
  },
  {
    id: 'aggregator',
    title: 'Aggregator',
    description: 'Aggregated instruments: legs over several exchanges and how orders are routed',
    component: AggregatorPanel,
    shortcut: 'Alt+Shift+A',
  },
];

/** What a new workspace, or one whose saved layout cannot be restored, shows. */
export const defaultPanels: readonly string[] = ['connections'];
