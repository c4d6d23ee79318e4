import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// `development` resolves @switchboard/client-sdk to its TypeScript sources (client-sdk/package.json exports).
const conditions = ['development', ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    // Files are isolated (own database, own Redis prefix) so they may run side by side; two at a time fits 2 cores.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'client-sdk/test/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
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
      // The console's component tests (happy-dom, Testing Library): their own config, in the console workspace.
      'console/vitest.config.ts',
    ],
  },
});
