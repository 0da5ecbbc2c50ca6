import type { Command } from 'commander';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IpcServer } from '../../src-shared/ipc/server';
import { defaultDataDir } from '../app/dataDir';
import { createMainServices } from '../app/mainServices';
import { parsePort } from '../cli/options';
import { nodeSpawner } from '../gateway/nodeSpawner';
import { startWebHost } from './webHost';

export function registerWebCommand(program: Command): void {
  program
    .command('web')
    .description('run the workstation in browser mode: main services in Node, the UI served on 127.0.0.1')
    .option('--port <n>', 'port to serve on (0 picks a free one)', parsePort, 0)
    .option('--data-dir <dir>', 'user-data folder (default: the desktop app\'s)')
    .option('--no-embedded-gateway', 'do not start the local gateway with the demo firm')
    .action(async (options: { port: number; dataDir?: string; embeddedGateway: boolean }) => {
      const dataDir = resolve(options.dataDir ?? defaultDataDir());
      const services = createMainServices({
        shell: 'browser',
        dataDir,
        // This bundle is the CLI: the gateway runs from it as `tessera gateway`.
        ...(options.embeddedGateway ? { gatewaySpawner: nodeSpawner(fileURLToPath(import.meta.url)) } : {}),
      });
      const ipc = new IpcServer(services.handlers, {
        onInternalError: (error) => console.error('IPC handler failed:', error),
      });
      // The bundle lives in out/node; the renderer build in out/renderer.
      const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url));
      const host = await startWebHost({ ipc, rendererDir, port: options.port });
      process.stdout.write(`Tessera (browser mode): ${host.url}\n`);
      const stop = async (): Promise<void> => {
        await host.close();
        await services.dispose();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    });
}
