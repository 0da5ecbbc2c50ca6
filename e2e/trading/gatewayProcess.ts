import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';

/**
 * The pid of the gateway main runs for the workstation whose data folder is `dataDir` (its
 * child `tessera gateway --data-dir <dataDir>/gateway`), or null when none runs. Linux only:
 * read from /proc, as an operator would find it with ps.
 */
export function embeddedGatewayPid(dataDir: string): number | null {
  const gatewayDir = join(dataDir, 'gateway');
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    let state: string;
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      state = readFileSync(`/proc/${entry}/stat`, 'utf8').replace(/^.*\) /, '').charAt(0);
    } catch {
      continue;
    }
    const at = args.indexOf('--data-dir');
    // A killed child stays a zombie (Z) until main reaps it: it no longer runs.
    if (state !== 'Z' && args.includes('gateway') && at >= 0 && args[at + 1] === gatewayDir) return Number(entry);
  }
  return null;
}

/**
 * Takes a port as soon as it is free (its owner was just killed) and holds it, closing every
 * connection at once: whatever would listen there cannot start until `release`.
 */
export async function holdPort(port: number, timeoutMs = 5000): Promise<{ release(): Promise<void> }> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const server = createServer((socket) => socket.destroy());
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
      server.once('error', resolve);
      server.listen(port, '127.0.0.1', () => resolve(null));
    });
    if (error === null) return { release: () => close(server) };
    if (error.code !== 'EADDRINUSE' || Date.now() > end) throw new Error(`cannot hold port ${port}: ${error.message}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
