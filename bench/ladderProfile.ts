import type { Page } from '@playwright/test';
import type { BenchRow } from './table';

// Where the page's main thread goes under the feed: V8's sampling profiler over CDP, in its own
// window after the measured one (sampling slows the page, so it never overlaps the frame
// numbers). Self time per function, per second of wall time; "(idle)" is time the thread had
// nothing to do, "(program)" is the browser's own work on it (style, layout, paint, commit).

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

export async function profilePage(page: Page, seconds: number, top = 10): Promise<BenchRow[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
    await page.waitForTimeout(seconds * 1000);
    const { profile } = await cdp.send('Profiler.stop');
    const wallMs = (profile.endTime - profile.startTime) / 1000;
    const samples = profile.samples ?? [];
    const timeDeltas = profile.timeDeltas ?? [];
    const nodes = new Map<number, ProfileNode>(profile.nodes.map((node) => [node.id, node]));
    const selfMs = new Map<string, number>();
    // Each sample's time is the delta to the next one.
    samples.forEach((id, i) => {
      const node = nodes.get(id);
      if (!node) return;
      const frame = node.callFrame;
      const file = frame.url.split('/').pop() ?? '';
      const key = file === '' ? frame.functionName : `${frame.functionName || '(anonymous)'} (${file}:${frame.lineNumber + 1})`;
      selfMs.set(key, (selfMs.get(key) ?? 0) + (timeDeltas[i + 1] ?? 0) / 1000);
    });
    const perSecond = (ms: number) => ms / (wallMs / 1000);
    return [...selfMs]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, 'ms per s': perSecond(ms), share: `${((100 * ms) / wallMs).toFixed(1)} %` }));
  } finally {
    await cdp.detach();
  }
}
