import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rational } from '../pricing';
import { joinEpiq, joinSplitRatio, takeRankRatio, takeSizeRatio, takeSplitRatio } from './allocation';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('Taking, RankRatio: legs in configured order, each min(R, q_i)', () => {
  it.each([
    ['the first leg fills it all', 4, [5, 5], [4, 0]],
    ['the first leg, then the next', 10, [3, 5, 4], [3, 5, 2]],
    ['a leg with nothing at the level is passed over', 2, [0, 5], [0, 2]],
    ['more than the level: each takes all it shows', 20, [3, 5, 4], [3, 5, 4]],
  ])('%s: R=%i q=%j → %j', (_name, r, q, expected) => {
    expect(takeRankRatio(r, q)).toEqual(expected);
  });
});

describe('Taking, SplitRatio: floor(R × r_i / Σr), leftover to the highest ratio, capping re-split', () => {
  it.each([
    ['equal ratios, leftover to the first (tie)', 10, [99, 99, 99], [1, 1, 1], [4, 3, 3]],
    ['leftover to the highest ratio', 10, [99, 99, 99], [1, 2, 1], [2, 6, 2]],
    ['no leftover', 8, [99, 99], [1, 3], [2, 6]],
    ['a share above q_i is capped, the excess goes to the legs with room', 10, [2, 10], [1, 1], [2, 8]],
    ['capping cascades over the legs that still have room', 8, [1, 1, 10], [2, 1, 1], [1, 1, 6]],
    ['the leftover leg is capped and its excess re-split', 5, [10, 1], [1, 3], [4, 1]],
    ['R above the level: every leg takes what it shows, the rest stays', 10, [2, 3], [1, 1], [2, 3]],
    ['a leg with ratio 0 takes nothing', 4, [5, 5], [0, 1], [0, 4]],
    ['excess never goes to a ratio-0 leg', 4, [5, 2], [0, 1], [0, 2]],
    ['a leg with nothing at the level gets its share re-split', 7, [5, 0, 5], [1, 2, 1], [4, 0, 3]],
  ])('%s: R=%i q=%j r=%j → %j', (_name, r, q, ratios, expected) => {
    expect(takeSplitRatio(r, q, ratios)).toEqual(expected);
  });
});

describe('Taking, SizeRatio: every q_i when R ≥ Σq, else floor(R × q_i / Σq), leftover to the largest q_i', () => {
  it.each([
    ['R ≥ Σq: every leg takes q_i', 10, [2, 3], [2, 3]],
    ['R = Σq', 5, [2, 3], [2, 3]],
    ['proportional, no leftover', 4, [2, 6], [1, 3]],
    ['leftover to the largest q', 5, [3, 3, 4], [1, 1, 3]],
    ['leftover to the first of the largest (tie)', 5, [4, 4, 1], [3, 2, 0]],
    ['the leftover never asks a leg for more than it shows', 2, [1, 1, 1], [1, 1, 0]],
    ['a leg showing nothing takes nothing', 3, [0, 6], [0, 3]],
  ])('%s: R=%i q=%j → %j', (_name, r, q, expected) => {
    expect(takeSizeRatio(r, q)).toEqual(expected);
  });
});

describe('Joining, SplitRatio: floor(R × j_i / Σj), leftover to the highest ratio, ties to the first', () => {
  it.each([
    ['equal ratios', 10, [1, 1, 1], [4, 3, 3]],
    ['leftover to the highest', 10, [1, 2, 1], [2, 6, 2]],
    ['leftover to the first of the highest', 7, [2, 2, 1], [4, 2, 1]],
    ['a ratio-0 leg joins nothing', 5, [0, 1], [0, 5]],
    ['one lot', 1, [1, 1], [1, 0]],
    ['nothing to join', 0, [1, 1], [0, 0]],
  ])('%s: R=%i j=%j → %j', (_name, r, ratios, expected) => {
    expect(joinSplitRatio(r, ratios)).toEqual(expected);
  });
});

describe('Joining, EPIQ: the shortest queue gets the most', () => {
  const w = (xs: readonly (number | readonly [number, number])[]) =>
    xs.map((x) => (typeof x === 'number' ? Rational.of(x) : Rational.of(x[0], x[1])));
  it.each([
    ['empty queues share R equally, leftover to the first of them', 5, [0, 5, 0], [3, 0, 2]],
    ['one empty queue takes all', 7, [4, 0, 9], [0, 7, 0]],
    ['reverse ratio of the queues', 9, [10, 5], [3, 6]],
    ['leftover to the smallest queue', 10, [10, 10, 5], [2, 2, 6]],
    ['leftover to the first of the smallest (tie)', 6, [4, 4, 8], [3, 2, 1]],
    ['fractional queues (leg quantity / ratio) are exact', 3, [[3, 2], 3], [2, 1]],
    ['one lot goes to the shortest queue', 1, [7, 2, 3], [0, 1, 0]],
  ] as const)('%s: R=%i w=%j → %j', (_name, r, queues, expected) => {
    expect(joinEpiq(r, w(queues))).toEqual(expected);
  });
});

describe('allocation invariants', () => {
  const level = fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 8 });
  it('taking never asks a leg for more than it displays and places min(R, Σq) (min(R, Σq over r>0) for SplitRatio)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), level, fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 8, maxLength: 8 }), (r, q, ratios) => {
        const rs = ratios.slice(0, q.length);
        for (const [shares, room] of [
          [takeRankRatio(r, q), sum(q)],
          [takeSizeRatio(r, q), sum(q)],
          [takeSplitRatio(r, q, rs), sum(q.filter((_, i) => rs[i]! > 0))],
        ] as const) {
          shares.forEach((s, i) => {
            expect(s).toBeGreaterThanOrEqual(0);
            expect(s).toBeLessThanOrEqual(q[i]!);
            expect(Number.isInteger(s)).toBe(true);
          });
          expect(sum(shares)).toBe(Math.min(r, room));
        }
      }),
    );
  });

  it('joining places all of R, only on legs that may take it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 8 }), (r, xs) => {
        const ratios = xs.some((x) => x > 0) ? xs : xs.map(() => 1);
        const split = joinSplitRatio(r, ratios);
        expect(sum(split)).toBe(r);
        split.forEach((s, i) => expect(ratios[i] === 0 ? s : 0).toBe(0));
        const epiq = joinEpiq(r, xs.map((x) => Rational.of(x)));
        expect(sum(epiq)).toBe(r);
        if (xs.includes(0)) epiq.forEach((s, i) => expect(xs[i] === 0 ? 0 : s).toBe(0));
      }),
    );
  });

  it('works with quantities whose products pass 2^53 exactly', () => {
    expect(takeSizeRatio(3_000_000_000, [4_000_000_000, 5_000_000_000])).toEqual([1_333_333_333, 1_666_666_667]);
  });
});
