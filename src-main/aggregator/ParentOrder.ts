import { Rational } from '../../src-shared/pricing';
import type { ChildOrder } from './ChildOrder';
import type { ParentStatus, Side } from './types';

/**
 * A parent order's state and its books in units of 1/lcm(ratios) lot (`LotUnits`), so the
 * never-overfill sum is integer arithmetic: a leg contract is `perContract[leg]` units.
 * Every change to a child goes through `change` so the committed sum stays exact.
 */
export class ParentOrder {
  status: ParentStatus = 'working';
  reason: string | null = null;
  /** The quantity the trader wants now. */
  targetUnits: number;
  /**
   * The quantity in force for never-overfill: the target, except after a modify down, when the
   * old quantity stays in force until the children over the new one are confirmed gone.
   */
  ceilingUnits: number;
  /** Σ children (filled + open): what the exchanges have filled or may still fill. */
  committedUnits = 0;
  filledUnits = 0;
  readonly children: ChildOrder[] = [];
  /** Children not yet done. */
  readonly live = new Set<ChildOrder>();
  readonly legFilled: number[];
  /** Σ contracts × leg price per leg, for the leg's average. */
  readonly legNotional: Rational[];
  /** Σ units × aggregated price over priced fills, and the units they cover. */
  aggregatedNotional = Rational.ZERO;
  pricedUnits = 0;
  rejects = 0;
  sentAny = false;
  lastRebalanceAt = -Infinity;
  cancelRebalanceTimer: (() => void) | undefined;
  private childSeq = 0;

  constructor(
    readonly id: string,
    readonly side: Side,
    public limitRow: number,
    quantityUnits: number,
    private readonly perContract: readonly number[],
  ) {
    this.targetUnits = quantityUnits;
    this.ceilingUnits = quantityUnits;
    this.legFilled = perContract.map(() => 0);
    this.legNotional = perContract.map(() => Rational.ZERO);
  }

  get final(): boolean {
    return this.status === 'filled' || this.status === 'cancelled' || this.status === 'rejected';
  }

  /** Units the parent may still send: target − committed (negative while a modify down is pending). */
  get freeUnits(): number {
    return this.targetUnits - this.committedUnits;
  }

  get openUnits(): number {
    return this.committedUnits - this.filledUnits;
  }

  nextChildId(): string {
    return `${this.id}-${++this.childSeq}`;
  }

  add(child: ChildOrder): void {
    this.children.push(child);
    this.live.add(child);
    this.sentAny = true;
    this.committedUnits += child.open * this.perContract[child.leg]!;
  }

  /** Applies `mutate` to a child, keeping the committed sum and the live set right. */
  change(child: ChildOrder, mutate: () => void): void {
    const u = this.perContract[child.leg]!;
    this.committedUnits -= (child.filled + child.open) * u;
    mutate();
    this.committedUnits += (child.filled + child.open) * u;
    if (child.done) this.live.delete(child);
  }

  fill(child: ChildOrder, contracts: number, price: Rational | undefined, aggregatedPrice: Rational | undefined): void {
    const u = this.perContract[child.leg]!;
    this.change(child, () => {
      child.filled += contracts;
      child.acked = true;
      if (!child.done && child.filled >= child.quantity) child.finish();
    });
    this.filledUnits += contracts * u;
    this.legFilled[child.leg]! += contracts;
    if (price && aggregatedPrice) {
      this.legNotional[child.leg] = this.legNotional[child.leg]!.add(price.mul(Rational.of(contracts)));
      this.aggregatedNotional = this.aggregatedNotional.add(aggregatedPrice.mul(Rational.of(contracts * u)));
      this.pricedUnits += contracts * u;
    }
  }

  /** Once the children over a lowered target are gone, the lower quantity is in force. */
  settleCeiling(): void {
    if (this.committedUnits <= this.targetUnits) this.ceilingUnits = this.targetUnits;
  }

  /** Open contracts per leg. */
  legWorking(): number[] {
    const out = this.perContract.map(() => 0);
    for (const child of this.children) out[child.leg]! += child.open;
    return out;
  }
}
