import { join } from 'node:path';
import type { AppInfo, Layout } from '../../src-shared/ipc/contract';
import { refused } from '../../src-shared/ipc/protocol';
import type { IpcHandlers } from '../../src-shared/ipc/server';
import { AggregatorDefinitions } from '../aggregator/definitions/AggregatorDefinitions';
import { AggregatorService } from '../aggregator/service/AggregatorService';
import { ConnectionRegistry } from '../connections/connectionRegistry';
import { EmbeddedGateway, type GatewaySpawner } from '../gateway/embeddedGateway';
import { GatewaySupervisor } from '../gateway/gatewaySupervisor';
import { LocalStore } from '../settings/localStore';
import { StatusService } from '../status/statusService';
import type { ConnectionTiming } from '../trading/ConnectionService';
import { TradingService } from '../trading/TradingService';
import { version } from './version';

export interface MainServicesOptions {
  shell: AppInfo['shell'];
  dataDir: string;
  /** How to start the embedded gateway; without it none is started. */
  gatewaySpawner?: GatewaySpawner;
  report?: (line: string) => void;
  /** Connection timers (latency probe, market-data watchdog, reconnect backoff); tests shorten them. */
  tradingTiming?: Partial<ConnectionTiming>;
}

export interface MainServices {
  readonly handlers: IpcHandlers;
  readonly connections: ConnectionRegistry;
  readonly trading: TradingService;
  readonly aggregatorDefinitions: AggregatorDefinitions;
  readonly aggregator: AggregatorService;
  /** Settles when the embedded gateway is up (or failed to start, which is reported). */
  readonly gatewayReady: Promise<void>;
  dispose(): Promise<void>;
}

/** The demo firm's names (the embedded gateway seeds them; SPEC §1). */
const embeddedSettings = { name: 'Embedded gateway', host: '127.0.0.1', senderCompID: 'Tessera', targetCompID: 'DemoFirm', heartbeatSeconds: 30, tls: false };

/**
 * The workstation's main-process services, the same under Electron and in browser mode: the
 * shells only differ in how IPC reaches these handlers.
 */
export function createMainServices(options: MainServicesOptions): MainServices {
  const report = options.report ?? ((line: string) => console.error(line));
  const store = new LocalStore(options.dataDir);
  const connections = new ConnectionRegistry(store, Date.now, report);
  const spawner = options.gatewaySpawner;
  const gateway = spawner && connections.list().length === 0 ? new GatewaySupervisor(() => new EmbeddedGateway(spawner, join(options.dataDir, 'gateway'), report), report) : undefined;
  const gatewayReady = gateway
    ? gateway.start().then(
        (address) => {
          connections.setEmbedded({ ...embeddedSettings, port: address.fixPort }, `Local gateway on ${address.host}:${address.fixPort} with the demo firm`);
        },
        (error: unknown) => report(error instanceof Error ? error.message : String(error)),
      )
    : Promise.resolve();
  const trading = new TradingService({
    registry: connections,
    dataDir: options.dataDir,
    ready: gatewayReady,
    report,
    ...(options.tradingTiming ? { timing: options.tradingTiming } : {}),
  });
  // A definition whose parents have working children may not change: the engine says so.
  const aggregatorDefinitions = new AggregatorDefinitions(store, (id): string | null => aggregator.inUse(id), report);
  const aggregator: AggregatorService = new AggregatorService({ trading, registry: connections, definitions: aggregatorDefinitions, report });
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
      ...trading.calls,
      // Cancel-all takes the trader's parents down first, so that their children are not routed again.
      'orders.cancelAll': (request, peer) => {
        const parents = aggregator.cancelParents(request.trader, request);
        return Promise.resolve(trading.calls['orders.cancelAll'](request, peer)).then(({ count }) => ({ count: count + parents }));
      },
      // An Aggregator child is worked by its parent: the parent is what a trader cancels or changes.
      'orders.cancel': (request, peer) => {
        const refusal = aggregator.childRefusal(request.key);
        if (refusal !== null) throw refused(refusal);
        return trading.calls['orders.cancel'](request, peer);
      },
      'orders.replace': (request, peer) => {
        const refusal = aggregator.childRefusal(request.key);
        if (refusal !== null) throw refused(refusal);
        return trading.calls['orders.replace'](request, peer);
      },
      ...aggregatorDefinitions.calls,
      ...aggregator.calls,
    },
    streams: {
      status: (_args, emit) => status.subscribe(emit),
      connections: (_args, emit) => {
        emit(connections.list());
        return connections.onChange((list) => emit([...list]));
      },
      ...trading.streams,
      ...aggregatorDefinitions.streams,
      ...aggregator.streams,
    },
  };

  return {
    handlers,
    connections,
    trading,
    aggregatorDefinitions,
    aggregator,
    gatewayReady,
    async dispose() {
      status.dispose();
      // Log every session out before the embedded gateway goes.
      aggregator.dispose();
      await trading.dispose();
      await gateway?.stop();
      store.close();
    },
  };
}
