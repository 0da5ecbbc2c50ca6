import { test as base } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BrowserModeApp {
  /** The URL with its token, as `npm run start:web` prints it. */
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  /** Stops main and starts it again on the same data folder; returns the new URL. */
  restart(): Promise<string>;
}

const root = join(import.meta.dirname, '..');

/** Starts `tessera web` (built by globalSetup) on a free port and waits for its URL line. */
export function startBrowserMode(dataDir: string): Promise<{ process: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(root, 'out/node/tessera.js'), 'web', '--port', '0', '--data-dir', dataDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`tessera web did not print its URL:\n${output}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Tessera \(browser mode\): (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve({ process: child, url: match[1]! });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tessera web exited with ${code}:\n${output}`));
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export const test = base.extend<{ app: BrowserModeApp }>({
  app: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tessera-e2e-'));
    let running = await startBrowserMode(dataDir);
    const app: BrowserModeApp = {
      url: running.url,
      origin: new URL(running.url).origin,
      token: new URL(running.url).hash.replace('#token=', ''),
      dataDir,
      async restart() {
        await stop(running.process);
        running = await startBrowserMode(dataDir);
        app.url = running.url;
        app.origin = new URL(running.url).origin;
        app.token = new URL(running.url).hash.replace('#token=', '');
        return running.url;
      },
    };
    await use(app);
    await stop(running.process);
    rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
