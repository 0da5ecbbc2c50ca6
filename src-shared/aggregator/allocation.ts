import { Rational } from '../pricing';

// SPEC §6 allocation rules as pure functions over whole aggregated lots. Arrays hold the legs
// that take part (available legs), in the configured leg order: "first" is index 0.

/** ⌊a × b / c⌋ exactly for non-negative safe integers a, b and c > 0. */
function mulDivFloor(a: number, b: number, c: number): number {
  const product = a * b;
  // A float quotient of a safe integer by a safe integer never rounds up to the next integer.
  if (product <= Number.MAX_SAFE_INTEGER) return Math.floor(product / c);
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}

/** Index of the largest weight; ties go to the first. Only indexes `eligible` accepts count. */
function firstLargest(weights: readonly number[], eligible: (i: number) => boolean): number {
  let best = -1;
  for (let i = 0; i < weights.length; i++) {
    if (eligible(i) && (best < 0 || weights[i]! > weights[best]!)) best = i;
  }
  return best;
}

/**
 * Shares `floor(R × w_i / Σw)`, the leftover to the largest weight (ties to the first). Legs
 * outside `eligible` or with weight 0 get nothing; with no positive weight nothing is shared.
 */
function shareByWeight(quantity: number, weights: readonly number[], eligible: (i: number) => boolean): number[] {
  const shares = new Array<number>(weights.length).fill(0);
  let total = 0;
  for (let i = 0; i < weights.length; i++) if (eligible(i)) total += weights[i]!;
  if (total <= 0 || quantity <= 0) return shares;
  let given = 0;
  for (let i = 0; i < weights.length; i++) {
    if (!eligible(i) || weights[i]! <= 0) continue;
    shares[i] = mulDivFloor(quantity, weights[i]!, total);
    given += shares[i]!;
  }
  const leftover = quantity - given;
  if (leftover > 0) shares[firstLargest(weights, (i) => eligible(i) && weights[i]! > 0)]! += leftover;
  return shares;
}

/**
 * Shares by weight, each capped at what its leg displays; the excess is shared again by the
 * same rule over the legs that still have room, until it is placed or no leg has room.
 * `weightsOf(room)` gives the weights of a round from the legs' remaining room.
 */
function shareCapped(
  quantity: number,
  displayed: readonly number[],
  weightsOf: (room: readonly number[]) => readonly number[],
): number[] {
  const taken = new Array<number>(displayed.length).fill(0);
  let rest = quantity;
  while (rest > 0) {
    const room = displayed.map((q, i) => q - taken[i]!);
    const weights = weightsOf(room);
    const shares = shareByWeight(rest, weights, (i) => room[i]! > 0);
    let placed = 0;
    for (let i = 0; i < shares.length; i++) {
      const share = Math.min(shares[i]!, room[i]!);
      taken[i]! += share;
      placed += share;
    }
    if (placed === 0) break;
    rest -= placed;
  }
  return taken;
}

/** Taking, RankRatio: legs in configured order, each takes `min(R, q_i)` of what is left. */
export function takeRankRatio(quantity: number, displayed: readonly number[]): number[] {
  let rest = quantity;
  return displayed.map((q) => {
    const share = Math.max(0, Math.min(rest, q));
    rest -= share;
    return share;
  });
}

/**
 * Taking, SplitRatio: `floor(R × r_i / Σr)` by the taking split ratios, leftover to the highest
 * ratio (ties to the first); a share above `q_i` is capped and the excess re-split over the legs
 * that still have room, by the same rule. A leg with ratio 0 takes nothing.
 */
export function takeSplitRatio(quantity: number, displayed: readonly number[], ratios: readonly number[]): number[] {
  return shareCapped(quantity, displayed, () => ratios);
}

/**
 * Taking, SizeRatio: every leg takes `q_i` when `R ≥ Σq`; else `floor(R × q_i / Σq)`, leftover
 * to the largest `q_i` (ties to the first). A leftover that would ask a leg for more than it
 * displays is capped and goes on by the same rule over the legs' remaining room.
 */
export function takeSizeRatio(quantity: number, displayed: readonly number[]): number[] {
  return shareCapped(quantity, displayed, (room) => room);
}

/** Joining, SplitRatio: `floor(R × j_i / Σj)`, leftover to the highest ratio, ties to the first. */
export function joinSplitRatio(quantity: number, ratios: readonly number[]): number[] {
  return shareByWeight(quantity, ratios, () => true);
}

/**
 * Joining, EPIQ, with `w_i` the quantity already working at the limit price on leg i. Legs with
 * `w_i = 0` share R equally (leftover to the first of them); otherwise the shares are
 * `floor(R × (1/w_i) / Σ(1/w))`, leftover to the smallest `w_i`, ties to the first: the
 * shortest queue gets the most. Exact for any queue sizes (they may be fractional lots).
 */
export function joinEpiq(quantity: number, queues: readonly Rational[]): number[] {
  const shares = new Array<number>(queues.length).fill(0);
  if (quantity <= 0 || queues.length === 0) return shares;
  const empty: number[] = [];
  queues.forEach((w, i) => {
    if (w.sign() === 0) empty.push(i);
  });
  if (empty.length > 0) {
    const each = Math.floor(quantity / empty.length);
    for (const i of empty) shares[i] = each;
    shares[empty[0]!]! += quantity - each * empty.length;
    return shares;
  }
  const inverses = queues.map((w) => Rational.ONE.div(w));
  const total = inverses.reduce((sum, x) => sum.add(x), Rational.ZERO);
  const r = Rational.of(quantity);
  let given = 0;
  let shortest = 0;
  inverses.forEach((inverse, i) => {
    shares[i] = Number(r.mul(inverse).div(total).floor());
    given += shares[i]!;
    if (queues[i]!.compare(queues[shortest]!) < 0) shortest = i;
  });
  shares[shortest]! += quantity - given;
  return shares;
}
