import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { useServices } from '../app/services';
import { formatBytes, formatClock, formatDelayMs, formatUptime } from './statusFormat';
import { statusHealth } from './statusStore';
import './status.css';

/** Main's health along the bottom edge, from the `status` stream; says so loudly when main is gone. */
export function StatusBar() {
  const { status, workspace, selection } = useServices();
  const state = useStore(status);
  const active = useStore(selection);
  const layoutSave = useStore(workspace.state, (workspaceState) => workspaceState.save);
  const now = useNow(1000);
  const health = statusHealth(state, now);
  const snapshot = state.snapshot;

  return (
    <footer className="status-bar" data-health={health} aria-label="Status bar">
      {health === 'lost' && (
        <span className="status-bar__alarm" role="alert">
          Disconnected from main: {state.lost}. Nothing on screen is live; reload to reconnect.
        </span>
      )}
      {health === 'ended' && (
        <span className="status-bar__alarm" role="alert">
          Status stream ended: {state.streamEnded}
        </span>
      )}
      {health === 'late' && state.receivedAt !== null && (
        <span className="status-bar__warning" role="status">
          Main not responding ({Math.round((now - state.receivedAt) / 1000)} s)
        </span>
      )}
      {health === 'waiting' && <span className="status-item">Connecting to main…</span>}
      {snapshot !== null && (
        <>
          <span className="status-item" title="Main's clock, local time">
            <span className="status-item__label">Main</span>
            <span role="timer" aria-label="Main clock" className="status-item__value">
              {formatClock(snapshot.mainTime)}
            </span>
          </span>
          <span className="status-item" title="Time since main started">
            <span className="status-item__label">Up</span>
            <span role="timer" aria-label="Uptime" className="status-item__value">
              {formatUptime(snapshot.uptimeMs)}
            </span>
          </span>
          <span className="status-item" title="99th percentile of main's event-loop delay: a busy main delays every order">
            <span className="status-item__label">Loop p99</span>
            <span className="status-item__value" data-warn={snapshot.eventLoopDelayP99Ms >= 50}>
              {formatDelayMs(snapshot.eventLoopDelayP99Ms)}
            </span>
          </span>
          <span className="status-item" title="Main's resident memory">
            <span className="status-item__label">Mem</span>
            <span className="status-item__value">{formatBytes(snapshot.rssBytes)}</span>
          </span>
          <span className="status-item" title="FIX connections connected / configured">
            <span className="status-item__label">Conn</span>
            <span className="status-item__value" data-warn={snapshot.connectionsUp < snapshot.connectionsTotal}>
              {snapshot.connectionsUp}/{snapshot.connectionsTotal}
            </span>
          </span>
        </>
      )}
      <span className="status-bar__spacer" />
      <span className="status-item" title="Who trades from this window, and the account orders go to" aria-label="Active trader">
        <span className="status-item__label">Trader</span>
        <span className="status-item__value" data-warn={active.trader === null || active.account === ''}>
          {active.trader === null ? 'none' : `${active.trader} · ${active.account === '' ? 'no account' : active.account}`}
        </span>
      </span>
      {layoutSave.kind === 'failed' && (
        <span className="status-bar__warning" title={layoutSave.reason}>
          Layout not saved
        </span>
      )}
      <span className="status-item" title="How this window talks to main">
        <span className="status-item__label">Link</span>
        <span className="status-item__value">{state.transport === 'electron' ? 'Electron IPC' : 'WebSocket'}</span>
      </span>
    </footer>
  );
}

/** The renderer's clock, re-read every `intervalMs`: to notice a status stream that went quiet. */
function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
