import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `tessera gateway` on a port it cannot have: one clear line and exit code 2, no stack trace.

const cli = join(import.meta.dirname, '../out/node/tessera.js');
let dir: string;
let taken: Server;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-gateway-cli-'));
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
});

afterAll(() => {
  taken.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('tessera gateway', () => {
  it('says which port is in use and exits 2, for the FIX and the admin port alike', () => {
    const port = (taken.address() as { port: number }).port;
    for (const flag of ['--fix-port', '--admin-port']) {
      const other = flag === '--fix-port' ? '--admin-port' : '--fix-port';
      const run = spawnSync(process.execPath, [cli, 'gateway', '--data-dir', join(dir, flag), flag, String(port), other, '0', '--quiet'], { encoding: 'utf8', timeout: 60_000 });
      expect(run.status).toBe(2);
      expect(run.stderr.trim()).toBe(`gateway: cannot listen on 127.0.0.1:${port}: the port is in use (another gateway running?); choose another with --fix-port / --admin-port or the config`);
      expect(run.stdout).not.toMatch(/gateway ready/);
    }
  });
});
