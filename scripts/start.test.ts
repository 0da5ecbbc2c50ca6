import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

// `npm start` where no Electron binary can be had: one line says so, then browser mode runs
// and prints its URL with the token. ELECTRON_OVERRIDE_DIST_PATH at an empty folder makes the
// binary unavailable on any machine.
const root = join(import.meta.dirname, '..');

it('falls back to browser mode with a one-line reason', { timeout: 120_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-start-'));
  const child = spawn(process.execPath, [join(root, 'scripts/start.mjs'), '--port', '0', '--data-dir', dataDir, '--no-embedded-gateway'], {
    cwd: root,
    env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: join(dataDir, 'no-electron-here') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (/Tessera \(browser mode\): http:\/\/127\.0\.0\.1:\d+\/#token=\S{20,}/.test(output)) resolve();
      });
      child.once('exit', (code) => reject(new Error(`start exited with ${code}:\n${output}`)));
    });
  } finally {
    child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
  const lines = output.split('\n').filter((line) => line.includes('Electron'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^Electron binary unavailable \(.+\); starting browser mode instead\.$/);
});
