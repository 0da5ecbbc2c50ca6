import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMainServices } from '../app/mainServices';
import { EmbeddedGateway } from './embeddedGateway';
import { nodeSpawner } from './nodeSpawner';

const root = join(import.meta.dirname, '../..');
const cli = join(root, 'out/node/tessera.js');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-embedded-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

describe('embedded gateway', () => {
  it('starts as a child process on free ports, accepts FIX connections, and stops', async () => {
    const gateway = new EmbeddedGateway(nodeSpawner(cli), join(dir, 'a'));
    const address = await gateway.start();
    expect(address.host).toBe('127.0.0.1');
    expect(await accepts(address.fixPort)).toBe(true);
    await gateway.stop();
    expect(await accepts(address.fixPort)).toBe(false);
  });

  it('reports a gateway that dies before it is ready, with its output', async () => {
    const broken = new EmbeddedGateway(() => nodeSpawner(cli)(['gateway', '--config', join(dir, 'missing.json')]), join(dir, 'b'));
    await expect(broken.start()).rejects.toThrow(/exited \(code 2\) before it was ready: .*no such file/);
  });

  it('is what main starts when no gateway is configured, listed as the embedded connection', async () => {
    const services = createMainServices({ shell: 'browser', dataDir: join(dir, 'c'), gatewaySpawner: nodeSpawner(cli) });
    await services.gatewayReady;
    const [embedded] = services.connections.list();
    expect(embedded).toMatchObject({ id: 'embedded', embedded: true, settings: { host: '127.0.0.1', senderCompID: 'Tessera', targetCompID: 'DemoFirm' } });
    expect(await accepts(embedded!.settings.port)).toBe(true);
    await services.dispose();
    expect(await accepts(embedded!.settings.port)).toBe(false);
  });
});
