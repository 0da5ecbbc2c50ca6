import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { expect, it } from 'vitest';
import { FixSession, MemoryStore } from '../session';
import { FixConnection } from './FixConnection';

/** A socket that records what is written, in order with the store's flushes. */
class RecordingSocket extends EventEmitter {
  readonly destroyed = false;
  readonly writableEnded = false;
  readonly remoteAddress = '127.0.0.1';
  readonly remotePort = 1;
  constructor(private readonly events: string[]) {
    super();
  }
  setNoDelay(): this {
    return this;
  }
  write(chunk: Uint8Array): boolean {
    this.events.push(`write ${chunk.length}`);
    return true;
  }
  end(): this {
    return this;
  }
  destroy(): this {
    return this;
  }
}

it('makes the store durable before bytes reach the socket, also when a send overflows the output buffer', () => {
  const events: string[] = [];
  const store = new MemoryStore();
  store.flush = () => events.push('flush');
  const session = new FixSession({ settings: { senderCompID: 'A', targetCompID: 'B', role: 'acceptor' }, store });
  const connection = new FixConnection(new RecordingSocket(events) as unknown as Socket, null);
  (connection as unknown as { session: FixSession }).session = session;
  const frame = new Uint8Array(40 * 1024).fill(0x41);
  connection.send(frame);
  connection.send(frame);
  const firstWrite = events.findIndex((e) => e.startsWith('write'));
  expect(firstWrite).toBeGreaterThan(0);
  expect(events[firstWrite - 1]).toBe('flush');
});
