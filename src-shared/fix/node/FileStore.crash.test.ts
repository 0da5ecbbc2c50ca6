import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixView } from '../codec';
import { FixSession } from '../session';
import { frameOf, shown } from '../session/sessionHarness';
import { FileStore } from './FileStore';
import type { FsyncPolicy } from './FileStore';

/**
 * A child process runs a real session on a FileStore and sends a burst of ExecutionReports,
 * flushing the store after every batch (as the transport does before writing to the socket)
 * and then printing the highest MsgSeqNum stored. The parent kills it with SIGKILL mid-burst
 * and checks what a restart recovers.
 */
const CHILD = `
import { FileStore } from './FileStore';
import { FixSession } from '../session';
import { FixEncoder, FixMessage, utcTimestamp } from '../codec';
const [dir, fsync] = process.argv.slice(2);
const store = FileStore.open(dir, 'EXEC', 'CLIENT', { fsync });
const session = new FixSession({ settings: { senderCompID: 'EXEC', targetCompID: 'CLIENT', role: 'acceptor' }, store });
session.connect({ send() {}, disconnect() {} });
const logon = new FixEncoder().encodeCopy(
  { senderCompID: 'CLIENT', targetCompID: 'EXEC', msgSeqNum: 1, sendingTime: utcTimestamp(Date.now()) },
  new FixMessage('A').set(98, 0).set(108, 30),
);
session.onFrame(logon);
store.flush();
const report = new FixMessage('8');
let n = 0;
function batch() {
  for (let k = 0; k < 25; k++) {
    n++;
    report.clear('8').set(37, 'O' + n).set(11, 'ORD-' + n).set(17, 'E' + n).set(150, 0).set(39, 0)
      .set(55, 'ESZ6').set(54, 1).set(151, 1).set(14, 0).set(6, 0);
    session.send(report);
  }
  store.flush();
  process.stdout.write('stored ' + (session.nextSenderMsgSeqNum - 1) + '\\n');
  setImmediate(batch);
}
batch();
`;

const here = dirname(fileURLToPath(import.meta.url));
let work: string;
let childScript: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'tessera-crash-'));
  childScript = join(work, 'child.mjs');
  await build({
    stdin: { contents: CHILD, resolveDir: here, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: childScript,
    logLevel: 'silent',
  });
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the child until it has reported at least `atLeast` stored messages, then SIGKILLs it. */
async function killMidBurst(dir: string, fsync: FsyncPolicy, atLeast: number): Promise<number> {
  const child = spawn(process.execPath, [childScript, dir, fsync], { stdio: ['ignore', 'pipe', 'inherit'] });
  let reported = 0;
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  for await (const line of createInterface({ input: child.stdout })) {
    const m = /^stored (\d+)$/.exec(line);
    if (m) reported = Number(m[1]);
    if (reported >= atLeast) {
      child.kill('SIGKILL');
      break;
    }
  }
  expect(await exited).toBe('SIGKILL');
  return reported;
}

describe('FileStore after kill -9 in the middle of a burst', () => {
  for (const fsync of ['always', 'never'] as const) {
    it(`recovers every reported message and the sequence numbers (fsync ${fsync})`, async () => {
      const dir = join(work, fsync);
      const reported = await killMidBurst(dir, fsync, 2_000);
      const store = FileStore.open(dir, 'EXEC', 'CLIENT');
      const lastStored = store.nextSenderMsgSeqNum - 1;
      expect(lastStored).toBeGreaterThanOrEqual(reported);
      expect(store.nextTargetMsgSeqNum).toBe(2); // the Logon was received: nothing reset

      // Every number from 1 to the last is there exactly once, each the message sent under it.
      const view = new FixView();
      const seen: number[] = [];
      store.forEachSent(1, lastStored, (seq, frame) => {
        view.reset(frame);
        expect(view.getInt(34)).toBe(seq);
        expect(view.msgType).toBe(seq === 1 ? 'A' : '8');
        if (seq > 1) expect(view.get(11)).toBe(`ORD-${seq - 1}`);
        seen.push(seq);
      });
      expect(seen).toEqual(Array.from({ length: lastStored }, (_, i) => i + 1));

      // A restarted session answers the peer's ResendRequest from the recovered store.
      let now = Date.now();
      const sent: Uint8Array[] = [];
      const session = new FixSession({
        settings: { senderCompID: 'EXEC', targetCompID: 'CLIENT', role: 'acceptor' },
        store,
        clock: () => now,
      });
      session.connect({ send: (f) => sent.push(f.slice()), disconnect: () => undefined });
      const peer = (text: string) => session.onFrame(frameOf(text, now));
      peer('35=A|34=2|49=CLIENT|52=<TIME>|56=EXEC|98=0|108=30');
      expect(shown(sent.shift()!)).toBe(`35=A|34=${lastStored + 1}|49=EXEC|52=<T>|56=CLIENT|98=0|108=30|`);
      now += 1;
      peer('35=2|34=3|49=CLIENT|52=<TIME>|56=EXEC|7=2|16=0');
      expect(sent).toHaveLength(lastStored); // messages 2..last, then a GapFill over the Logon
      const first = shown(sent[0]!);
      expect(first).toMatch(/^35=8\|34=2\|43=Y\|49=EXEC\|52=<T>\|56=CLIENT\|122=<T>\|.*11=ORD-1\|/);
      expect(shown(sent.at(-1)!)).toBe(
        `35=4|34=${lastStored + 1}|43=Y|49=EXEC|52=<T>|56=CLIENT|122=<T>|36=${lastStored + 2}|123=Y|`,
      );
      store.close();
    });
  }
});
