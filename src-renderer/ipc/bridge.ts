/** What the Electron preload exposes on `window`: one narrow, typed channel to main. */
export interface TesseraBridge {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): () => void;
}

declare global {
  interface Window {
    tesseraBridge?: TesseraBridge;
  }
}
