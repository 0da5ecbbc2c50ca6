import { IpcClient } from '../../src-shared/ipc/client';
import { decodeJsonFrame, type ClientMessage } from '../../src-shared/ipc/protocol';
import './bridge';

export type MainLink = { client: IpcClient; transport: 'electron' | 'websocket'; onLost(listener: (reason: string) => void): void };

/**
 * One client of the IPC contract, over whichever transport this renderer runs on: the preload's
 * bridge under Electron, or the WebSocket of browser mode (token from the URL fragment).
 */
export function connectToMain(): MainLink {
  const bridge = window.tesseraBridge;
  if (bridge) {
    const client = new IpcClient((message) => bridge.send(message));
    bridge.onMessage((message) => client.receive(message));
    return { client, transport: 'electron', onLost: () => undefined };
  }
  return connectOverWebSocket();
}

function connectOverWebSocket(): MainLink {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocket(`${scheme}://${window.location.host}/ipc?token=${encodeURIComponent(token)}`);
  const outbox: string[] = [];
  const lostListeners = new Set<(reason: string) => void>();
  const client = new IpcClient((message: ClientMessage) => {
    const frame = JSON.stringify(message);
    if (socket.readyState === WebSocket.OPEN) socket.send(frame);
    else if (socket.readyState === WebSocket.CONNECTING) outbox.push(frame);
  });
  socket.addEventListener('open', () => {
    for (const frame of outbox.splice(0)) socket.send(frame);
  });
  socket.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (typeof event.data !== 'string') return;
    const decoded = decodeJsonFrame(event.data);
    if (decoded.ok) client.receive(decoded.value);
  });
  socket.addEventListener('close', (event) => {
    const reason = event.reason || (event.code === 1006 ? 'main is not reachable' : `closed (${event.code})`);
    client.disconnected(reason);
    for (const listener of lostListeners) listener(reason);
  });
  return { client, transport: 'websocket', onLost: (listener) => lostListeners.add(listener) };
}
