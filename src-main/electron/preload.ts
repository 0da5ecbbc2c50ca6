import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

// The renderer's only door to main: send a protocol message, hear main's. Everything that
// crosses it is validated by main against the contract; nothing else of Electron is exposed.
const channel = 'tessera:ipc';

contextBridge.exposeInMainWorld('tesseraBridge', {
  send(message: unknown): void {
    ipcRenderer.send(channel, message);
  },
  onMessage(listener: (message: unknown) => void): () => void {
    const forward = (_event: IpcRendererEvent, message: unknown): void => listener(message);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.off(channel, forward);
    };
  },
});
