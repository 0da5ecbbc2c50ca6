// `npm test`: every test, in the order that fails fastest. Installs the Debian packages the
// tests need first (Chromium for Playwright, QuickFIX C++ for the interop peers).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules/.bin', name);

const steps = [
  ['system packages', 'sh', [join(root, 'scripts/system-deps.sh')]],
  ['type check', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']],
  ['lint', bin('eslint'), ['--max-warnings', '0', '.']],
  ['unit and integration tests', bin('vitest'), ['run']],
  ['interop tests against QuickFIX C++', bin('vitest'), ['run', '--config', 'interop/vitest.config.ts']],
  ['end-to-end tests', bin('playwright'), ['test']],
];

const results = [];
for (const [name, command, args] of steps) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const run = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = run.status === 0;
  results.push(`${ok ? 'ok  ' : 'FAIL'} ${name} (${seconds} s)`);
  // Without the system packages the later steps cannot mean anything.
  if (!ok && name === 'system packages') break;
}

console.log(`\n=== summary ===\n${results.join('\n')}`);
process.exit(results.every((line) => line.startsWith('ok')) ? 0 : 1);
