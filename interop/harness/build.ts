import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Builds what the interop tests run, once per test process: the QuickFIX C++ peers (make) and
// the tessera CLI bundle. Both builds take a lock so test files running at once do not race.

// Found by walking up, so this also works from a bundle (e.g. a benchmark built into out/).
function findRepoRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'interop', 'quickfix', 'Makefile'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no repository above ${fileURLToPath(import.meta.url)}`);
  }
}

export const repoRoot = findRepoRoot();
const quickfixDir = join(repoRoot, 'interop', 'quickfix');

export const peerBinaries = {
  executor: join(quickfixDir, 'build', 'executor'),
  tradeclient: join(quickfixDir, 'build', 'tradeclient'),
};

export const tesseraDictionary = join(repoRoot, 'src-shared', 'fix', 'dictionary', 'FIX44-tessera.xml');
export const tesseraEntry = join(repoRoot, 'out', 'node', 'tessera.js');

let built = false;

export function buildInteropPeers(): void {
  if (built) return;
  run('flock', ['/tmp/tessera-interop-build.lock', 'make', '-s', '-C', quickfixDir]);
  run('flock', ['/tmp/tessera-interop-build.lock', process.execPath, join(repoRoot, 'scripts', 'build-node.mjs')]);
  for (const binary of [...Object.values(peerBinaries), tesseraEntry]) {
    if (!existsSync(binary)) throw new Error(`build did not produce ${binary}`);
  }
  built = true;
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}); ` +
        `run scripts/system-deps.sh for the Debian packages it needs\n${result.stdout}${result.stderr}`,
    );
  }
}
