/**
 * Delays between reconnect attempts: starts at `initialMs`, doubles per failed attempt up to
 * `maxMs`, and starts over once a logon succeeds. Deterministic, so tests and operators can
 * predict when the next attempt comes.
 */
export class ReconnectBackoff {
  private attempt = 0;

  constructor(
    readonly initialMs = 1000,
    readonly maxMs = 30_000,
  ) {
    if (!(initialMs > 0) || !(maxMs >= initialMs)) {
      throw new RangeError(`reconnect backoff needs 0 < initial (${initialMs}) <= max (${maxMs})`);
    }
  }

  /** The delay before the next attempt; each call counts one more failed attempt. */
  nextDelay(): number {
    const delay = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return delay;
  }

  /** A logon succeeded: the next disconnect retries after `initialMs` again. */
  reset(): void {
    this.attempt = 0;
  }
}
