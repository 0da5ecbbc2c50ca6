import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { IpcServer } from '../../src-shared/ipc/server';
import type { ServerMessage } from '../../src-shared/ipc/protocol';
import { createMainServices, type MainServices } from '../app/mainServices';
import { startWebHost, type WebHost } from './webHost';

let dir: string;
let services: MainServices;
let host: WebHost;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-web-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Tessera</title>');
  services = createMainServices({ shell: 'browser', dataDir: join(dir, 'data') });
  host = await startWebHost({ ipc: new IpcServer(services.handlers), rendererDir, port: 0 });
});

afterAll(async () => {
  await host.close();
  await services.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function ipcUrl(token: string | undefined): string {
  return `ws://127.0.0.1:${host.port}/ipc${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;
}

/** Resolves with the HTTP status of a refused upgrade, or 101 when it was accepted. */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', reject);
  });
}

async function openIpc(): Promise<{ ws: WebSocket; next: () => Promise<ServerMessage> }> {
  const ws = new WebSocket(ipcUrl(host.token), { headers: { Origin: `http://127.0.0.1:${host.port}` } });
  const queue: ServerMessage[] = [];
  const waiting: Array<(message: ServerMessage) => void> = [];
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as ServerMessage;
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else queue.push(message);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return {
    ws,
    next: () => {
      const queued = queue.shift();
      return queued ? Promise.resolve(queued) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

describe('browser-mode host', () => {
  it('binds 127.0.0.1 and prints a URL carrying the token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(40);
  });

  it('serves the renderer with a strict CSP', async () => {
    const res = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('<title>Tessera</title>');
  });

  it('refuses a WebSocket without the token, with a wrong token, or from another origin', async () => {
    expect(await upgradeStatus(ipcUrl(undefined))).toBe(401);
    expect(await upgradeStatus(ipcUrl('wrong'))).toBe(401);
    expect(await upgradeStatus(ipcUrl(`${host.token}x`))).toBe(401);
    expect(await upgradeStatus(ipcUrl(host.token), { Origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(ipcUrl(host.token), { Origin: `http://127.0.0.1:${host.port}` })).toBe(101);
  });

  it('answers a malformed payload with an error naming the field and keeps the session', async () => {
    const { ws, next } = await openIpc();
    ws.send(JSON.stringify({ t: 'call', id: 1, method: 'connections.add', payload: { name: 'X', host: '127.0.0.1', port: 'abc', senderCompID: 'Tessera', targetCompID: 'Firm' } }));
    const error = await next();
    expect(error).toMatchObject({ t: 'error', id: 1, error: { code: 'InvalidPayload', issues: [{ path: 'port' }] } });
    ws.send('this is not json');
    expect(await next()).toMatchObject({ t: 'error', id: null, error: { code: 'MalformedMessage' } });
    ws.send(JSON.stringify({ t: 'call', id: 2, method: 'connections.add', payload: { name: 'X', host: '127.0.0.1', port: 9878, senderCompID: 'Tessera', targetCompID: 'Firm' } }));
    expect(await next()).toMatchObject({ t: 'result', id: 2, value: { settings: { name: 'X', port: 9878 }, state: 'disconnected' } });
    ws.close();
  });

  it('streams main\'s status snapshot once a second until unsubscribed', async () => {
    const { ws, next } = await openIpc();
    ws.send(JSON.stringify({ t: 'sub', id: 1, stream: 'status', args: {} }));
    const first = await next();
    const second = await next();
    expect(first).toMatchObject({ t: 'event', id: 1 });
    expect(second).toMatchObject({ t: 'event', id: 1 });
    const times = [first, second].map((m) => (m.t === 'event' ? (m.value as { mainTime: number }).mainTime : 0));
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(900);
    ws.send(JSON.stringify({ t: 'unsub', id: 1 }));
    expect(await next()).toEqual({ t: 'end', id: 1 });
    ws.close();
  });
});
