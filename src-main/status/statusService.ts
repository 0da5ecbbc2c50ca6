import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { StatusSnapshot } from '../../src-shared/ipc/contract';

export interface ConnectionCounts {
  total: number;
  up: number;
}

/** Main's health as the status bar shows it: one snapshot per interval, to every subscriber. */
export class StatusService {
  private readonly startedAt = Date.now();
  private readonly delay: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private readonly listeners = new Set<(snapshot: StatusSnapshot) => void>();
  private timer: NodeJS.Timeout | undefined;
  private last: StatusSnapshot;

  constructor(
    private readonly connectionCounts: () => ConnectionCounts,
    private readonly intervalMs = 1000,
  ) {
    this.delay.enable();
    this.last = this.sample();
  }

  current(): StatusSnapshot {
    return this.last;
  }

  subscribe(listener: (snapshot: StatusSnapshot) => void): () => void {
    this.listeners.add(listener);
    listener(this.last);
    this.timer ??= setInterval(() => this.tick(), this.intervalMs);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stopTimer();
    };
  }

  dispose(): void {
    this.stopTimer();
    this.listeners.clear();
    this.delay.disable();
  }

  private tick(): void {
    this.last = this.sample();
    this.delay.reset();
    for (const listener of this.listeners) listener(this.last);
  }

  private sample(): StatusSnapshot {
    const now = Date.now();
    const counts = this.connectionCounts();
    const p99Ns = this.delay.count > 0 ? this.delay.percentile(99) : 0;
    return {
      mainTime: now,
      uptimeMs: now - this.startedAt,
      eventLoopDelayP99Ms: Math.round(p99Ns / 1e4) / 100,
      rssBytes: process.memoryUsage.rss(),
      connectionsTotal: counts.total,
      connectionsUp: counts.up,
    };
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
