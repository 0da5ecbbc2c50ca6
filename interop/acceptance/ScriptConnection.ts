import { connect } from 'node:net';
import type { Socket } from 'node:net';

/**
 * The test's end of one TCP connection to the engine: what it sends, and the messages it reads
 * back framed the way QuickFIX's runner frames them (up to `<SOH>9=`, the length, that many
 * bytes, then the CheckSum field), so a wrong BodyLength from the engine shows as a mismatch.
 */
export class ScriptConnection {
  private input: Buffer = Buffer.alloc(0);
  private ended = false;
  private wake: (() => void) | null = null;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.input = this.input.length === 0 ? chunk : Buffer.concat([this.input, chunk]);
      this.wake?.();
    });
    const end = (): void => {
      this.ended = true;
      this.wake?.();
    };
    socket.on('end', end);
    socket.on('close', end);
    // A reset by the engine is a disconnection like any other.
    socket.on('error', end);
  }

  static open(host: string, port: number): Promise<ScriptConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new ScriptConnection(socket));
      });
      socket.once('error', reject);
    });
  }

  send(message: string): void {
    if (!this.socket.destroyed) this.socket.write(Buffer.from(message, 'latin1'));
  }

  /** The next message, or an error when the engine closes first or sends nothing in time. */
  async readMessage(timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const message = this.takeMessage();
      if (message !== null) return message;
      if (this.ended) {
        throw new Error(this.input.length === 0 ? 'Was disconnected, expected data' : `Was disconnected in the middle of a message: ${printable(this.input.toString('latin1'))}`);
      }
      if (!(await this.waitForInput(deadline))) {
        throw new Error(`No message within ${timeoutMs / 1000} s${this.input.length > 0 ? ` (partial: ${printable(this.input.toString('latin1'))})` : ''}`);
      }
    }
  }

  /** Waits for the engine to close the connection; anything it sends first is a failure. */
  async expectClose(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.input.length > 0) throw new Error(`Expected disconnection, got data: ${printable(this.input.toString('latin1'))}`);
      if (this.ended) return;
      if (!(await this.waitForInput(deadline))) throw new Error(`Connection hangs after ${timeoutMs / 1000} seconds`);
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private takeMessage(): string | null {
    const text = this.input.toString('latin1');
    const lengthAt = text.indexOf('\x019=');
    if (lengthAt < 0) return null;
    const lengthEnd = text.indexOf('\x01', lengthAt + 3);
    if (lengthEnd < 0) return null;
    const lengthText = text.slice(lengthAt + 3, lengthEnd);
    if (!/^\d+$/.test(lengthText)) throw new Error(`Unreadable BodyLength "${lengthText}" in ${printable(text)}`);
    const bodyEnd = lengthEnd + 1 + Number(lengthText);
    const end = text.indexOf('\x01', bodyEnd);
    if (end < 0) return null;
    this.input = this.input.subarray(end + 1);
    return text.slice(0, end + 1);
  }

  private waitForInput(deadline: number): Promise<boolean> {
    const left = deadline - Date.now();
    if (left <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve(false);
      }, left);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve(true);
      };
    });
  }
}

/** SOH shown as '|' for reports. */
export function printable(message: string): string {
  return message.replaceAll('\x01', '|');
}
