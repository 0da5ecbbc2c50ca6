import { closeSync, existsSync, fdatasyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { FsyncPolicy } from '../../src-shared/fix/node';

/** One thing the client learned about an order, as journalled. */
export type JournalEntry =
  | { run: string }
  | { report: string; clOrdID: string; execType: string; ordStatus: string; lastPx?: string }
  | { rejected: string };

/**
 * The FIX client's memory of a run (`<store>/client-<sender>-<target>.jsonl`): the run id its
 * ClOrdIDs are made from and every report received, one JSON line each. The session store
 * only keeps what was sent; this keeps what came back, so a restarted client continues the
 * same run. Lines are written before the session store is flushed (FixInitiator.beforeFlush),
 * so a report is never counted as received by the session but missing here.
 */
export class ClientJournal {
  private readonly fd: number;
  private pending = '';
  readonly entries: JournalEntry[];

  constructor(dir: string, sender: string, target: string, private readonly fsync: FsyncPolicy) {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `client-${sender}-${target}.jsonl`);
    const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
    this.entries = readEntries(text);
    this.fd = openSync(path, 'a');
    // A line torn by a crash must not swallow the next one.
    if (text.length > 0 && !text.endsWith('\n')) writeSync(this.fd, '\n');
  }

  append(entry: JournalEntry): void {
    this.pending += `${JSON.stringify(entry)}\n`;
  }

  flush(): void {
    if (this.pending.length === 0) return;
    writeSync(this.fd, this.pending);
    this.pending = '';
    if (this.fsync === 'always') fdatasyncSync(this.fd);
  }

  close(): void {
    this.flush();
    if (this.fsync !== 'never') fdatasyncSync(this.fd);
    closeSync(this.fd);
  }
}

/** Complete lines only: a line torn by a crash is dropped. */
function readEntries(text: string): JournalEntry[] {
  const out: JournalEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.length === 0) continue;
    try {
      out.push(JSON.parse(line) as JournalEntry);
    } catch {
      // torn tail
    }
  }
  return out;
}
