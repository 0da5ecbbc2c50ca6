import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStore } from './FileStore';

const enc = new TextEncoder();
const dec = new TextDecoder();
const dirs: string[] = [];

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tessera-store-'));
  dirs.push(d);
  return d;
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function sentFrames(store: FileStore, begin = 1, end = 1_000_000): [number, string][] {
  const out: [number, string][] = [];
  store.forEachSent(begin, end, (seq, frame) => out.push([seq, dec.decode(frame)]));
  return out;
}

describe('FileStore', () => {
  it('keeps sequence numbers and sent messages across a reopen', () => {
    const dir = tempDir();
    const a = FileStore.open(dir, 'CLIENT', 'EXEC', { clock: () => 1234 });
    expect([a.nextSenderMsgSeqNum, a.nextTargetMsgSeqNum, a.creationTime]).toEqual([1, 1, 1234]);
    a.saveSent(1, enc.encode('one'));
    a.saveSent(2, enc.encode('two'));
    a.incrNextTargetMsgSeqNum();
    a.incrNextTargetMsgSeqNum();
    a.saveSent(3, enc.encode('three'));
    a.close();
    const b = FileStore.open(dir, 'CLIENT', 'EXEC');
    expect([b.nextSenderMsgSeqNum, b.nextTargetMsgSeqNum, b.creationTime]).toEqual([4, 3, 1234]);
    expect(sentFrames(b)).toEqual([
      [1, 'one'],
      [2, 'two'],
      [3, 'three'],
    ]);
    expect(sentFrames(b, 2, 2)).toEqual([[2, 'two']]);
    b.close();
  });

  it('copies frames: the caller may reuse its buffer at once', () => {
    const dir = tempDir();
    const s = FileStore.open(dir, 'A', 'B');
    const buf = enc.encode('AAAA');
    s.saveSent(1, buf);
    buf.set(enc.encode('ZZZZ'));
    s.saveSent(2, buf);
    expect(sentFrames(s)).toEqual([
      [1, 'AAAA'],
      [2, 'ZZZZ'],
    ]);
    s.close();
  });

  it('cuts off a torn last record (a crash mid-write) and keeps everything before it', () => {
    const dir = tempDir();
    const a = FileStore.open(dir, 'A', 'B');
    for (let i = 1; i <= 5; i++) a.saveSent(i, enc.encode(`message ${i}`));
    a.close();
    const path = a.path;
    const full = statSync(path).size;
    truncateSync(path, full - 3); // the last record loses its CRC tail
    const b = FileStore.open(dir, 'A', 'B');
    expect(b.nextSenderMsgSeqNum).toBe(5);
    expect(sentFrames(b).map(([s]) => s)).toEqual([1, 2, 3, 4]);
    expect(statSync(path).size).toBeLessThan(full - 3);
    b.saveSent(5, enc.encode('again'));
    b.close();
    const c = FileStore.open(dir, 'A', 'B');
    expect(sentFrames(c).at(-1)).toEqual([5, 'again']);
    c.close();
  });

  it('cuts off a last record whose bytes are corrupt, and garbage after the end', () => {
    const dir = tempDir();
    const a = FileStore.open(dir, 'A', 'B');
    a.saveSent(1, enc.encode('kept'));
    a.saveSent(2, enc.encode('flipped'));
    a.close();
    const bytes = readFileSync(a.path);
    bytes[bytes.length - 6] = bytes[bytes.length - 6]! ^ 0xff; // inside message 2's frame
    writeFileSync(a.path, bytes);
    appendFileSync(a.path, Buffer.from([1, 2, 3]));
    const b = FileStore.open(dir, 'A', 'B');
    expect(sentFrames(b)).toEqual([[1, 'kept']]);
    expect(b.nextSenderMsgSeqNum).toBe(2);
    b.close();
  });

  it('reset starts a new journal: numbers at 1, no messages, new creation time', () => {
    const dir = tempDir();
    let now = 1000;
    const a = FileStore.open(dir, 'A', 'B', { clock: () => now });
    a.saveSent(1, enc.encode('x'));
    a.setNextTargetMsgSeqNum(40);
    now = 5000;
    a.reset(now);
    expect([a.nextSenderMsgSeqNum, a.nextTargetMsgSeqNum, a.creationTime]).toEqual([1, 1, 5000]);
    expect(sentFrames(a)).toEqual([]);
    a.saveSent(1, enc.encode('after'));
    a.close();
    const b = FileStore.open(dir, 'A', 'B');
    expect([b.nextSenderMsgSeqNum, b.creationTime]).toEqual([2, 5000]);
    expect(sentFrames(b)).toEqual([[1, 'after']]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    b.close();
  });

  it('keeps explicit sequence numbers and skips numbers never stored', () => {
    const dir = tempDir();
    const a = FileStore.open(dir, 'A', 'B', { fsync: 'never' });
    a.saveSent(1, enc.encode('1'));
    a.setNextSenderMsgSeqNum(10);
    a.saveSent(10, enc.encode('10'));
    a.close();
    const b = FileStore.open(dir, 'A', 'B', { fsync: 'batch' });
    expect(b.nextSenderMsgSeqNum).toBe(11);
    expect(sentFrames(b)).toEqual([
      [1, '1'],
      [10, '10'],
    ]);
    b.close();
  });

  it('stores huge sequence numbers and a number stored again after a manual set-back', () => {
    const dir = tempDir();
    const a = FileStore.open(dir, 'A', 'B');
    a.setNextSenderMsgSeqNum(2_000_000_000);
    a.saveSent(2_000_000_000, enc.encode('big'));
    a.setNextSenderMsgSeqNum(1_999_999_999);
    a.saveSent(1_999_999_999, enc.encode('before'));
    a.saveSent(2_000_000_000, enc.encode('again'));
    a.close();
    const b = FileStore.open(dir, 'A', 'B');
    expect(b.nextSenderMsgSeqNum).toBe(2_000_000_001);
    expect(sentFrames(b, 1, 3_000_000_000)).toEqual([
      [1_999_999_999, 'before'],
      [2_000_000_000, 'again'],
    ]);
    b.close();
  });

  it('gives each session its own journal and escapes CompIDs into file names', () => {
    const dir = tempDir();
    const a = FileStore.open(dir, 'A/B', 'C D');
    const b = FileStore.open(dir, 'A', 'B');
    a.saveSent(1, enc.encode('a'));
    a.close();
    b.close();
    expect(readdirSync(dir).sort()).toEqual(['FIX.4.4-A%2fB-C%20D.journal', 'FIX.4.4-A-B.journal']);
  });

  it('refuses a journal locked by another live process and takes over a dead one\'s lock', () => {
    const dir = tempDir();
    const lock = join(dir, 'FIX.4.4-A-B.lock');
    writeFileSync(lock, String(process.ppid));
    expect(() => FileStore.open(dir, 'A', 'B')).toThrow(/in use by process/);
    writeFileSync(lock, '999999999');
    const s = FileStore.open(dir, 'A', 'B');
    expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
    s.close();
  });
});
