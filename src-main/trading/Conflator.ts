/** The timer functions a conflator needs (injected so tests drive time). */
export interface FrameClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realFrameClock: FrameClock = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Turns a stream of changes into at most one frame per interval (SPEC §11: market data is
 * conflated to the display refresh). A change marks the state dirty; the frame is built from
 * the newest state when it goes out, so nothing queues behind a fast feed: a burst of a
 * thousand changes costs one frame, and a slow reader sees fewer, newer frames, never old
 * ones. The first change after a quiet spell goes out on the next turn of the event loop.
 */
export class Conflator<T> {
  private readonly listeners = new Set<(frame: T) => void>();
  private timer: unknown = null;
  private lastFrameAt = -Infinity;

  constructor(
    private readonly build: () => T | undefined,
    private readonly intervalMs: number,
    private readonly clock: FrameClock = realFrameClock,
  ) {}

  /** Adds a reader; it gets the current state at once (when there is one), then frames. */
  subscribe(listener: (frame: T) => void): () => void {
    this.listeners.add(listener);
    const frame = this.build();
    if (frame !== undefined) listener(frame);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.cancel();
    };
  }

  get readers(): number {
    return this.listeners.size;
  }

  changed(): void {
    if (this.timer !== null || this.listeners.size === 0) return;
    const wait = Math.max(0, this.lastFrameAt + this.intervalMs - this.clock.now());
    this.timer = this.clock.setTimeout(() => this.flush(), wait);
  }

  dispose(): void {
    this.cancel();
    this.listeners.clear();
  }

  private flush(): void {
    this.timer = null;
    const frame = this.build();
    if (frame !== undefined) for (const listener of this.listeners) listener(frame);
    // Counted from when the frame went out: building and sending it is part of the frame.
    this.lastFrameAt = this.clock.now();
  }

  private cancel(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
