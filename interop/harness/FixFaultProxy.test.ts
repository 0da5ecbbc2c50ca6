import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FixFaultProxy } from './FixFaultProxy';
import { FrameScanner, readMessage, withoutTag } from './fixWire';

function frame(body: string): Buffer {
  const text = body.replaceAll('|', '\x01');
  const head = `8=FIX.4.4\x019=${text.length}\x01`;
  let sum = 0;
  for (const byte of Buffer.from(head + text, 'latin1')) sum += byte;
  return Buffer.from(`${head}${text}10=${String(sum % 256).padStart(3, '0')}\x01`, 'latin1');
}

const message = (type: string, seq: number, extra = ''): Buffer => frame(`35=${type}|34=${seq}|49=A|52=20261122-09:30:00.000|56=B|${extra}`);

// Collects the frames one end of a connection receives.
function receiver(socket: Socket): { frames: Buffer[]; until: (n: number) => Promise<void> } {
  const frames: Buffer[] = [];
  const scanner = new FrameScanner();
  const waiters: Array<() => void> = [];
  socket.on('data', (chunk: Buffer) => {
    for (const piece of scanner.push(chunk)) if (piece.kind === 'frame') frames.push(Buffer.from(piece.bytes));
    for (const wake of waiters) wake();
  });
  const until = (n: number): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => {
        if (frames.length >= n) resolve();
      };
      waiters.push(check);
      check();
    });
  return { frames, until };
}

let server: Server | undefined;
let proxy: FixFaultProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

async function pair(): Promise<{ initiator: Socket; acceptorSide: Promise<Socket> }> {
  let accepted!: (socket: Socket) => void;
  const acceptorSide = new Promise<Socket>((resolve) => (accepted = resolve));
  server = createServer((socket) => accepted(socket));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  proxy = await FixFaultProxy.listen(address.port);
  const initiator = connect({ host: '127.0.0.1', port: proxy.port });
  return { initiator, acceptorSide };
}

describe('FixFaultProxy', () => {
  it('forwards both ways, loses the n-th application message of a direction and records it', async () => {
    const { initiator, acceptorSide } = await pair();
    proxy!.dropApplicationMessage('toAcceptor', 2);
    const acceptor = await acceptorSide;
    const atAcceptor = receiver(acceptor);
    initiator.write(Buffer.concat([message('A', 1), message('D', 2, '11=O-1|'), message('0', 3), message('D', 4, '11=O-2|'), message('D', 5, '11=O-3|')]));
    await atAcceptor.until(4);
    expect(atAcceptor.frames.map((f) => readMessage(f).seqNum)).toEqual([1, 2, 3, 5]);
    expect(proxy!.messages.filter((m) => m.dropped).map((m) => [m.direction, m.seqNum, m.fields.get(11)])).toEqual([['toAcceptor', 4, 'O-2']]);

    const atInitiator = receiver(initiator);
    acceptor.write(message('8', 1, '11=O-1|'));
    await atInitiator.until(1);
    expect(readMessage(atInitiator.frames[0]!).fields.get(11)).toBe('O-1');
    expect(proxy!.messages.at(-1)).toMatchObject({ direction: 'toInitiator', msgType: '8', connection: 1, dropped: false });
    initiator.destroy();
  });

  it('rewrites the n-th application message and closes the other side when one side goes', async () => {
    const { initiator, acceptorSide } = await pair();
    proxy!.rewriteApplicationMessage('toAcceptor', 1, (f) => withoutTag(f, 54));
    const acceptor = await acceptorSide;
    const atAcceptor = receiver(acceptor);
    initiator.write(message('D', 1, '11=O-1|54=1|'));
    await atAcceptor.until(1);
    expect(readMessage(atAcceptor.frames[0]!).fields.has(54)).toBe(false);
    expect(proxy!.messages[0]).toMatchObject({ rewritten: true, dropped: false });

    const closed = new Promise<void>((resolve) => acceptor.on('close', () => resolve()));
    initiator.destroy();
    await closed;
  });
});
