/**
 * The ladder's static price column: row 0 shows `topTick`, each row below one tick less. Prices
 * stay where they are while the market moves; only a recentre (button, hotkey, or auto when
 * the market nears an edge) or a scroll moves them, so a click lands on the price the trader
 * aimed at.
 */
export class PriceColumn {
  private top: number;
  private count: number;

  constructor(rows: number, centreTick = 0) {
    this.count = Math.max(1, Math.floor(rows));
    this.top = centreTick + Math.floor(this.count / 2);
  }

  get topTick(): number {
    return this.top;
  }

  get bottomTick(): number {
    return this.top - this.count + 1;
  }

  get rows(): number {
    return this.count;
  }

  tickAt(row: number): number {
    return this.top - row;
  }

  /** The row showing `tick`, or -1 when it is off screen. */
  rowOf(tick: number): number {
    const row = this.top - tick;
    return row >= 0 && row < this.count ? row : -1;
  }

  /** Puts `tick` in the middle row. Returns whether the prices moved. */
  centreOn(tick: number): boolean {
    return this.setTop(tick + Math.floor(this.count / 2));
  }

  /** Moves the prices by whole rows: positive shows higher prices. */
  scroll(rows: number): boolean {
    return this.setTop(this.top + Math.trunc(rows));
  }

  /** A new height keeps the middle price in the middle. */
  resize(rows: number): boolean {
    const next = Math.max(1, Math.floor(rows));
    if (next === this.count) return false;
    const middle = this.top - Math.floor(this.count / 2);
    this.count = next;
    this.top = middle + Math.floor(next / 2);
    return true;
  }

  /** Whether `tick` is within `margin` rows of an edge, or off screen: when auto-recentre acts. */
  nearEdge(tick: number, margin: number): boolean {
    const row = this.top - tick;
    const edge = Math.min(margin, Math.floor((this.count - 1) / 2));
    return row < edge || row > this.count - 1 - edge;
  }

  private setTop(top: number): boolean {
    if (top === this.top) return false;
    this.top = top;
    return true;
  }
}
