import { ipcMain, type IpcMainEvent, type WebContents } from 'electron';
import type { IpcServer, IpcServerConnection } from '../../src-shared/ipc/server';

const channel = 'tessera:ipc';

/**
 * Carries the IPC protocol over Electron's ipcMain for the windows main created itself. A
 * message from any other sender or frame (a subframe, a navigated page) is dropped.
 */
export class ElectronIpcTransport {
  private readonly connections = new Map<number, IpcServerConnection>();

  constructor(
    private readonly ipc: IpcServer,
    private readonly isTrustedUrl: (url: string) => boolean,
  ) {
    ipcMain.on(channel, this.onMessage);
  }

  attach(contents: WebContents): void {
    const open = (): void => {
      this.connections.get(contents.id)?.close();
      this.connections.set(
        contents.id,
        this.ipc.accept({ transport: 'electron', label: `window ${contents.id}` }, (message) => {
          if (!contents.isDestroyed()) contents.send(channel, message);
        }),
      );
    };
    open();
    // A reload starts a new renderer: its old subscriptions must not keep streaming.
    contents.on('did-start-loading', open);
    contents.once('destroyed', () => {
      this.connections.get(contents.id)?.close();
      this.connections.delete(contents.id);
    });
  }

  dispose(): void {
    ipcMain.off(channel, this.onMessage);
    for (const connection of this.connections.values()) connection.close();
    this.connections.clear();
  }

  private readonly onMessage = (event: IpcMainEvent, message: unknown): void => {
    const connection = this.connections.get(event.sender.id);
    const frame = event.senderFrame;
    if (!connection || !frame || frame !== event.sender.mainFrame || !this.isTrustedUrl(frame.url)) return;
    connection.receive(message);
  };
}
