import { expect, it } from 'vitest';
import { ReconnectBackoff } from './ReconnectBackoff';

it('doubles the delay per failed attempt up to the cap, and starts over after a logon', () => {
  const b = new ReconnectBackoff(500, 4000);
  expect([b.nextDelay(), b.nextDelay(), b.nextDelay(), b.nextDelay(), b.nextDelay()]).toEqual([500, 1000, 2000, 4000, 4000]);
  b.reset();
  expect(b.nextDelay()).toBe(500);
});

it('refuses a cap below the first delay', () => {
  expect(() => new ReconnectBackoff(1000, 10)).toThrow(RangeError);
});
