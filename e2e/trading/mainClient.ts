import WebSocket from 'ws';
import { IpcClient } from '../../src-shared/ipc/client';
import type { CallInput, CallName, CallResponse } from '../../src-shared/ipc/contract';

/**
 * A second client of main over its WebSocket, as another window would be: here it is the
 * second trader who trades against the one on screen.
 */
export class MainClient {
  private constructor(
    private readonly socket: WebSocket,
    private readonly client: IpcClient,
  ) {}

  static async open(app: { origin: string; token: string }): Promise<MainClient> {
    const socket = new WebSocket(`${app.origin.replace('http', 'ws')}/ipc?token=${encodeURIComponent(app.token)}`);
    const client = new IpcClient((message) => socket.send(JSON.stringify(message)));
    socket.on('message', (data) => client.receive(JSON.parse(String(data)) as unknown));
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return new MainClient(socket, client);
  }

  call<M extends CallName>(method: M, payload: CallInput<M>): Promise<CallResponse<M>> {
    return this.client.call(method, payload);
  }

  close(): void {
    this.socket.close();
  }
}
