import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Tests that spawn `tessera` (the gateway, the embedded gateway) share one fresh CLI bundle. */
export default function setup(): void {
  const root = join(import.meta.dirname, '..');
  execFileSync(process.execPath, [join(root, 'scripts/build-node.mjs')], { cwd: root, stdio: 'inherit' });
}
