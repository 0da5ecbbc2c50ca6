import { AboutPanel } from '../about/AboutPanel';
import { ConnectionsPanel } from '../connections/ConnectionsPanel';
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
];

/** What a new workspace, or one whose saved layout cannot be restored, shows. */
export const defaultPanels: readonly string[] = ['connections'];
