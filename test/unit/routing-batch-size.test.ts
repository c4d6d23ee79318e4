import { describe, expect, it } from 'vitest';
import { batchSizeFor } from '../../server/src/routing/router.service.js';

describe('batchSizeFor', () => {
  it('keeps the configured size for small and mid-sized accounts', () => {
    expect(batchSizeFor(500, 10)).toBe(500);
    expect(batchSizeFor(500, 1000)).toBe(500);
    expect(batchSizeFor(500, 2000)).toBe(500);
  });

  it('grows with the agent count so the per-batch fixed cost stays a small share, up to a cap', () => {
    expect(batchSizeFor(500, 4000)).toBe(1000);
    expect(batchSizeFor(500, 10_000)).toBe(2500);
    expect(batchSizeFor(500, 100_000)).toBe(2500);
  });

  it('never shrinks below an explicitly larger configured size', () => {
    expect(batchSizeFor(4000, 10_000)).toBe(4000);
    expect(batchSizeFor(1, 3)).toBe(1);
  });
});
