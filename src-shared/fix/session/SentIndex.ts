/**
 * Where each stored message is (a location number and a length), by MsgSeqNum, kept in
 * MsgSeqNum order. Sent numbers normally only grow, so storing is an append; a number stored
 * again (after the sequence was set back by hand) replaces or slots in. Memory follows the
 * count of messages, not the size of the numbers.
 */
export class SentIndex {
  private seqs = new Float64Array(1024);
  private locations = new Float64Array(1024);
  private lengths = new Int32Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  set(seq: number, location: number, length: number): void {
    let i = this.count;
    if (i > 0 && seq <= this.seqs[i - 1]!) {
      i = this.lowerBound(seq);
      if (i < this.count && this.seqs[i] === seq) {
        this.locations[i] = location;
        this.lengths[i] = length;
        return;
      }
      this.ensure(this.count + 1);
      this.seqs.copyWithin(i + 1, i, this.count);
      this.locations.copyWithin(i + 1, i, this.count);
      this.lengths.copyWithin(i + 1, i, this.count);
    } else {
      this.ensure(i + 1);
    }
    this.seqs[i] = seq;
    this.locations[i] = location;
    this.lengths[i] = length;
    this.count++;
  }

  /** Calls fn for each stored number in [begin, end], ascending. */
  forEach(begin: number, end: number, fn: (seq: number, location: number, length: number) => void): void {
    for (let i = this.lowerBound(begin); i < this.count; i++) {
      const seq = this.seqs[i]!;
      if (seq > end) return;
      fn(seq, this.locations[i]!, this.lengths[i]!);
    }
  }

  clear(): void {
    this.count = 0;
  }

  private lowerBound(seq: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.seqs[mid]! < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private ensure(n: number): void {
    if (n <= this.seqs.length) return;
    const size = Math.max(n, this.seqs.length * 2);
    const seqs = new Float64Array(size);
    const locations = new Float64Array(size);
    const lengths = new Int32Array(size);
    seqs.set(this.seqs.subarray(0, this.count));
    locations.set(this.locations.subarray(0, this.count));
    lengths.set(this.lengths.subarray(0, this.count));
    this.seqs = seqs;
    this.locations = locations;
    this.lengths = lengths;
  }
}
