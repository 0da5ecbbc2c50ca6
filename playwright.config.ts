import { defineConfig } from '@playwright/test';

// Browser mode is tested in Debian's Chromium (Playwright's own browser download is not
// available here); the Electron spec runs where an Electron binary exists.
export const chromiumLaunch = {
  executablePath: process.env.TESSERA_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
};

export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/globalSetup.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: process.env.CI ? [['list'], ['./e2e/skipReasons.ts'], ['html', { open: 'never' }]] : [['list'], ['./e2e/skipReasons.ts']],
  outputDir: 'test-results',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1600, height: 1000 },
  },
  projects: [
    {
      name: 'web',
      testIgnore: /electron\.spec\.ts/,
      use: { browserName: 'chromium', launchOptions: chromiumLaunch },
    },
    {
      name: 'electron',
      testMatch: /electron\.spec\.ts/,
    },
  ],
});
