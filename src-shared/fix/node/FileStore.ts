import { closeSync, existsSync, fdatasyncSync, fstatSync, ftruncateSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { MessageStore } from '../session/MessageStore';
import { SentIndex } from '../session/SentIndex';
import { crc32 } from './crc32';
import { withoutSecrets } from './withoutSecrets';

/**
 * When written records reach the disk: `always` fsyncs every flush (the transport flushes before
 * the bytes of those messages leave, so nothing acknowledged is lost even to a power cut);
 * `batch` fsyncs at most every batchIntervalMs; `never` leaves it to the OS. Every mode
 * survives `kill -9`: records are written to the file before the messages they hold are sent.
 */
export type FsyncPolicy = 'always' | 'batch' | 'never';

export interface FileStoreOptions {
  fsync?: FsyncPolicy;
  batchIntervalMs?: number;
  clock?: () => number;
}

const RESET = 1;
const SENT = 2;
const TARGET = 3;
const SENDER = 4;
/** u32 payload length + u8 type before the payload, u32 CRC after it. */
const RECORD_HEAD = 5;
const RECORD_OVERHEAD = 9;
const MAX_PAYLOAD = 64 * 1024 * 1024;
const READ_CHUNK = 4 * 1024 * 1024;

/**
 * A crash-safe MessageStore in one append-only journal file per session:
 * [u32 length][u8 type][payload][u32 CRC-32 of type+payload] records for a reset (creation time),
 * each sent message (MsgSeqNum + frame; it also moves the next sender number), and explicit
 * next-target / next-sender numbers. Opening replays the journal, rebuilds the message index and
 * truncates a torn last record. A reset writes a fresh journal and renames it over the old one.
 * Records are buffered until flush(), which the transport calls before it writes to the socket.
 */
export class FileStore implements MessageStore {
  readonly path: string;
  private readonly lockPath: string;
  private readonly fsync: FsyncPolicy;
  private readonly batchIntervalMs: number;
  private readonly clock: () => number;
  private fd: number;
  private fileSize = 0;
  private pending = new Uint8Array(64 * 1024);
  private pendingLength = 0;
  private unsynced = false;
  private syncTimer: ReturnType<typeof setTimeout> | null = null;
  private sender = 1;
  private target = 1;
  private created = 0;
  /** File offset and length of each stored frame. */
  private readonly sent = new SentIndex();
  private readBuffer = new Uint8Array(4096);
  private closed = false;

  private constructor(path: string, lockPath: string, options: FileStoreOptions) {
    this.path = path;
    this.lockPath = lockPath;
    this.fsync = options.fsync ?? 'always';
    this.batchIntervalMs = options.batchIntervalMs ?? 100;
    this.clock = options.clock ?? Date.now;
    if (!existsSync(path)) this.writeFresh(this.clock());
    this.fd = openSync(path, 'a+');
    this.recover();
  }

  /**
   * Opens (or creates) the journal of one session in `dir`. Throws when another live process
   * holds it: two writers would interleave records.
   */
  static open(dir: string, senderCompID: string, targetCompID: string, options: FileStoreOptions = {}): FileStore {
    mkdirSync(dir, { recursive: true });
    const name = `FIX.4.4-${fileSafe(senderCompID)}-${fileSafe(targetCompID)}`;
    const lockPath = join(dir, `${name}.lock`);
    takeLock(lockPath);
    try {
      return new FileStore(join(dir, `${name}.journal`), lockPath, options);
    } catch (e) {
      rmSync(lockPath, { force: true });
      throw e;
    }
  }

  get nextSenderMsgSeqNum(): number {
    return this.sender;
  }

  get nextTargetMsgSeqNum(): number {
    return this.target;
  }

  get creationTime(): number {
    return this.created;
  }

  saveSent(seqNum: number, sent: Uint8Array): void {
    const frame = withoutSecrets(sent);
    const at = this.append(SENT, 4 + frame.length);
    writeU32(this.pending, at, seqNum);
    this.pending.set(frame, at + 4);
    this.seal(at, 4 + frame.length);
    this.sent.set(seqNum, this.fileSize + at + 4, frame.length);
    this.sender = seqNum + 1;
  }

  setNextSenderMsgSeqNum(value: number): void {
    this.writeNumber(SENDER, value);
    this.sender = value;
  }

  setNextTargetMsgSeqNum(value: number): void {
    this.writeNumber(TARGET, value);
    this.target = value;
  }

  incrNextTargetMsgSeqNum(): void {
    this.setNextTargetMsgSeqNum(this.target + 1);
  }

  /** Frames handed to fn are views into a reused buffer, valid during the call. */
  forEachSent(begin: number, end: number, fn: (seqNum: number, frame: Uint8Array) => void): void {
    this.writePending();
    this.sent.forEach(begin, end, (seq, offset, length) => {
      if (this.readBuffer.length < length) this.readBuffer = new Uint8Array(length * 2);
      const frame = this.readBuffer.subarray(0, length);
      readFully(this.fd, frame, offset);
      fn(seq, frame);
    });
  }

  reset(now: number): void {
    this.pendingLength = 0;
    closeSync(this.fd);
    this.writeFresh(now);
    this.fd = openSync(this.path, 'a+');
    this.recover();
  }

  flush(): void {
    this.writePending();
    if (!this.unsynced || this.fsync === 'never') return;
    if (this.fsync === 'always') {
      this.syncNow();
    } else if (this.syncTimer === null) {
      this.syncTimer = setTimeout(() => {
        this.syncTimer = null;
        if (!this.closed) this.syncNow();
      }, this.batchIntervalMs);
      this.syncTimer.unref();
    }
  }

  close(): void {
    if (this.closed) return;
    this.writePending();
    if (this.unsynced && this.fsync !== 'never') this.syncNow();
    if (this.syncTimer !== null) clearTimeout(this.syncTimer);
    closeSync(this.fd);
    this.closed = true;
    rmSync(this.lockPath, { force: true });
  }

  // ---------------------------------------------------------------------------------------

  /** Reserves a record of `payload` bytes in the pending buffer; returns the payload offset. */
  private append(type: number, payload: number): number {
    const need = this.pendingLength + RECORD_OVERHEAD + payload;
    if (need > this.pending.length) {
      const grown = new Uint8Array(Math.max(need, this.pending.length * 2));
      grown.set(this.pending.subarray(0, this.pendingLength));
      this.pending = grown;
    }
    const start = this.pendingLength;
    writeU32(this.pending, start, payload);
    this.pending[start + 4] = type;
    return start + RECORD_HEAD;
  }

  /** Writes the CRC after a payload and counts the record as pending. */
  private seal(payloadAt: number, payload: number): void {
    const end = payloadAt + payload;
    writeU32(this.pending, end, crc32(this.pending, payloadAt - 1, end));
    this.pendingLength = end + 4;
  }

  private writeNumber(type: number, value: number): void {
    const at = this.append(type, 4);
    writeU32(this.pending, at, value);
    this.seal(at, 4);
  }

  private writePending(): void {
    if (this.pendingLength === 0) return;
    let done = 0;
    while (done < this.pendingLength) done += writeSync(this.fd, this.pending, done, this.pendingLength - done);
    this.fileSize += this.pendingLength;
    this.pendingLength = 0;
    this.unsynced = true;
  }

  private syncNow(): void {
    fdatasyncSync(this.fd);
    this.unsynced = false;
  }

  /** A journal holding only a reset record, put in place atomically (temp file + rename). */
  private writeFresh(now: number): void {
    const record = new Uint8Array(RECORD_OVERHEAD + 8);
    writeU32(record, 0, 8);
    record[4] = RESET;
    new DataView(record.buffer).setFloat64(RECORD_HEAD, now, true);
    writeU32(record, RECORD_HEAD + 8, crc32(record, 4, RECORD_HEAD + 8));
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, record);
    const fd = openSync(tmp, 'r+');
    try {
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
  }

  /** Replays the journal; a torn or corrupt tail (a crash mid-write) is cut off. */
  private recover(): void {
    this.sender = 1;
    this.target = 1;
    this.created = 0;
    this.sent.clear();
    const size = fstatSync(this.fd).size;
    let chunk: Uint8Array = new Uint8Array(0);
    let chunkStart = 0; // file offset of chunk[0]
    let pos = 0;
    let good = 0;
    for (;;) {
      if (pos + RECORD_HEAD > size) break;
      if (pos + RECORD_HEAD > chunkStart + chunk.length) ({ chunk, chunkStart } = this.readAt(pos, RECORD_HEAD, size));
      const payload = readU32(chunk, pos - chunkStart);
      const total = RECORD_OVERHEAD + payload;
      if (payload > MAX_PAYLOAD || pos + total > size) break;
      if (pos + total > chunkStart + chunk.length) ({ chunk, chunkStart } = this.readAt(pos, total, size));
      const at = pos - chunkStart;
      const end = at + RECORD_HEAD + payload;
      if (crc32(chunk, at + 4, end) !== readU32(chunk, end)) break;
      this.apply(chunk[at + 4]!, chunk, at + RECORD_HEAD, payload, pos + RECORD_HEAD);
      pos += total;
      good = pos;
    }
    if (good < size) ftruncateSync(this.fd, good);
    this.fileSize = good;
    if (this.created === 0) {
      // No reset record survived: the journal is unusable, start a fresh one.
      closeSync(this.fd);
      this.writeFresh(this.clock());
      this.fd = openSync(this.path, 'a+');
      this.recover();
    }
  }

  private readAt(pos: number, atLeast: number, size: number): { chunk: Uint8Array; chunkStart: number } {
    const length = Math.min(size - pos, Math.max(READ_CHUNK, atLeast));
    const chunk = new Uint8Array(length);
    readFully(this.fd, chunk, pos);
    return { chunk, chunkStart: pos };
  }

  private apply(type: number, b: Uint8Array, at: number, payload: number, fileOffset: number): void {
    switch (type) {
      case RESET:
        this.created = new DataView(b.buffer, b.byteOffset + at, 8).getFloat64(0, true);
        this.sender = 1;
        this.target = 1;
        this.sent.clear();
        break;
      case SENT: {
        const seq = readU32(b, at);
        this.sent.set(seq, fileOffset + 4, payload - 4);
        this.sender = seq + 1;
        break;
      }
      case TARGET:
        this.target = readU32(b, at);
        break;
      case SENDER:
        this.sender = readU32(b, at);
        break;
      default:
        break;
    }
  }
}

function writeU32(b: Uint8Array, at: number, v: number): void {
  b[at] = v & 0xff;
  b[at + 1] = (v >>> 8) & 0xff;
  b[at + 2] = (v >>> 16) & 0xff;
  b[at + 3] = (v >>> 24) & 0xff;
}

function readU32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

function readFully(fd: number, into: Uint8Array, position: number): void {
  let done = 0;
  while (done < into.length) {
    const n = readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) throw new Error(`store file ended early at ${position + done}`);
    done += n;
  }
}

/** A CompID as a file-name part: safe characters kept, others %-escaped (no collisions). */
function fileSafe(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** One writer per journal: a lock file naming the pid, taken over when that process is gone. */
function takeLock(lockPath: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = Number(readFileSync(lockPath, 'utf8').trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && processAlive(holder)) {
      throw new Error(`store ${lockPath.replace(/\.lock$/, '.journal')} is in use by process ${holder}`);
    }
    rmSync(lockPath, { force: true });
  }
  throw new Error(`cannot lock ${lockPath}`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
