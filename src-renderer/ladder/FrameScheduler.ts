/**
 * Runs `draw` at most once per display frame, and only in frames after something asked for
 * it: a feed may call `request` thousands of times a second and still cost one draw a frame.
 */
export class FrameScheduler {
  private handle: number | null = null;

  constructor(
    private readonly draw: () => void,
    private readonly requestFrame: (callback: () => void) => number = (callback) => requestAnimationFrame(callback),
    private readonly cancelFrame: (handle: number) => void = (handle) => cancelAnimationFrame(handle),
  ) {}

  request(): void {
    if (this.handle !== null) return;
    this.handle = this.requestFrame(() => {
      this.handle = null;
      this.draw();
    });
  }

  dispose(): void {
    if (this.handle !== null) this.cancelFrame(this.handle);
    this.handle = null;
  }
}
