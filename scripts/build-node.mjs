// Bundles the Node processes (CLI: browser-mode host, gateway, fill service, FIX tools, bench)
// into out/node. Packages stay external: they are installed next to the bundle.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {}), 'electron'];

const result = await build({
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
  write: false,
});

// Running processes (an embedded gateway, tests) may be loading the bundle: replace a file only
// when it changed, and atomically.
for (const file of result.outputFiles) {
  if (existsSync(file.path) && readFileSync(file.path).equals(Buffer.from(file.contents))) continue;
  mkdirSync(dirname(file.path), { recursive: true });
  const temporary = `${file.path}.${process.pid}.tmp`;
  writeFileSync(temporary, file.contents);
  renameSync(temporary, file.path);
}
