import type { Redis } from 'ioredis';
import { afterEach, expect, it } from 'vitest';
import { realtimeEmitter } from '../../server/src/realtime/publisher.js';
import { redisKeys } from '../../server/src/infra/keys.js';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
  unhandled.length = 0;
});

it('a PUBLISH that Redis refuses is reported, not left as an unhandled rejection that ends the process', async () => {
  process.on('unhandledRejection', onUnhandled);
  const published: string[] = [];
  // What ioredis does while Redis is down and its retries are spent: every command rejects.
  const down = {
    publish: (channel: string) => {
      published.push(channel);
      return Promise.reject(new Error('MaxRetriesPerRequestError: Reached the max retries per request limit'));
    },
  } as unknown as Redis;
  const reported: unknown[] = [];
  const target = realtimeEmitter(down, redisKeys('sbt_emitter'), (err) => reported.push(err));

  target.to('account:1').emit('queue.counts', { unassigned: 1, byTeam: [] } as never);
  await new Promise((r) => setTimeout(r, 20));

  expect(published).toHaveLength(1);
  expect(published[0]).toContain('sbt_emitter');
  expect(reported).toHaveLength(1);
  expect(String(reported[0])).toContain('MaxRetriesPerRequestError');
  expect(unhandled).toEqual([]);
});
