import { chromium, type Browser, type Page } from '@playwright/test';
import react from '@vitejs/plugin-react';
import { build as bundle } from 'esbuild';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build as buildVite } from 'vite';
import WebSocket from 'ws';
import { chromiumLaunch } from '../playwright.config';
import { IpcClient } from '../src-shared/ipc/client';
import type { AdminBook, AdminBurst } from '../src-gateway/admin/instrumentControl';
import { GatewayProcess } from './gateway-process';
import { installLadderProbe } from './ladderProbe';

// The workstation as a trader runs it, for `npm run bench -- ladder`: `tessera gateway` with
// the embedded gateway's settings (the demo firm, markets always open, background flow seed
// 1), `tessera web` (main in Node, the UI in Chromium) connected to it, trader1 logged on
// through the login screen, and one MD Trader ladder open. The benchmark starts the gateway
// itself (`tessera web --no-embedded-gateway` plus a connection) only so that it knows the
// admin API's port, which main does not publish.

export const benchInstrument = { exchange: 'CME', symbol: 'ESZ6', tickSize: '0.25' } as const;
const viewport = { width: 900, height: 1000 };

// The bench runner runs from the repository root (scripts/bench.mjs).
const root = process.cwd();
/** The workstation built for the benchmark: `tessera web` here serves the renderer next to it (../renderer). */
export const benchBuild = { renderer: join(root, 'out/bench/renderer'), cli: join(root, 'out/bench/node/tessera.js') };

/**
 * Builds the renderer and the CLI into out/bench (as electron-vite and scripts/build-node.mjs
 * build them into out/renderer and out/node), so that the benchmark never rewrites files a
 * running test or app is using.
 */
export async function buildWorkstation(): Promise<void> {
  await buildVite({ root: join(root, 'src-renderer'), plugins: [react()], logLevel: 'error', build: { outDir: benchBuild.renderer, emptyOutDir: true } });
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  await bundle({
    absWorkingDir: root,
    entryPoints: { tessera: 'src-main/cli/tessera.ts' },
    outdir: join(root, 'out/bench/node'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {}), 'electron'],
    loader: { '.xml': 'text' },
    banner: { js: "import { createRequire as __tesseraRequire } from 'node:module'; const require = __tesseraRequire(import.meta.url);" },
    logLevel: 'warning',
  });
}

/** The gateway's admin API as the benchmark uses it: books and bursts (src-gateway/admin/README.md). */
export class BenchAdmin {
  private constructor(
    private readonly base: string,
    private readonly token: string,
  ) {}

  static async logOn(port: number): Promise<BenchAdmin> {
    const base = `http://127.0.0.1:${port}`;
    const answer = (await request(base, undefined, 'POST', '/login', { firm: 'DemoFirm', username: 'admin', password: 'admin-demo' })) as { token: string };
    return new BenchAdmin(base, answer.token);
  }

  book(): Promise<AdminBook> {
    return request(this.base, this.token, 'GET', `${this.instrumentPath}/book`) as Promise<AdminBook>;
  }

  startBurst(settings: { rate: number; levels?: number; seed?: number }): Promise<AdminBurst> {
    return request(this.base, this.token, 'PUT', `${this.instrumentPath}/burst`, settings) as Promise<AdminBurst>;
  }

  burst(): Promise<AdminBurst> {
    return request(this.base, this.token, 'GET', `${this.instrumentPath}/burst`) as Promise<AdminBurst>;
  }

  async endBurst(): Promise<void> {
    await request(this.base, this.token, 'DELETE', `${this.instrumentPath}/burst`);
  }

  private get instrumentPath(): string {
    return `/exchanges/${benchInstrument.exchange}/instruments/${benchInstrument.symbol}`;
  }
}

async function request(base: string, token: string | undefined, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`admin ${method} ${path}: ${response.status} ${text}`);
  return text.length > 0 ? JSON.parse(text) : undefined;
}

/** `tessera web` on a free port; resolves with the URL it prints (token included). */
function startWeb(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [benchBuild.cli, 'web', '--port', '0', '--data-dir', dataDir, '--no-embedded-gateway'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`tessera web printed no URL within 30 s:\n${output}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Tessera \(browser mode\): (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]! });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tessera web exited (${code}):\n${output}`));
    });
  });
}

/** A call to main over its WebSocket, as another window would make it. */
async function callMain<T>(url: string, call: (client: IpcClient) => Promise<T>): Promise<T> {
  const { origin, hash } = new URL(url);
  const socket = new WebSocket(`${origin.replace('http', 'ws')}/ipc?token=${encodeURIComponent(hash.replace('#token=', ''))}`);
  const client = new IpcClient((message) => socket.send(JSON.stringify(message)));
  socket.on('message', (data: Buffer) => client.receive(JSON.parse(data.toString()) as unknown));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  try {
    return await call(client);
  } finally {
    socket.close();
  }
}

function cpuSecondsOf(pid: number | undefined): number {
  // Fields after the command name (which may hold spaces) start after the last ')'; utime, stime in ticks.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export class LadderDesk {
  private constructor(
    readonly page: Page,
    readonly admin: BenchAdmin,
    readonly gateway: GatewayProcess,
    private readonly web: ChildProcess,
    private readonly browser: Browser,
    /** Exceptions the page did not catch. */
    readonly uncaught: string[],
  ) {}

  static async open(dir: string): Promise<LadderDesk> {
    const gateway = await GatewayProcess.start({ dir: join(dir, 'gateway'), backgroundFlow: true, backgroundSeed: 1 });
    let web: ChildProcess | undefined;
    let browser: Browser | undefined;
    try {
      const started = await startWeb(join(dir, 'workstation'));
      web = started.child;
      await callMain(started.url, (client) =>
        client.call('connections.add', { name: 'Bench gateway', host: '127.0.0.1', port: gateway.fixPort, senderCompID: 'Tessera', targetCompID: 'DemoFirm' }),
      );
      browser = await chromium.launch(chromiumLaunch);
      const page = await browser.newPage({ viewport });
      const uncaught: string[] = [];
      page.on('pageerror', (error) => uncaught.push(error.message));
      await page.addInitScript(installLadderProbe);
      await page.goto(started.url);
      await logOn(page);
      const desk = new LadderDesk(page, await BenchAdmin.logOn(gateway.adminPort), gateway, web, browser, uncaught);
      await desk.openLadder();
      return desk;
    } catch (error) {
      await browser?.close();
      web?.kill('SIGTERM');
      await gateway.stop();
      throw error;
    }
  }

  get ladder() {
    return this.page.locator('.ladder-grid');
  }

  row(tick: number) {
    return this.ladder.locator(`[role="row"][data-tick="${tick}"]`);
  }

  /** Rows the ladder has on screen. */
  rows(): Promise<number> {
    return this.ladder.locator('[role="rowgroup"] [role="row"]').count();
  }

  /** CPU seconds used so far by the gateway and by main. */
  cpuSeconds(): { gateway: number; main: number } {
    return { gateway: this.gateway.cpuSeconds(), main: cpuSecondsOf(this.web.pid) };
  }

  async close(): Promise<void> {
    await this.browser.close();
    const exited = new Promise((resolve) => this.web.once('exit', resolve));
    this.web.kill('SIGTERM');
    await exited;
    await this.gateway.stop();
  }

  /** The MD Trader ladder alone in the window, on the benchmark's instrument, its book live. */
  private async openLadder(): Promise<void> {
    const page = this.page;
    await page.keyboard.press('Alt+Shift+M');
    const panel = page.locator('.ladder-panel');
    await panel.getByLabel('Instrument').selectOption(`${benchInstrument.exchange}|${benchInstrument.symbol}`);
    await this.ladder.locator('[role="rowgroup"] [role="row"][data-tick]').first().waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('.ladder-panel .ladder-blocked') === null, undefined, { timeout: 30_000 });
  }
}

/** Through the login screen: the master logon (trader1), then the account its orders go to. */
async function logOn(page: Page): Promise<void> {
  await page.getByRole('timer', { name: 'Main clock' }).filter({ hasText: /^\d\d:\d\d:\d\d$/ }).waitFor({ timeout: 30_000 });
  await page.keyboard.press('Alt+Shift+L');
  const login = page.locator('.login-panel');
  await login.getByRole('combobox', { name: 'Gateway' }).filter({ hasText: 'Bench gateway' }).waitFor({ timeout: 30_000 });
  const master = page.getByRole('form', { name: 'Master logon' });
  await master.getByLabel('Username').fill('trader1');
  await master.getByLabel('Password').fill('trader1-demo');
  await master.getByRole('button', { name: 'Log on' }).click();
  await login.filter({ hasText: 'Logged on as trader1' }).waitFor({ timeout: 60_000 });
  const account = page.getByRole('form', { name: 'Account' });
  await account.getByLabel('Account').fill('11111');
  await account.getByRole('button', { name: 'Use account' }).click();
}
