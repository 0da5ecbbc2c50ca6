import { useId, useState, useSyncExternalStore } from 'react';
import type { IDockviewPanelProps } from 'dockview-react';
import { useStore } from 'zustand';
import type { ConnectionView, TraderView } from '../../src-shared/ipc/contract';
import { useServices } from '../app/services';
import { LogOnForm } from './LogOnForm';
import './login.css';

/**
 * The login screen (issue 5): the gateway, its master user (the FIX Logon), and the traders
 * logged on under it. Choosing a trader makes it the window's active trader; its account is
 * picked here too. A refused logon shows the gateway's reason.
 */
export function LoginPanel(_props: IDockviewPanelProps) {
  const { connections: connectionsStore, selection, link } = useServices();
  const connections = useStore(connectionsStore, (state) => state.connections);
  const active = useStore(selection);
  const [chosen, setChosen] = useState<string | null>(null);
  const gatewayId = useId();
  const connection = connections.find((c) => c.id === (chosen ?? active.connectionId)) ?? connections.find((c) => c.embedded) ?? connections[0];

  // The active trader stays chosen across a lost connection (the ladder says trading is
  // blocked meanwhile); only logging it off here ends it.
  if (!connection) {
    return (
      <div className="panel login-panel">
        <p className="panel-notice">No gateway connections. Add one in Connections.</p>
      </div>
    );
  }

  const logOnMaster = async (username: string, password: string): Promise<void> => {
    await link.client.call('session.logOn', { connectionId: connection.id, username, password });
    selection.activate(connection.id, username);
  };
  const logOnTrader = async (username: string, password: string): Promise<void> => {
    await link.client.call('traders.logOn', { connectionId: connection.id, username, password });
    selection.activate(connection.id, username);
  };

  return (
    <div className="panel login-panel">
      <div className="panel-scroll login-panel__body">
        <section className="login-section" aria-labelledby={`${gatewayId}-title`}>
          <h2 id={`${gatewayId}-title`} className="login-section__title">
            Gateway
          </h2>
          <div className="login-row">
            <label htmlFor={gatewayId} className="visually-hidden">
              Gateway
            </label>
            <select id={gatewayId} className="text-input login-gateway" value={connection.id} onChange={(event) => setChosen(event.target.value)}>
              {connections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.settings.name} ({c.settings.host}:{c.settings.port})
                </option>
              ))}
            </select>
            <span className="login-state" data-state={connection.state}>
              <span className={`state-dot state-dot--${connection.state}`} aria-hidden="true" />
              {connection.state}
              {connection.latencyMs !== null && ` · ${connection.latencyMs.toFixed(1)} ms`}
            </span>
          </div>
          {connection.detail && <p className="login-detail">{connection.detail}</p>}
        </section>

        <MasterSection connection={connection} logOn={logOnMaster} />
        {connection.loggedOnAs !== null && <TradersSection connection={connection} logOn={logOnTrader} />}
        <ActiveTraderSection />
      </div>
    </div>
  );
}

function MasterSection({ connection, logOn }: { connection: ConnectionView; logOn: (username: string, password: string) => Promise<void> }) {
  const { link, selection } = useServices();
  const [problem, setProblem] = useState<string | null>(null);
  const titleId = useId();
  return (
    <section className="login-section" aria-labelledby={titleId}>
      <h2 id={titleId} className="login-section__title">
        Master user
      </h2>
      {connection.loggedOnAs === null ? (
        <LogOnForm label="Master logon" action="Log on" logOn={logOn} />
      ) : (
        <div className="login-row">
          <span>
            Logged on as <strong className="mono">{connection.loggedOnAs}</strong>
          </span>
          <button
            type="button"
            className="button"
            onClick={() => {
              setProblem(null);
              link.client.call('session.logOff', { connectionId: connection.id }).then(
                () => {
                  if (selection.getState().connectionId === connection.id) selection.clear();
                },
                (error: unknown) => setProblem(error instanceof Error ? error.message : String(error)),
              );
            }}
          >
            Log off {connection.settings.name}
          </button>
        </div>
      )}
      {problem !== null && (
        <p className="logon-form__problem" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}

function TradersSection({ connection, logOn }: { connection: ConnectionView; logOn: (username: string, password: string) => Promise<void> }) {
  const { link, selection } = useServices();
  const active = useStore(selection);
  const [problem, setProblem] = useState<string | null>(null);
  const titleId = useId();
  const traders: TraderView[] = connection.traders.some((t) => t.master)
    ? connection.traders
    : [{ username: connection.loggedOnAs!, state: 'logged-on', detail: '', master: true }, ...connection.traders];

  return (
    <section className="login-section" aria-labelledby={titleId}>
      <h2 id={titleId} className="login-section__title">
        Traders
      </h2>
      <table className="data-table" aria-label="Traders">
        <thead>
          <tr>
            <th scope="col">Trader</th>
            <th scope="col">State</th>
            <th scope="col">Detail</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {traders.map((trader) => {
            const isActive = active.connectionId === connection.id && active.trader?.toLowerCase() === trader.username.toLowerCase();
            return (
              <tr key={trader.username} data-state={trader.state} aria-current={isActive ? 'true' : undefined}>
                <td className="mono">
                  {trader.username}
                  {trader.master && <span className="tag">master</span>}
                  {isActive && <span className="tag tag--active">active</span>}
                </td>
                <td>{trader.state}</td>
                <td className="connection-detail" title={trader.detail}>
                  {trader.detail}
                </td>
                <td className="row-actions">
                  {trader.state === 'logged-on' && !isActive && (
                    <button type="button" className="button button--quiet" onClick={() => selection.activate(connection.id, trader.username)}>
                      Trade as {trader.username}
                    </button>
                  )}
                  {trader.state === 'logged-on' && !trader.master && (
                    <button
                      type="button"
                      className="button button--quiet"
                      onClick={() => {
                        setProblem(null);
                        link.client.call('traders.logOff', { connectionId: connection.id, username: trader.username }).then(
                          () => {
                            if (isActive) selection.clear();
                          },
                          (error: unknown) => setProblem(error instanceof Error ? error.message : String(error)),
                        );
                      }}
                    >
                      Log off {trader.username}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {problem !== null && (
        <p className="logon-form__problem" role="alert">
          {problem}
        </p>
      )}
      <LogOnForm label="Trader logon" action="Log on trader" logOn={logOn} />
    </section>
  );
}

/** The active trader and the account its orders go to; accounts seen in its orders and positions are offered. */
function ActiveTraderSection() {
  const { selection } = useServices();
  const active = useStore(selection);
  return (
    <section className="login-section" aria-label="Active trader">
      <h2 className="login-section__title">Active trader</h2>
      {active.trader === null ? (
        <p className="login-detail">Nobody: log on, then choose a trader to trade as.</p>
      ) : (
        <AccountForm key={`${active.connectionId}|${active.trader}|${active.account}`} trader={active.trader} account={active.account} />
      )}
    </section>
  );
}

function AccountForm({ trader, account }: { trader: string; account: string }) {
  const { selection, orders, positions } = useServices();
  const positionList = useStore(positions, (state) => state.positions);
  // Re-rendered on every order change: the accounts offered come from the orders.
  const _ordersVersion = useSyncExternalStore(
    (notify) => orders.onChange(notify),
    () => orders.version,
  );
  const accountId = useId();
  const [draft, setDraft] = useState(account);
  const seen = new Set<string>();
  for (const order of orders.all()) if (order.trader.toLowerCase() === trader.toLowerCase()) seen.add(order.account);
  for (const position of positionList) seen.add(position.account);
  const known = [...seen].sort();

  return (
    <form
      className="login-row"
      aria-label="Account"
      onSubmit={(event) => {
        event.preventDefault();
        selection.setAccount(draft);
      }}
    >
      <strong className="mono">{trader}</strong>
      <label htmlFor={accountId}>Account</label>
      <input
        id={accountId}
        className="text-input login-account"
        list={`${accountId}-known`}
        value={draft}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => setDraft(event.target.value)}
        onBlur={() => selection.setAccount(draft)}
      />
      <datalist id={`${accountId}-known`}>
        {known.map((choice) => (
          <option key={choice} value={choice} />
        ))}
      </datalist>
      <button type="submit" className="button">
        Use account
      </button>
    </form>
  );
}
