import { PricingError, type Rational } from '../pricing';

const MAX = Number.MAX_SAFE_INTEGER;

/** ⌊n / d⌋ for integers n and d > 0 whose magnitudes stay within safe integers. */
function floorDiv(n: number, d: number): number {
  let q = Math.trunc(n / d);
  // A float quotient of safe integers is off by at most one; the remainder, exact in integers, corrects it.
  let r = n - q * d;
  while (r < 0) {
    q -= 1;
    r += d;
  }
  while (r >= d) {
    q += 1;
    r -= d;
  }
  return q;
}

function floorDivBig(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n < 0n && q * d !== n ? q - 1n : q;
}

function safe(value: bigint, what: string): number {
  if (value > BigInt(MAX) || value < -BigInt(MAX)) throw new PricingError(`${what} is out of range`);
  return Number(value);
}

/**
 * A leg's tick count k and the aggregated row r it lies on (or between), as the integer map
 * `r = (k·p + u) / d` and back `k = (r·d − u) / p`, with p, d > 0. Exact: integers only,
 * numbers while every intermediate is a safe integer and bigint beyond.
 */
export class RowMap {
  private readonly p: number;
  private readonly u: number;
  private readonly d: number;
  private readonly pBig: bigint;
  private readonly uBig: bigint;
  private readonly dBig: bigint;

  /** `step` = one leg tick in rows, `start` = the row of leg tick 0; both exact. */
  constructor(step: Rational, start: Rational) {
    const d = lcm(step.denominator, start.denominator);
    this.pBig = step.numerator * (d / step.denominator);
    this.uBig = start.numerator * (d / start.denominator);
    this.dBig = d;
    if (this.pBig <= 0n) throw new PricingError('a leg step must be above zero');
    this.p = safe(this.pBig, 'the leg step in aggregated rows');
    this.u = safe(this.uBig, 'the leg offset in aggregated rows');
    this.d = safe(this.dBig, 'the aggregated tick against the leg tick');
  }

  /** True when every leg tick lies exactly on a row. */
  get exact(): boolean {
    return this.d === 1;
  }

  /** The row at or below (up = false) or at or above (up = true) leg tick k. */
  row(k: number, up: boolean): number {
    if (Math.abs(k) * this.p + Math.abs(this.u) + this.d <= MAX) {
      const n = k * this.p + this.u;
      return up ? -floorDiv(-n, this.d) : floorDiv(n, this.d);
    }
    const n = BigInt(k) * this.pBig + this.uBig;
    return safe(up ? -floorDivBig(-n, this.dBig) : floorDivBig(n, this.dBig), `row of leg tick ${k}`);
  }

  /** The leg tick at or below (up = false) or at or above (up = true) row r. */
  legTicks(r: number, up: boolean): number {
    if (Math.abs(r) * this.d + Math.abs(this.u) + this.p <= MAX) {
      const n = r * this.d - this.u;
      return up ? -floorDiv(-n, this.p) : floorDiv(n, this.p);
    }
    const n = BigInt(r) * this.dBig - this.uBig;
    return safe(up ? -floorDivBig(-n, this.pBig) : floorDivBig(n, this.pBig), `leg tick of row ${r}`);
  }
}

function lcm(a: bigint, b: bigint): bigint {
  let x = a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return (a / x) * b;
}
