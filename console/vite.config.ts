import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig, type ProxyOptions } from 'vite';

const API = process.env.SWITCHBOARD_API_URL ?? 'http://127.0.0.1:3000';
const API_PATHS = [
  '/auth',
  '/me',
  '/users',
  '/invitations',
  '/teams',
  '/audit',
  '/conversations',
  '/channels',
  '/account',
  '/contacts',
  '/api-keys',
  '/load-board',
  '/healthz',
  '/readyz',
  '/openapi.json',
  '/v1',
];

// A page load (Accept: text/html) is the SPA even where an API path shares the prefix (/contacts, /users-teams,
// /load-board).
const api: ProxyOptions = {
  target: API,
  bypass: (req) => (req.headers.accept?.includes('text/html') ? '/index.html' : undefined),
};
const proxy: Record<string, ProxyOptions> = {
  ...Object.fromEntries(API_PATHS.map((p) => [p, api])),
  '/socket.io': { target: API, ws: true },
};

export default defineConfig({
  plugins: [react()],
  // `development` resolves @switchboard/client-sdk (and its /contract) to the TypeScript sources.
  resolve: { conditions: ['development', ...defaultClientConditions] },
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 2000 },
  // `npm run dev:console` against a running server (SWITCHBOARD_API_URL): API and socket proxied. Everywhere else
  // the server serves console/dist itself (server/src/http/console.ts), so there is nothing to proxy.
  server: { proxy },
});
