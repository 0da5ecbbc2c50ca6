const frameMs = 1000 / 60;

/** Nearest rank; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Frames a 60 Hz display showed without a new one from the page: gaps between frame starts beyond one period. */
export function droppedFrames(starts: readonly number[]): number {
  let dropped = 0;
  for (let i = 1; i < starts.length; i++) dropped += Math.max(0, Math.round((starts[i]! - starts[i - 1]!) / frameMs) - 1);
  return dropped;
}

/** The frame columns of a ladder table row: rate, main-thread time per frame, dropped frames. */
export function frameColumns(recorded: { starts: readonly number[]; busyMs: readonly number[] }): Record<string, number> {
  const span = (recorded.starts.at(-1)! - recorded.starts[0]!) / 1000;
  return {
    fps: (recorded.starts.length - 1) / span,
    'frame p50 ms': percentile(recorded.busyMs, 50),
    'frame p95 ms': percentile(recorded.busyMs, 95),
    'frame max ms': Math.max(...recorded.busyMs),
    'dropped frames': droppedFrames(recorded.starts),
  };
}
