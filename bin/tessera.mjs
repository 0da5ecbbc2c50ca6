#!/usr/bin/env node
// The `tessera` CLI: builds the Node bundle when it is missing, then runs it.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'out', 'node', 'tessera.js');
if (!existsSync(entry)) {
  execFileSync(process.execPath, [join(root, 'scripts', 'build-node.mjs')], { stdio: 'inherit' });
}
await import(pathToFileURL(entry).href);
