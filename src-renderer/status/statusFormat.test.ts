import { describe, expect, it } from 'vitest';
import { formatBytes, formatClock, formatDelayMs, formatUptime } from './statusFormat';

describe('status formats', () => {
  it('writes a local clock with seconds, zero-padded', () => {
    expect(formatClock(new Date(2025, 0, 2, 9, 5, 7, 999).getTime())).toBe('09:05:07');
    expect(formatClock(new Date(2025, 0, 2, 23, 59, 59).getTime())).toBe('23:59:59');
  });

  it('writes uptime as a clock, with days beyond one', () => {
    expect(formatUptime(0)).toBe('00:00:00');
    expect(formatUptime(61_999)).toBe('00:01:01');
    expect(formatUptime((26 * 3600 + 3) * 1000)).toBe('1d 02:00:03');
  });

  it('writes memory in binary units', () => {
    expect(formatBytes(512 * 1024)).toBe('512 KiB');
    expect(formatBytes(84.34 * 1024 * 1024)).toBe('84.3 MiB');
    expect(formatBytes(1.25 * 1024 ** 3)).toBe('1.25 GiB');
  });

  it('writes small delays precisely and large ones whole', () => {
    expect(formatDelayMs(1.234)).toBe('1.23 ms');
    expect(formatDelayMs(42.6)).toBe('43 ms');
  });
});
