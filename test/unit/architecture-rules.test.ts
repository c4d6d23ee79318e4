import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const fixtures = resolve(root, 'test/fixtures/architecture');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

/** Runs the project's own dependency rules over a tree that breaks each of them once. */
async function violations(): Promise<Violation[]> {
  const bin = resolve(root, 'node_modules/.bin/depcruise');
  const args = [
    '--config',
    resolve(root, '.dependency-cruiser.cjs'),
    '--output-type',
    'json',
    'server',
    'worker',
    'load',
    'client-sdk',
  ];
  // depcruise exits non-zero when it finds violations, which is what this fixture is for.
  const out = await run(bin, args, { cwd: fixtures, maxBuffer: 16 * 1024 * 1024 }).catch((e: { stdout: string }) => e);
  return (JSON.parse(out.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

describe('the layer rules bite', () => {
  it(
    'refuse an upward import, a cycle, impure policy, a cross-workspace src import and a worker past its entry',
    { timeout: 60_000 },
    async () => {
      const found = await violations();
      const has = (rule: string, from: string, to: string) =>
        found.some((v) => v.rule.name === rule && v.from === from && v.to === to);
      expect(has('layer-core', 'server/src/core/clock.ts', 'server/src/modules/users/users.service.ts')).toBe(true);
      expect(found.some((v) => v.rule.name === 'no-circular' && v.from.startsWith('server/src/modules/users/'))).toBe(
        true,
      );
      expect(has('policy-is-pure', 'server/src/routing/policy/decide.ts', 'fs')).toBe(true);
      expect(has('no-workspace-sources', 'load/harness.ts', 'client-sdk/src/contract/events.ts')).toBe(true);
      expect(has('worker-through-worker-api', 'worker/src/main.ts', 'server/src/core/clock.ts')).toBe(true);
    },
  );
});
