import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedGateway, type GatewayChild, type GatewaySpawner } from './embeddedGateway';
import { GatewaySupervisor, type SupervisorClock } from './gatewaySupervisor';

const root = join(import.meta.dirname, '../..');
const cli = join(root, 'out/node/tessera.js');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-supervisor-'));
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

async function until(condition: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the embedded gateway under its supervisor (a real child process)', () => {
  it('comes back on the same FIX port after kill -9, and stays down once stopped', { timeout: 60_000 }, async () => {
    const children: ChildProcess[] = [];
    const spawner: GatewaySpawner = (args) => {
      const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      return child;
    };
    const lines: string[] = [];
    const supervisor = new GatewaySupervisor(() => new EmbeddedGateway(spawner, join(dir, 'real')), (line) => lines.push(line), { restartInitialMs: 100, restartMaxMs: 1000, healthyAfterMs: 60_000 });
    const { fixPort } = await supervisor.start();
    expect(await accepts(fixPort)).toBe(true);

    children[0]!.kill('SIGKILL');
    await until(() => children.length === 2 && lines.some((line) => line.includes('running again')));
    expect(await accepts(fixPort)).toBe(true);
    expect(lines[0]).toBe(`the embedded gateway stopped unexpectedly (killed by a signal); starting it again on port ${fixPort} in 0.1 s`);

    await supervisor.stop();
    expect(await accepts(fixPort)).toBe(false);
    expect(children.map((child) => child.exitCode !== null || child.signalCode !== null)).toEqual([true, true]);
  });
});

/** A gateway child that does what the test scripts: print its ready line, or die at once. */
class ScriptedChild extends EventEmitter implements GatewayChild {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  exited = false;

  constructor(
    readonly args: string[],
    outcome: 'ready' | 'dies',
  ) {
    super();
    const port = args[args.indexOf('--fix-port') + 1] === '0' ? 40001 : Number(args[args.indexOf('--fix-port') + 1]);
    setImmediate(() => {
      if (outcome === 'ready') this.stdout.write(`gateway ready: FIX 127.0.0.1:${port}, admin http://127.0.0.1:40002\n`);
      else this.exit(1);
    });
  }

  kill(): boolean {
    setImmediate(() => this.exit(null));
    return true;
  }

  exit(code: number | null): void {
    if (this.exited) return;
    this.exited = true;
    this.emit('exit', code);
  }
}

/** Time the test moves by hand: timers run only when it says. */
class ManualClock implements SupervisorClock {
  time = 0;
  readonly pending: Array<{ at: number; run: () => void }> = [];

  now(): number {
    return this.time;
  }

  setTimeout(run: () => void, ms: number): unknown {
    const timer = { at: this.time + ms, run };
    this.pending.push(timer);
    return timer;
  }

  clearTimeout(handle: unknown): void {
    const at = this.pending.indexOf(handle as { at: number; run: () => void });
    if (at >= 0) this.pending.splice(at, 1);
  }

  /** Runs the next timer, returning how long it was set for from now. */
  runNext(): number {
    const timer = this.pending.shift();
    if (!timer) throw new Error('no timer pending');
    const waited = timer.at - this.time;
    this.time = timer.at;
    timer.run();
    return waited;
  }
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('restart backoff (scripted children)', () => {
  function supervised(outcomes: Array<'ready' | 'dies'>) {
    const children: ScriptedChild[] = [];
    const clock = new ManualClock();
    const lines: string[] = [];
    const spawner: GatewaySpawner = (args) => {
      const child = new ScriptedChild(args, outcomes.shift() ?? 'ready');
      children.push(child);
      return child;
    };
    const supervisor = new GatewaySupervisor(() => new EmbeddedGateway(spawner, '/unused'), (line) => lines.push(line), { restartInitialMs: 1000, restartMaxMs: 4000, healthyAfterMs: 60_000 }, clock);
    return { supervisor, children, clock, lines };
  }

  it('waits longer after each failed restart (up to the maximum), always on the first port', async () => {
    const { supervisor, children, clock, lines } = supervised(['ready', 'dies', 'dies', 'dies', 'ready']);
    await supervisor.start();
    children[0]!.exit(null);
    await settle();
    const waits: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      waits.push(clock.runNext());
      await settle();
      await settle();
    }
    expect(waits).toEqual([1000, 2000, 4000, 4000]);
    expect(children).toHaveLength(5);
    expect(children.slice(1).every((child) => child.args.join(' ').includes('--fix-port 40001'))).toBe(true);
    expect(lines.at(-1)).toBe('the embedded gateway is running again on port 40001');
    expect(clock.pending).toHaveLength(0);
    await supervisor.stop();
  });

  it('waits the initial time again after a run that lasted', async () => {
    const { supervisor, children, clock } = supervised(['ready', 'dies', 'ready', 'ready']);
    await supervisor.start();
    children[0]!.exit(null);
    await settle();
    expect(clock.runNext()).toBe(1000);
    await settle();
    await settle();
    expect(clock.runNext()).toBe(2000);
    await settle();
    await settle();
    clock.time += 60_000;
    children[2]!.exit(null);
    await settle();
    expect(clock.runNext()).toBe(1000);
    await settle();
    expect(children).toHaveLength(4);
    await supervisor.stop();
  });

  it('starts nothing more once stopped, even with a restart pending', async () => {
    const { supervisor, children, clock } = supervised(['ready']);
    await supervisor.start();
    children[0]!.exit(null);
    await settle();
    expect(clock.pending).toHaveLength(1);
    await supervisor.stop();
    expect(clock.pending).toHaveLength(0);
    expect(children).toHaveLength(1);
  });

  it('does not restart a gateway it was asked to stop', async () => {
    const { supervisor, children, clock } = supervised(['ready']);
    await supervisor.start();
    await supervisor.stop();
    await settle();
    expect(children[0]!.exited).toBe(true);
    expect(clock.pending).toHaveLength(0);
  });
});
