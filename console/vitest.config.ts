import react from '@vitejs/plugin-react';
import { defaultClientConditions } from 'vite';
import { defineProject } from 'vitest/config';

// Component tests (Vitest + Testing Library) in a browser-like DOM; the root vitest.config.ts lists this project,
// so `vitest run` at the root runs them with everything else.
export default defineProject({
  plugins: [react()],
  // `development` resolves @switchboard/client-sdk to its TypeScript sources, as in vite.config.ts.
  resolve: { conditions: ['development', ...defaultClientConditions] },
  test: {
    name: 'console',
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
    setupFiles: ['./vitest.setup.ts'],
  },
});
