import { spawn } from 'node:child_process';
import type { GatewaySpawner } from './embeddedGateway';

/** Browser mode: the gateway runs under the same Node as main, from the CLI bundle. */
export function nodeSpawner(cliBundle: string): GatewaySpawner {
  return (args) => spawn(process.execPath, [cliBundle, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}
