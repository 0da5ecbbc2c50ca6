import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { formatForLog, utcTimestamp } from '../codec';
import type { SessionLog } from '../session';

/**
 * A message and event log file shared by any number of sessions, one line per entry:
 * `<UTC time> <session> < 8=FIX.4.4|…` (in), `>` (out), `*` (event). Passwords (554, 925) and
 * SecureData (91) are masked by formatForLog. Written asynchronously: the log is for people,
 * the store is what recovery trusts.
 */
export class FileLog {
  private readonly stream: WriteStream;

  constructor(
    readonly path: string,
    private readonly clock: () => number = Date.now,
  ) {
    this.stream = createWriteStream(path, { flags: 'a' });
    this.stream.on('error', (e) => process.stderr.write(`log ${path}: ${e.message}\n`));
  }

  forSession(name: string): SessionLog {
    return {
      incoming: (frame) => this.line(`${name} < ${formatForLog(frame)}`),
      outgoing: (frame) => this.line(`${name} > ${formatForLog(frame)}`),
      event: (text) => this.line(`${name} * ${text}`),
    };
  }

  line(text: string): void {
    this.stream.write(`${utcTimestamp(this.clock())} ${text}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(() => resolve()));
  }
}
