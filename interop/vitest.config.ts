import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Runs the interop suite on its own: `npx vitest run --config interop/vitest.config.ts`.
// Files run one at a time: each already keeps both cores busy with two peers and a proxy.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['interop/**/*.test.ts'],
    environment: 'node',
    testTimeout: 90_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
