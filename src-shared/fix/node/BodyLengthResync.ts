import type { FrameResult } from '../codec';

const SOH = 0x01;
/** "<SOH>10=ddd<SOH>" ends every frame: its SOH sits 8 bytes before the frame's end. */
const TRAILER_FROM_END = 8;

/**
 * QuickFIX reads a message up to the first "<SOH>10=" at or after the end its BodyLength
 * declares, so a BodyLength too long swallows the messages after it and the whole run is
 * dropped as one garbled message (acceptance test 2m). The framer instead starts again at the
 * next "8=FIX". This filter, fed every framer result in stream order, drops the results
 * QuickFIX would have swallowed, so a counterparty sees the same reaction from both engines.
 */
export class BodyLengthResync {
  /** Stream offset of the next result. */
  private offset = 0;
  /** While >= 0: results are swallowed until one whose trailer starts at or after this offset. */
  private searchFrom = -1;

  /** Whether to drop this result (in stream order; every result must be passed). */
  swallow(result: FrameResult): boolean {
    const start = this.offset;
    const length = result.bytes.length;
    this.offset += length;
    if (this.searchFrom >= 0) {
      if (result.kind === 'frame' && start + length - TRAILER_FROM_END >= this.searchFrom) this.searchFrom = -1;
      return true;
    }
    if (result.kind === 'garbled' && result.reason === 'BadBodyLength') {
      const declaredEnd = declaredBodyEnd(result.bytes);
      // QuickFIX looks for "<SOH>10=" from the byte before the declared end.
      if (declaredEnd !== undefined && start + declaredEnd - 1 > start + length - 1) this.searchFrom = start + declaredEnd - 1;
    }
    return false;
  }
}

/** Offset just past the body a "8=...<SOH>9=n<SOH>" prefix declares, or undefined. */
function declaredBodyEnd(b: Uint8Array): number | undefined {
  let p = 0;
  while (p < b.length && b[p] !== SOH) p++;
  p++;
  if (b[p] !== 0x39 || b[p + 1] !== 0x3d) return undefined;
  p += 2;
  let n = 0;
  const digits = p;
  while (p < b.length && b[p]! >= 0x30 && b[p]! <= 0x39 && p - digits < 9) n = n * 10 + (b[p++]! - 0x30);
  if (p === digits || b[p] !== SOH) return undefined;
  return p + 1 + n;
}
