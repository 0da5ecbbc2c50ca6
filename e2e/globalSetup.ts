import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Builds the renderer, the Electron bundles and the Node CLI once for the whole run. */
export default function globalSetup(): void {
  const root = join(import.meta.dirname, '..');
  execFileSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [join(root, 'scripts/build-node.mjs')], { cwd: root, stdio: 'inherit' });
}
