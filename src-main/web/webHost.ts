import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import sirv from 'sirv';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { decodeJsonFrame } from '../../src-shared/ipc/protocol';
import type { IpcServer } from '../../src-shared/ipc/server';

export interface WebHostOptions {
  ipc: IpcServer;
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  /** A fixed token (tests); by default a fresh random one per run. */
  token?: string;
}

export interface WebHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

// Browser mode serves the UI to this machine only, and the IPC socket only to a page that
// knows this run's token: other local programs and web pages cannot drive main.
const loopback = '127.0.0.1';
const maxFrameBytes = 1 << 20;

const securityHeaders: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const serveStatic = sirv(options.rendererDir, {
    single: true,
    // Look files up per request: a rebuilt renderer is served without restarting main.
    dev: true,
    etag: true,
    setHeaders: (res) => {
      for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
    },
  });
  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    serveStatic(req, res, () => {
      res.writeHead(404).end('Not found');
    });
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes });

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = refuseUpgrade(req, token, portOf());
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => serveIpc(ws, options.ipc, req));
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, loopback, () => {
      http.off('error', reject);
      resolve();
    });
  });
  function portOf(): number {
    return (http.address() as AddressInfo).port;
  }
  const port = portOf();

  return {
    url: `http://${loopback}:${port}/#token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

/** Why an upgrade is refused (an HTTP status line), or undefined when it may proceed. */
export function refuseUpgrade(req: IncomingMessage, token: string, port: number): string | undefined {
  const url = new URL(req.url ?? '/', `http://${loopback}`);
  if (url.pathname !== '/ipc') return '404 Not Found';
  const presented = url.searchParams.get('token') ?? '';
  if (!sameSecret(presented, token)) return '401 Unauthorized';
  // A browser always sends Origin; a page from elsewhere must not reach main even with a leaked token.
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${loopback}:${port}` && origin !== `http://localhost:${port}`) {
    return '403 Forbidden';
  }
  return undefined;
}

function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function serveIpc(ws: WebSocket, ipc: IpcServer, req: IncomingMessage): void {
  const connection = ipc.accept(
    { transport: 'websocket', label: `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}` },
    (message) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    },
    { queuedBytes: () => ws.bufferedAmount },
  );
  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) {
      connection.receiveUndecodable('binary frames are not part of the protocol; send JSON text');
      return;
    }
    const decoded = decodeJsonFrame(rawText(data));
    if (decoded.ok) connection.receive(decoded.value);
    else connection.receiveUndecodable(`not JSON (${decoded.error})`);
  });
  ws.on('close', () => connection.close());
  ws.on('error', () => connection.close());
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}
