import { createContext, useContext } from 'react';
import type { ConnectionsStore } from '../connections/connectionsStore';
import type { MainLink } from '../ipc/connectToMain';
import type { BookFeeds } from '../ladder/BookFeeds';
import type { StatusStore } from '../status/statusStore';
import type { FillsStore } from '../trading/FillsStore';
import type { OrdersStore } from '../trading/OrdersStore';
import type { PositionsStore } from '../trading/positionsStore';
import type { SelectionStore } from '../trading/selectionStore';
import type { Platform } from '../workspace/keyChords';
import type { Workspace } from '../workspace/workspace';

/** What the screens work with: the link to main and the stores it feeds, all living outside React. */
export interface Services {
  readonly link: MainLink;
  readonly connections: ConnectionsStore;
  readonly status: StatusStore;
  /** Who trades from this window: the active trader and account. */
  readonly selection: SelectionStore;
  readonly orders: OrdersStore;
  readonly fills: FillsStore;
  readonly positions: PositionsStore;
  readonly books: BookFeeds;
  readonly workspace: Workspace;
  readonly platform: Platform;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside <ServicesContext>');
  return services;
}
