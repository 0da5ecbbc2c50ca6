import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { expect, it } from 'vitest';

// electron-builder packs `dependencies` only: a package that main or the Node processes import
// at run time but that sits in devDependencies would be missing from the installed app.
const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

it('every package imported by Electron main, the preload and the Node CLI is a runtime dependency', async () => {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src-main/cli/tessera.ts', 'src-main/electron/main.ts', 'src-main/electron/preload.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    outdir: 'out/check',
    metafile: true,
    packages: 'external',
    loader: { '.xml': 'text' },
    logLevel: 'silent',
  });
  const imported = new Set<string>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const { path, external } of output.imports) {
      if (!external || path.startsWith('node:') || builtinModules.includes(path)) continue;
      imported.add(packageName(path));
    }
  }
  imported.delete('electron');
  const notRuntime = [...imported].filter((name) => !(name in pkg.dependencies)).sort();
  expect(notRuntime).toEqual([]);
  expect(imported.size).toBeGreaterThan(3);
});
