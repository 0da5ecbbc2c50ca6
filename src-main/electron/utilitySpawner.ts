import { utilityProcess } from 'electron';
import type { GatewaySpawner } from '../gateway/embeddedGateway';

/**
 * Desktop: the gateway runs in an Electron utility process (a Node environment without the
 * RunAsNode fuse, which the packaged app turns off).
 */
export function utilitySpawner(cliBundle: string): GatewaySpawner {
  return (args) => {
    const child = utilityProcess.fork(cliBundle, args, { stdio: 'pipe', serviceName: 'Tessera gateway' });
    return {
      stdout: child.stdout,
      stderr: child.stderr,
      kill: () => child.kill(),
      once: (event, listener) => child.once(event, listener),
    };
  };
}
