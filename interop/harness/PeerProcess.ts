import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

// One peer under test as a child process: its stdout lines, readiness waits, kill -9 and a
// graceful stop. Processes are ended by their own pid only.

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export class PeerProcess {
  readonly lines: string[] = [];
  private stderrText = '';
  private readonly child: ChildProcess;
  private readonly waiters = new Set<() => void>();
  readonly exited: Promise<Exit>;
  private exit: Exit | null = null;

  constructor(
    readonly name: string,
    readonly command: string,
    readonly args: readonly string[],
    options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
  ) {
    this.child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      this.lines.push(line);
      for (const wake of this.waiters) wake();
    });
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.stderrText += chunk.toString('utf8');
    });
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        for (const wake of this.waiters) wake();
        resolve(this.exit);
      });
      this.child.on('error', (error) => {
        this.stderrText += `spawn failed: ${error.message}\n`;
        this.exit = { code: null, signal: null };
        for (const wake of this.waiters) wake();
        resolve(this.exit);
      });
    });
  }

  get stderr(): string {
    return this.stderrText;
  }

  get running(): boolean {
    return this.exit === null;
  }

  /** Waits for a stdout line matching pattern (searching lines already printed too). */
  async waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    let searched = 0;
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        for (; searched < this.lines.length; searched++) {
          const match = this.lines[searched]!.match(pattern);
          if (match !== null) {
            done();
            resolve(match);
            return true;
          }
        }
        if (this.exit !== null) {
          done();
          reject(new Error(`${this.name} exited (${JSON.stringify(this.exit)}) before printing ${pattern}\n${this.describe()}`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${this.name}: no line matching ${pattern} within ${timeoutMs} ms\n${this.describe()}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
      };
      const wake = (): void => {
        check();
      };
      this.waiters.add(wake);
      check();
    });
  }

  /** kill -9, then wait until the process is gone. */
  async killHard(): Promise<Exit> {
    if (this.exit === null) this.child.kill('SIGKILL');
    return this.exited;
  }

  /** SIGTERM and wait; SIGKILL if it has not exited in time. */
  async stop(timeoutMs = 5_000): Promise<Exit> {
    if (this.exit !== null) return this.exit;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  async waitForExit(timeoutMs: number): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.name} still running after ${timeoutMs} ms\n${this.describe()}`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Command line and the tail of the output, for assertion messages. */
  describe(tail = 15): string {
    return [
      `$ ${[this.command, ...this.args].join(' ')}`,
      ...this.lines.slice(-tail).map((line) => `  stdout: ${line}`),
      ...this.stderrText.trimEnd().split('\n').filter(Boolean).slice(-tail).map((line) => `  stderr: ${line}`),
    ].join('\n');
  }
}

/** Every process a test started, so one afterEach can end them all (each by its pid). */
export class PeerGroup {
  private readonly processes: PeerProcess[] = [];

  start(name: string, command: string, args: readonly string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv }): PeerProcess {
    const peer = new PeerProcess(name, command, args, options);
    this.processes.push(peer);
    return peer;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.processes.map((peer) => peer.stop(2_000)));
    this.processes.length = 0;
  }
}

/**
 * A port free on every interface: the QuickFIX acceptor binds all of them (it has no listen-address
 * setting), even though the tests only ever connect over 127.0.0.1.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '0.0.0.0', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
