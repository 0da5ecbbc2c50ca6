import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Runs the real desktop shell where an Electron binary exists (a developer's laptop, the
// release runners); elsewhere it reports itself skipped with the reason.
const root = join(import.meta.dirname, '..');

function electronBinary(): { path: string } | { reason: string } {
  const electronDir = join(root, 'node_modules/electron');
  const pathFile = join(electronDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const base = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(electronDir, 'dist');
  const candidate = join(base, relative ?? 'electron');
  return existsSync(candidate)
    ? { path: candidate }
    : { reason: `no Electron binary at ${candidate} (it cannot be downloaded on this machine; set ELECTRON_OVERRIDE_DIST_PATH to a local one)` };
}

const binary = electronBinary();

test.describe('desktop shell', () => {
  test.skip('reason' in binary, 'reason' in binary ? binary.reason : '');

  let app: ElectronApplication;
  let userData: string;

  test.beforeAll(async () => {
    if (!('path' in binary)) return;
    userData = mkdtempSync(join(tmpdir(), 'tessera-electron-'));
    app = await electron.launch({ executablePath: binary.path, args: [root, `--user-data-dir=${userData}`] });
  });

  test.afterAll(async () => {
    await app?.close();
    if (userData) rmSync(userData, { recursive: true, force: true });
  });

  test('runs sandboxed with context isolation and only the narrow bridge', async () => {
    const page = await app.firstWindow();
    const exposed = await page.evaluate(() => ({
      hasRequire: typeof (globalThis as { require?: unknown }).require,
      hasProcess: typeof (globalThis as { process?: unknown }).process,
      bridgeKeys: Object.keys((window as unknown as { tesseraBridge: object }).tesseraBridge).sort(),
    }));
    expect(exposed).toEqual({ hasRequire: 'undefined', hasProcess: 'undefined', bridgeKeys: ['onMessage', 'send'] });
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]!.webContents;
      const web = (contents as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences();
      return { contextIsolation: web.contextIsolation, sandbox: web.sandbox, nodeIntegration: web.nodeIntegration };
    });
    expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });
  });

  test('blocks navigation and new windows', async () => {
    const page = await app.firstWindow();
    const before = page.url();
    await page.evaluate(() => {
      window.open('https://example.com');
      window.location.href = 'https://example.com';
    });
    await page.waitForTimeout(500);
    expect(app.windows()).toHaveLength(1);
    expect(page.url()).toBe(before);
  });

  test('answers IPC over the bridge, with named-field errors for bad payloads', async () => {
    const page = await app.firstWindow();
    const reply = await page.evaluate(
      () =>
        new Promise<unknown>((resolve) => {
          const bridge = (window as unknown as { tesseraBridge: { send(m: unknown): void; onMessage(l: (m: unknown) => void): () => void } }).tesseraBridge;
          const off = bridge.onMessage((message) => {
            if ((message as { id?: number }).id === 9001) {
              off();
              resolve(message);
            }
          });
          bridge.send({ t: 'call', id: 9001, method: 'connections.add', payload: { name: 'X', host: 'h', port: 'x', senderCompID: 'A', targetCompID: 'B' } });
        }),
    );
    expect(reply).toMatchObject({ t: 'error', id: 9001, error: { code: 'InvalidPayload', issues: [{ path: 'port' }] } });
  });
});
