// `npm start`: the desktop app. Where no Electron binary can be had (no download possible),
// say so in one line and run browser mode instead.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules/electron');

function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const candidate = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative ?? 'electron');
    return existsSync(candidate) ? { path: candidate } : { reason: `ELECTRON_OVERRIDE_DIST_PATH has no ${relative ?? 'electron'}` };
  }
  if (relative && existsSync(join(electronDir, 'dist', relative))) return { path: join(electronDir, 'dist', relative) };
  // Electron downloads its binary lazily; try once, quietly, and keep the reason if it fails.
  const download = spawnSync(process.execPath, [join(electronDir, 'install.js')], { encoding: 'utf8', timeout: 120_000 });
  const fetched = existsSync(join(electronDir, 'path.txt')) ? readFileSync(join(electronDir, 'path.txt'), 'utf8').trim() : undefined;
  if (download.status === 0 && fetched && existsSync(join(electronDir, 'dist', fetched))) return { path: join(electronDir, 'dist', fetched) };
  const why = `${download.stderr ?? ''}${download.stdout ?? ''}`.split('\n').map((line) => line.trim()).find((line) => /error|fail|ENOTFOUND|EAI_AGAIN|ECONN/i.test(line));
  return { reason: why ? why.slice(0, 160) : 'the download failed' };
}

const electron = electronBinary();
if (!electron.path) {
  console.log(`Electron binary unavailable (${electron.reason}); starting browser mode instead.`);
  const web = spawn(process.execPath, [join(root, 'scripts/start-web.mjs'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => web.kill(signal));
  web.on('exit', (code) => process.exit(code ?? 1));
} else {
  execFileSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  // The embedded gateway runs from the Node bundle.
  execFileSync(process.execPath, [join(root, 'scripts/build-node.mjs')], { cwd: root, stdio: 'inherit' });
  const app = spawn(electron.path, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  app.on('exit', (code) => process.exit(code ?? 0));
}
