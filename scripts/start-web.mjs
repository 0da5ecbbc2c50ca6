// `npm run start:web [-- --port N] [-- --data-dir D]`: builds what is missing, then runs the
// workstation in browser mode (main services in Node, the renderer served on 127.0.0.1).
import { spawn, execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isStale } from './freshness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const desktopSources = ['src-main', 'src-renderer', 'src-shared', 'electron.vite.config.ts', 'package.json'];
if (isStale(root, 'out/renderer/index.html', desktopSources)) {
  execFileSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
}
execFileSync(process.execPath, [join(root, 'scripts/build-node.mjs')], { cwd: root, stdio: 'inherit' });

const child = spawn(process.execPath, [join(root, 'out/node/tessera.js'), 'web', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
