import { describe, expect, it } from 'vitest';
import express from 'express';
import { pino } from 'pino';
import type { AddressInfo } from 'node:net';
import { errorHandler } from '../../server/src/http/errors.js';

// A rolled-back transaction (deadlock, serialization failure, lock not available) changed nothing, so the
// client is told to retry (503 + Retry-After) instead of seeing an opaque 500.
describe('error handler: transient database conflicts', () => {
  it.each(['40P01', '40001', '55P03'])('answers %s with 503 unavailable and Retry-After', async (code) => {
    const app = express();
    app.get('/x', () => {
      throw Object.assign(new Error('deadlock detected'), { code });
    });
    app.use(errorHandler(pino({ level: 'silent' })));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unavailable');
    } finally {
      server.close();
    }
  });
});
