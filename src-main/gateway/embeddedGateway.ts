/** What main needs of a child process, whether Node's child_process or Electron's utilityProcess. */
export interface GatewayChild {
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  kill(): boolean;
  once(event: 'exit', listener: (code: number | null) => void): unknown;
}

/** Starts `tessera gateway <args>` as a child process. */
export type GatewaySpawner = (args: string[]) => GatewayChild;

export interface EmbeddedGatewayAddress {
  readonly host: string;
  readonly fixPort: number;
  readonly adminPort: number;
}

const readyLine = /^gateway ready: FIX (\S+):(\d+), admin http:\/\/127\.0\.0\.1:(\d+)$/m;

/**
 * The gateway the workstation runs for itself when no other is configured (SPEC §1): a child
 * process with its data in the user-data folder, started with free ports, waited for, and
 * stopped when main quits.
 */
export class EmbeddedGateway {
  private child: GatewayChild | undefined;
  private exited: Promise<number | null> | undefined;

  constructor(
    private readonly spawn: GatewaySpawner,
    private readonly dataDir: string,
    private readonly report: (line: string) => void = () => undefined,
  ) {}

  /**
   * Starts the child and resolves with its address once it prints its ready line. The FIX port
   * is a free one unless given (a restart keeps the port the connection knows).
   */
  start({ fixPort = 0, timeoutMs = 60_000 }: { fixPort?: number; timeoutMs?: number } = {}): Promise<EmbeddedGatewayAddress> {
    const child = this.spawn(['gateway', '--data-dir', this.dataDir, '--fix-port', String(fixPort), '--admin-port', '0', '--quiet']);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', resolve));
    return new Promise((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`the embedded gateway did not start within ${timeoutMs / 1000} s: ${output.trim().slice(-300)}`)), timeoutMs);
      const onOutput = (chunk: Buffer | string): void => {
        output += chunk.toString();
        const match = readyLine.exec(output);
        if (!match) return;
        clearTimeout(timer);
        child.stdout?.off('data', onOutput);
        resolve({ host: match[1]!, fixPort: Number(match[2]), adminPort: Number(match[3]) });
      };
      child.stdout?.on('data', onOutput);
      child.stderr?.on('data', (chunk: Buffer | string) => {
        output += chunk.toString();
        this.report(`embedded gateway: ${chunk.toString().trimEnd()}`);
      });
      void this.exited!.then((code) => {
        clearTimeout(timer);
        reject(new Error(`the embedded gateway exited (code ${code}) before it was ready: ${output.trim().slice(-300)}`));
      });
    });
  }

  /** Resolves when the child exits, with its exit code. */
  whenExited(): Promise<number | null> {
    return this.exited ?? Promise.resolve(null);
  }

  /** Asks the child to shut down (it logs its sessions out) and waits for it. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.exited) return;
    this.child = undefined;
    child.kill();
    await this.exited;
  }
}
