// Bundles the Node processes (CLI: browser-mode host, gateway, fill service, FIX tools, bench)
// into out/node. Packages stay external: they are installed next to the bundle.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {}), 'electron'];

await build({
  absWorkingDir: root,
  entryPoints: { tessera: 'src-main/cli/tessera.ts' },
  outdir: 'out/node',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external,
  loader: { '.xml': 'text' },
  banner: { js: "import { createRequire as __tesseraRequire } from 'node:module'; const require = __tesseraRequire(import.meta.url);" },
  logLevel: 'warning',
});
