import type { EmbeddedGateway, EmbeddedGatewayAddress } from './embeddedGateway';

export interface SupervisorTiming {
  /** Wait before the first restart after a crash; doubles on each failed or short-lived run. */
  restartInitialMs: number;
  restartMaxMs: number;
  /** A run this long counts as healthy: the next crash waits the initial time again. */
  healthyAfterMs: number;
}

export const defaultSupervisorTiming: SupervisorTiming = { restartInitialMs: 1000, restartMaxMs: 30_000, healthyAfterMs: 60_000 };

export interface SupervisorClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemClock: SupervisorClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Keeps the embedded gateway up, as a trader expects of the gateway the workstation runs for
 * itself: one that dies unasked (a crash, kill -9, out of memory) is started again after a
 * backoff, on the same FIX port and data folder, so the connection's own reconnect finds it
 * where it was and its journal brings the day's orders back; reconciliation does the rest.
 * A gateway that keeps dying is retried ever more slowly, never given up on.
 */
export class GatewaySupervisor {
  private gateway: EmbeddedGateway | undefined;
  private fixPort = 0;
  private nextDelayMs: number;
  private runningSince = 0;
  private timer: unknown;
  private stopped = false;

  constructor(
    private readonly newGateway: () => EmbeddedGateway,
    private readonly report: (line: string) => void,
    private readonly timing: SupervisorTiming = defaultSupervisorTiming,
    private readonly clock: SupervisorClock = systemClock,
  ) {
    this.nextDelayMs = timing.restartInitialMs;
  }

  /** Starts the gateway on free ports; rejects when this first start fails (nothing is retried then). */
  async start(): Promise<EmbeddedGatewayAddress> {
    const gateway = this.newGateway();
    this.gateway = gateway;
    const address = await gateway.start();
    this.fixPort = address.fixPort;
    this.running(gateway);
    return address;
  }

  /** Stops the gateway and any restart to come. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await this.gateway?.stop();
  }

  private running(gateway: EmbeddedGateway): void {
    this.runningSince = this.clock.now();
    void gateway.whenExited().then((code) => {
      if (this.stopped || this.gateway !== gateway) return;
      if (this.clock.now() - this.runningSince >= this.timing.healthyAfterMs) this.nextDelayMs = this.timing.restartInitialMs;
      this.restartLater(`the embedded gateway stopped unexpectedly (${code === null ? 'killed by a signal' : `exit code ${code}`})`);
    });
  }

  private restartLater(why: string): void {
    const delay = this.nextDelayMs;
    this.nextDelayMs = Math.min(delay * 2, this.timing.restartMaxMs);
    this.report(`${why}; starting it again on port ${this.fixPort} in ${delay / 1000} s`);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      void this.restart();
    }, delay);
  }

  private async restart(): Promise<void> {
    if (this.stopped) return;
    const gateway = this.newGateway();
    this.gateway = gateway;
    try {
      await gateway.start({ fixPort: this.fixPort });
    } catch (error) {
      if (this.stopped) return;
      // A start that timed out may have left the child running: it must not hold the port.
      await gateway.stop();
      this.restartLater(`the embedded gateway did not start again: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (this.stopped) {
      await gateway.stop();
      return;
    }
    this.report(`the embedded gateway is running again on port ${this.fixPort}`);
    this.running(gateway);
  }
}
