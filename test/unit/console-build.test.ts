import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleBuildReason } from '../../scripts/console-build.js';

let base: string;
const dist = () => join(base, 'console/dist');
const SOURCES = ['console/src', 'console/index.html', 'client-sdk/src'];
const at = (path: string, seconds: number) => utimesSync(join(base, path), seconds, seconds);

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'sb-console-build-'));
  mkdirSync(join(base, 'console/src/features'), { recursive: true });
  mkdirSync(join(base, 'client-sdk/src'), { recursive: true });
  writeFileSync(join(base, 'console/src/features/page.tsx'), '');
  writeFileSync(join(base, 'console/index.html'), '');
  writeFileSync(join(base, 'client-sdk/src/index.ts'), '');
  for (const p of ['console/src/features/page.tsx', 'console/src/features', 'console/src', 'console/index.html'])
    at(p, 1_000);
  for (const p of ['client-sdk/src/index.ts', 'client-sdk/src']) at(p, 1_000);
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

function build(seconds: number) {
  mkdirSync(dist(), { recursive: true });
  writeFileSync(join(dist(), 'index.html'), '');
  at('console/dist/index.html', seconds);
}

describe('when npm start rebuilds the console', () => {
  it('builds when there is no build', () => {
    expect(consoleBuildReason(dist(), base, SOURCES)).toBe('no build yet');
  });

  it('keeps a build newer than every source', () => {
    build(2_000);
    expect(consoleBuildReason(dist(), base, SOURCES)).toBeNull();
  });

  it('rebuilds when a file deep in the sources, or in the SDK the console bundles, changed after the build', () => {
    build(2_000);
    at('console/src/features/page.tsx', 3_000);
    expect(consoleBuildReason(dist(), base, SOURCES)).toBe('changed since the last build: console/src');
    at('client-sdk/src/index.ts', 3_000);
    expect(consoleBuildReason(dist(), base, SOURCES)).toBe('changed since the last build: console/src, client-sdk/src');
  });

  it('rebuilds when a source file was deleted, which only its directory records', () => {
    build(2_000);
    rmSync(join(base, 'console/src/features/page.tsx'));
    expect(consoleBuildReason(dist(), base, SOURCES)).toMatch(/console\/src/);
  });

  it('ignores a source that does not exist', () => {
    build(2_000);
    expect(consoleBuildReason(dist(), base, [...SOURCES, 'console/postcss.config.cjs'])).toBeNull();
  });
});
