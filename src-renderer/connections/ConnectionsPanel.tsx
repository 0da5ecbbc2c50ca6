import { useRef, useState } from 'react';
import type { IDockviewPanelProps } from 'dockview-react';
import { useStore } from 'zustand';
import type { ConnectionState, ConnectionView } from '../../src-shared/ipc/contract';
import { useServices } from '../app/services';
import { formatClock } from '../status/statusFormat';
import { ConfirmingButton } from '../workspace/ConfirmingButton';
import { AddConnectionForm } from './AddConnectionForm';
import './connections.css';

const stateNames: Record<ConnectionState, string> = {
  connected: 'Connected',
  connecting: 'Connecting',
  stale: 'Stale',
  disconnected: 'Disconnected',
};

/** The gateways this workstation logs into, live from main's `connections` stream. */
export function ConnectionsPanel(_props: IDockviewPanelProps) {
  const { connections: store } = useServices();
  const connections = useStore(store, (state) => state.connections);
  const feed = useStore(store, (state) => state.feed);
  const [adding, setAdding] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const up = connections.filter((connection) => connection.state === 'connected').length;

  const closeForm = (): void => {
    setAdding(false);
    addButton.current?.focus();
  };

  return (
    <div className="panel connections-panel">
      <div className="panel-toolbar">
        <span className="panel-toolbar__summary">
          {connections.length} {connections.length === 1 ? 'connection' : 'connections'}, {up} connected
        </span>
        <button
          ref={addButton}
          type="button"
          className="button"
          aria-expanded={adding}
          onClick={() => (adding ? closeForm() : setAdding(true))}
        >
          Add connection
        </button>
      </div>
      {feed.kind === 'waiting' && <p className="panel-notice">Waiting for main…</p>}
      {feed.kind === 'ended' && (
        <p className="panel-notice panel-notice--bad" role="alert">
          Not live: {feed.reason}
        </p>
      )}
      {actionError !== null && (
        <p className="panel-notice panel-notice--bad" role="alert">
          {actionError}{' '}
          <button type="button" className="button button--quiet" onClick={() => setActionError(null)}>
            Dismiss
          </button>
        </p>
      )}
      {adding && <AddConnectionForm onDone={closeForm} />}
      <div className="panel-scroll">
        <table className="data-table" aria-label="Connections">
          <thead>
            <tr>
              <th scope="col">State</th>
              <th scope="col">Name</th>
              <th scope="col">Host:port</th>
              <th scope="col">Sender → Target</th>
              <th scope="col">Detail</th>
              <th scope="col">Since</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {connections.map((connection) => (
              <ConnectionRow key={connection.id} connection={connection} onError={setActionError} />
            ))}
          </tbody>
        </table>
        {feed.kind === 'live' && connections.length === 0 && <p className="panel-notice">No connections. Add one to reach a gateway.</p>}
      </div>
    </div>
  );
}

function ConnectionRow({ connection, onError }: { connection: ConnectionView; onError: (message: string) => void }) {
  const { settings } = connection;
  return (
    <tr data-connection-id={connection.id} data-state={connection.state}>
      <td className="connection-state">
        <span className={`state-dot state-dot--${connection.state}`} aria-hidden="true" />
        {stateNames[connection.state]}
      </td>
      <td>
        {settings.name}
        {connection.embedded && <span className="tag">embedded</span>}
      </td>
      <td className="mono">
        {settings.host}:{settings.port}
        {settings.tls && <span className="tag">TLS</span>}
      </td>
      <td className="mono">
        {settings.senderCompID} → {settings.targetCompID}
      </td>
      <td className="connection-detail" title={connection.detail}>
        {connection.detail}
      </td>
      <td className="mono" title={new Date(connection.since).toString()}>
        {formatClock(connection.since)}
      </td>
      <td className="row-actions">
        {!connection.embedded && <RemoveButton connection={connection} onError={onError} />}
      </td>
    </tr>
  );
}

/** Removing a connection logs its traders off: the first press arms, a second press within a few seconds removes. */
function RemoveButton({ connection, onError }: { connection: ConnectionView; onError: (message: string) => void }) {
  const { link } = useServices();
  const name = connection.settings.name;
  return (
    <ConfirmingButton
      verb="Remove"
      doing="Removing"
      target={name}
      act={() => link.client.call('connections.remove', { id: connection.id })}
      onFailed={(error) => onError(`Could not remove ${name}: ${error instanceof Error ? error.message : String(error)}`)}
    />
  );
}
