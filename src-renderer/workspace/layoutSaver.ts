import type { Layout } from '../../src-shared/ipc/contract';

export type LayoutSaveState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'pending' }
  | { readonly kind: 'saving' }
  | { readonly kind: 'saved'; readonly at: number }
  | { readonly kind: 'failed'; readonly reason: string };

/**
 * Saves the workspace layout after it has stopped changing for `delayMs` (a drag fires dozens
 * of changes), one write at a time so that an older layout can never land after a newer one.
 * The layout is read when the write starts, so the newest one is what gets saved.
 */
export class LayoutSaver {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private dirty = false;
  private writing = false;
  private disposed = false;

  constructor(
    private readonly snapshot: () => Layout,
    private readonly write: (layout: Layout) => Promise<void>,
    private readonly onState: (state: LayoutSaveState) => void,
    private readonly delayMs = 400,
  ) {}

  /** The layout changed. */
  changed(): void {
    if (this.disposed) return;
    this.dirty = true;
    this.onState({ kind: 'pending' });
    if (!this.writing) this.restartTimer();
  }

  /** Write a pending change now (the page is going away). */
  flush(): void {
    this.clearTimer();
    if (this.dirty && !this.writing) this.writeNow();
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimer();
  }

  private restartTimer(): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.writeNow();
    }, this.delayMs);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private writeNow(): void {
    if (this.disposed) return;
    this.dirty = false;
    this.writing = true;
    this.onState({ kind: 'saving' });
    let layout: Layout;
    try {
      layout = this.snapshot();
    } catch (error) {
      this.finished({ kind: 'failed', reason: reasonOf(error) });
      return;
    }
    this.write(layout).then(
      () => this.finished({ kind: 'saved', at: Date.now() }),
      (error: unknown) => this.finished({ kind: 'failed', reason: reasonOf(error) }),
    );
  }

  private finished(state: LayoutSaveState): void {
    this.writing = false;
    if (this.disposed) return;
    // A change that arrived during the write is saved next; until then it is still pending.
    if (this.dirty) {
      if (state.kind === 'failed') this.onState(state);
      this.onState({ kind: 'pending' });
      this.restartTimer();
      return;
    }
    this.onState(state);
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
