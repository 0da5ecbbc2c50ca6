import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Layout } from '../../src-shared/ipc/contract';
import { LayoutSaver, type LayoutSaveState } from './layoutSaver';

/** A write main has not answered yet, so a test decides when and how it completes. */
class PendingWrites {
  readonly layouts: Layout[] = [];
  private readonly settles: { resolve(): void; reject(error: Error): void }[] = [];

  readonly write = (layout: Layout): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      this.layouts.push(layout);
      this.settles.push({ resolve, reject });
    });

  async complete(index: number, error?: Error): Promise<void> {
    const settle = this.settles[index]!;
    if (error) settle.reject(error);
    else settle.resolve();
    await Promise.resolve();
    await Promise.resolve();
  }
}

describe('LayoutSaver', () => {
  let current: number;
  let writes: PendingWrites;
  let states: LayoutSaveState['kind'][];
  let saver: LayoutSaver;

  beforeEach(() => {
    vi.useFakeTimers();
    current = 0;
    writes = new PendingWrites();
    states = [];
    saver = new LayoutSaver(() => ({ version: current }), writes.write, (state) => states.push(state.kind), 400);
  });

  afterEach(() => {
    saver.dispose();
    vi.useRealTimers();
  });

  it('writes once, the newest layout, after changes stop for the delay', async () => {
    for (let version = 1; version <= 5; version++) {
      current = version;
      saver.changed();
      vi.advanceTimersByTime(300);
    }
    expect(writes.layouts).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(writes.layouts).toEqual([{ version: 5 }]);
    await writes.complete(0);
    expect(states.at(-1)).toBe('saved');
  });

  it('never has two writes in flight and saves what changed during a write afterwards', async () => {
    current = 1;
    saver.changed();
    vi.advanceTimersByTime(400);
    current = 2;
    saver.changed();
    vi.advanceTimersByTime(1000);
    expect(writes.layouts).toEqual([{ version: 1 }]);
    await writes.complete(0);
    expect(states.at(-1)).toBe('pending');
    vi.advanceTimersByTime(400);
    expect(writes.layouts).toEqual([{ version: 1 }, { version: 2 }]);
    await writes.complete(1);
    expect(states.at(-1)).toBe('saved');
  });

  it('reports a failed write and tries again on the next change', async () => {
    current = 1;
    saver.changed();
    vi.advanceTimersByTime(400);
    await writes.complete(0, new Error('disk full'));
    expect(states.at(-1)).toBe('failed');
    saver.changed();
    vi.advanceTimersByTime(400);
    expect(writes.layouts).toHaveLength(2);
  });

  it('writes a pending change at once on flush, and nothing when there is none', () => {
    saver.flush();
    expect(writes.layouts).toEqual([]);
    current = 7;
    saver.changed();
    saver.flush();
    expect(writes.layouts).toEqual([{ version: 7 }]);
    vi.advanceTimersByTime(1000);
    expect(writes.layouts).toHaveLength(1);
  });

  it('reports a layout that cannot be read instead of throwing', () => {
    const broken = new LayoutSaver(
      () => {
        throw new Error('no workspace');
      },
      writes.write,
      (state) => states.push(state.kind),
    );
    broken.changed();
    broken.flush();
    expect(states.at(-1)).toBe('failed');
    expect(writes.layouts).toEqual([]);
  });

  it('does nothing once disposed', () => {
    saver.changed();
    saver.dispose();
    vi.advanceTimersByTime(1000);
    saver.changed();
    saver.flush();
    expect(writes.layouts).toEqual([]);
  });
});
