import { defineConfig } from '@playwright/test';
import { E2E } from './e2e/support/env.js';

export default defineConfig({
  testDir: './e2e',
  // Resolves @switchboard/client-sdk to its TypeScript sources for the tests' own API calls (see that file).
  tsconfig: './e2e/tsconfig.playwright.json',
  outputDir: './test-results/artifacts',
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: E2E.baseUrl,
    viewport: { width: 1024, height: 768 },
    // Axe reads an element mid-transition (a dialog or toast fading in) as low contrast; the theme respects
    // reduced motion, so nothing fades and every check sees the screen as it settles.
    contextOptions: { reducedMotion: 'reduce' },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'node --conditions=development --import tsx test/browser/stack.ts',
    cwd: '..',
    url: `${E2E.baseUrl}/healthz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    // The stack's own errors (no build, a process that died) go to stderr; without them a failed start says nothing.
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5000 },
  },
});
