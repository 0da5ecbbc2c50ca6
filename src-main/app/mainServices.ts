import type { AppInfo, Layout } from '../../src-shared/ipc/contract';
import { refused } from '../../src-shared/ipc/protocol';
import type { IpcHandlers } from '../../src-shared/ipc/server';
import { ConnectionRegistry } from '../connections/connectionRegistry';
import { LocalStore } from '../settings/localStore';
import { StatusService } from '../status/statusService';
import { version } from './version';

export interface MainServicesOptions {
  shell: AppInfo['shell'];
  dataDir: string;
}

export interface MainServices {
  readonly handlers: IpcHandlers;
  dispose(): void;
}

/**
 * The workstation's main-process services, the same under Electron and in browser mode: the
 * shells only differ in how IPC reaches these handlers.
 */
export function createMainServices(options: MainServicesOptions): MainServices {
  const store = new LocalStore(options.dataDir);
  const connections = new ConnectionRegistry(store);
  const status = new StatusService(() => {
    const list = connections.list();
    return { total: list.length, up: list.filter((view) => view.state === 'connected').length };
  });
  const info: AppInfo = {
    name: 'Tessera',
    version,
    shell: options.shell,
    platform: process.platform,
    dataDir: options.dataDir,
  };

  const handlers: IpcHandlers = {
    calls: {
      'app.info': () => info,
      'connections.list': () => connections.list(),
      'connections.add': (settings) => connections.add(settings),
      'connections.remove': ({ id }) => {
        connections.remove(id);
        return {};
      },
      'layout.load': ({ name }) => {
        const json = store.loadLayout(name);
        if (json === undefined) return { layout: null };
        try {
          return { layout: JSON.parse(json) as Layout };
        } catch {
          throw refused(`Saved layout '${name}' is unreadable`);
        }
      },
      'layout.save': ({ name, layout }) => {
        store.saveLayout(name, JSON.stringify(layout));
        return {};
      },
    },
    streams: {
      status: (_args, emit) => status.subscribe(emit),
      connections: (_args, emit) => {
        emit(connections.list());
        return connections.onChange((list) => emit([...list]));
      },
    },
  };

  return {
    handlers,
    dispose() {
      status.dispose();
      store.close();
    },
  };
}
