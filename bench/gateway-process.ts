import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { tesseraEntry } from '../interop/harness/build';

// The gateway under measurement as its own process (`tessera gateway`), the way a firm runs
// it: the benchmark's clients then share no event loop or heap with it. Ended by its own pid.

export interface GatewayProcessOptions {
  /** Folder for the config file and the data folder (the store, order journal, FIX stores). */
  readonly dir: string;
  readonly backgroundFlow: boolean;
  readonly backgroundSeed?: number;
  /** The config's `store.fsync` (the users/accounts store). */
  readonly storeFsync?: 'full' | 'normal';
}

const readyLine = /^gateway ready: FIX (\S+):(\d+), admin http:\/\/127\.0\.0\.1:(\d+)$/;

export class GatewayProcess {
  private stderrText: string;
  private readonly exited: Promise<void>;
  private running = true;

  private constructor(
    private readonly child: ChildProcess,
    readonly fixPort: number,
    readonly adminPort: number,
    stderr: string,
  ) {
    this.stderrText = stderr;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.stderr!.on('data', (chunk: Buffer) => (this.stderrText += chunk.toString('utf8')));
    void this.exited.then(() => (this.running = false));
  }

  static async start(options: GatewayProcessOptions): Promise<GatewayProcess> {
    if (!existsSync(tesseraEntry)) throw new Error(`${tesseraEntry} is missing: build the CLI first (node scripts/build-node.mjs)`);
    mkdirSync(options.dir, { recursive: true });
    const config = join(options.dir, 'gateway.json');
    writeFileSync(
      config,
      JSON.stringify({
        market: { schedule: 'always-open', backgroundFlow: options.backgroundFlow, backgroundSeed: options.backgroundSeed ?? 1 },
        store: { fsync: options.storeFsync ?? 'full' },
      }),
    );
    // e.g. TESSERA_BENCH_GATEWAY_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the gateway.
    const nodeArgs = (process.env.TESSERA_BENCH_GATEWAY_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const args = [...nodeArgs, tesseraEntry, 'gateway', '--config', config, '--data-dir', join(options.dir, 'data'), '--fix-port', '0', '--admin-port', '0', '--quiet'];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const ports = await new Promise<[number, number]>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error('no "gateway ready" line within 30 s')), 30_000);
      const lines = createInterface({ input: child.stdout });
      const fail = (error: Error): void => {
        clearTimeout(timer);
        lines.close();
        child.kill('SIGKILL');
        reject(new Error(`${error.message}\n$ node ${args.join(' ')}\n${stderr}`));
      };
      lines.on('line', (line) => {
        const match = readyLine.exec(line);
        if (!match) return;
        clearTimeout(timer);
        lines.close();
        resolve([Number(match[2]), Number(match[3])]);
      });
      child.once('exit', (code, signal) => fail(new Error(`gateway exited (${code ?? signal}) before it was ready`)));
    });
    child.removeAllListeners('exit');
    child.stderr.removeAllListeners('data');
    return new GatewayProcess(child, ports[0], ports[1], stderr);
  }

  /** User + system CPU seconds the gateway process has used so far (Linux /proc). */
  cpuSeconds(): number {
    const stat = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  }

  get stderr(): string {
    return this.stderrText;
  }

  /** SIGTERM (the gateway closes its stores) and wait; SIGKILL after 5 s. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** The gateway's admin API (src-gateway/admin/README.md), logged on as the demo admin. */
export class AdminClient {
  private constructor(
    private readonly base: string,
    private readonly token: string,
  ) {}

  static async logOn(port: number): Promise<AdminClient> {
    const base = `http://127.0.0.1:${port}`;
    const answer = await call(base, 'POST', '/login', undefined, { firm: 'DemoFirm', username: 'admin', password: 'admin-demo' });
    return new AdminClient(base, (answer as { token: string }).token);
  }

  async createAccount(number: string, limits: { maxOrderQty: number | null; maxPosition: number | null; priceBandTicks: number | null }): Promise<void> {
    await call(this.base, 'POST', '/accounts', this.token, { number, description: `benchmark ${number}` });
    await call(this.base, 'PUT', `/accounts/${number}/risk-limits`, this.token, limits);
  }

  async createUser(user: { username: string; password: string; roles: string[]; applications: string[]; accounts: string[] }): Promise<void> {
    await call(this.base, 'POST', '/users', this.token, { ...user, exchanges: ['CME', 'ICE', 'EUREX', 'FXALL'], marketDataCompleted: true });
  }
}

async function call(base: string, method: string, path: string, token: string | undefined, body: unknown): Promise<unknown> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`admin ${method} ${path}: ${response.status} ${text}`);
  return text.length > 0 ? JSON.parse(text) : undefined;
}
