import { app, BrowserWindow, session } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { IpcServer } from '../../src-shared/ipc/server';
import { createMainServices } from '../app/mainServices';
import { ElectronIpcTransport } from './ipcTransport';
import { utilitySpawner } from './utilitySpawner';

// The desktop shell: windows, security settings and the IPC transport. Everything else is
// the same main services that browser mode runs in plain Node.
const here = dirname(fileURLToPath(import.meta.url));
const rendererIndex = join(here, '../renderer/index.html');
const rendererBase = pathToFileURL(join(here, '../renderer/')).href;
const preload = join(here, '../preload/index.cjs');
const cliBundle = join(here, '../node/tessera.js');

app.enableSandbox();

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (navigation) => navigation.preventDefault());
  contents.on('will-redirect', (navigation) => navigation.preventDefault());
  contents.on('will-attach-webview', (attach) => attach.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

function createWindow(transport: ElectronIpcTransport): void {
  const window = new BrowserWindow({
    width: 1600,
    height: 1000,
    backgroundColor: '#0d1117',
    title: 'Tessera',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      // Trading windows must keep painting when they are not focused.
      backgroundThrottling: false,
    },
  });
  transport.attach(window.webContents);
  void window.loadFile(rendererIndex);
}

void app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  const services = createMainServices({ shell: 'desktop', dataDir: app.getPath('userData'), gatewaySpawner: utilitySpawner(cliBundle) });
  const ipc = new IpcServer(services.handlers, {
    onInternalError: (error) => console.error('IPC handler failed:', error),
  });
  const transport = new ElectronIpcTransport(ipc, (url) => url.startsWith(rendererBase));
  createWindow(transport);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow(transport);
  });
  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed) return;
    // Stop the embedded gateway (it logs its sessions out) before the app goes.
    event.preventDefault();
    disposed = true;
    transport.dispose();
    void services.dispose().finally(() => app.quit());
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
