import { describe, expect, it } from 'vitest';
import { Conflator, type FrameClock } from './Conflator';

/** A clock the test moves by hand; timers fire in time order as it moves. */
class ManualClock implements FrameClock {
  private time = 0;
  private timers: Array<{ at: number; run: () => void; id: number }> = [];
  private nextId = 1;

  now(): number {
    return this.time;
  }

  setTimeout(run: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, run, id });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.run();
    }
    this.time = end;
  }

  get pending(): number {
    return this.timers.length;
  }
}

describe('Conflator', () => {
  it('sends the current state on subscribe, then at most one frame per interval, always the newest', () => {
    const clock = new ManualClock();
    let state = 0;
    const conflator = new Conflator(() => state, 16, clock);
    const frames: number[] = [];
    conflator.subscribe((frame) => frames.push(frame));
    expect(frames).toEqual([0]);
    // 1,000 changes within 100 ms, one every 0.1 ms.
    for (let i = 1; i <= 1000; i++) {
      state = i;
      conflator.changed();
      clock.advance(0.1);
    }
    clock.advance(50);
    expect(frames.length).toBeLessThanOrEqual(1 + Math.ceil(100 / 16) + 1);
    expect(frames.length).toBeGreaterThanOrEqual(6);
    expect(frames.at(-1)).toBe(1000);
    // Strictly newer each time: no frame repeats an old state.
    for (let i = 1; i < frames.length; i++) expect(frames[i]!).toBeGreaterThan(frames[i - 1]!);
  });

  it('builds one frame for every reader of the instrument', () => {
    const clock = new ManualClock();
    let builds = 0;
    const conflator = new Conflator(() => ++builds, 16, clock);
    const a: number[] = [];
    const b: number[] = [];
    conflator.subscribe((f) => a.push(f));
    conflator.subscribe((f) => b.push(f));
    conflator.changed();
    conflator.changed();
    clock.advance(20);
    expect([a.at(-1), b.at(-1), builds]).toEqual([3, 3, 3]);
  });

  it('sends the first change after a quiet spell without waiting a whole interval', () => {
    const clock = new ManualClock();
    let state = 'a';
    const conflator = new Conflator(() => state, 16, clock);
    const frames: string[] = [];
    conflator.subscribe((f) => frames.push(f));
    clock.advance(1000);
    state = 'b';
    conflator.changed();
    clock.advance(0);
    expect(frames).toEqual(['a', 'b']);
  });

  it('stops its timer when the last reader goes, and has nothing to send without readers', () => {
    const clock = new ManualClock();
    const conflator = new Conflator(() => 1, 16, clock);
    const stop = conflator.subscribe(() => undefined);
    conflator.changed();
    expect(clock.pending).toBe(1);
    stop();
    expect(clock.pending).toBe(0);
    conflator.changed();
    expect(clock.pending).toBe(0);
  });

  it('sends nothing while there is no state to show', () => {
    const clock = new ManualClock();
    let state: number | undefined = undefined;
    const conflator = new Conflator(() => state, 16, clock);
    const frames: number[] = [];
    conflator.subscribe((f) => frames.push(f));
    conflator.changed();
    clock.advance(20);
    state = 7;
    conflator.changed();
    clock.advance(20);
    expect(frames).toEqual([7]);
  });
});
