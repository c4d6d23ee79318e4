import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

// `development` resolves @switchboard/client-sdk (and its /contract) to the TypeScript sources.
const API = process.env.SWITCHBOARD_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['development', ...defaultClientConditions] },
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 2000 },
  server: {
    // `npm run dev -w @switchboard/console` against a running `npm start`: the API and the socket are proxied.
    proxy: Object.fromEntries(
      ['/auth', '/me', '/users', '/invitations', '/teams', '/audit', '/conversations', '/channels', '/account', '/contacts', '/api-keys', '/healthz', '/readyz', '/openapi.json']
        .map((p): [string, { target: string; ws?: boolean }] => [p, { target: API }])
        .concat([['/socket.io', { target: API, ws: true }]]),
    ),
  },
});
