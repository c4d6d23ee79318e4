import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Files are isolated (own database, own Redis prefix) so they may run side by side; two at a time fits 2 cores.
    maxWorkers: 2,
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'client-sdk/test/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          // Migrates the template database once; every file clones its own database from it.
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
