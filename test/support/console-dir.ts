import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A marker the tests look for to know they got the console's index.html and not something else. */
export const CONSOLE_MARKER = 'switchboard-console-test-index';

/**
 * A stand-in for console/dist (CONSOLE_DIR), so server tests check the serving without a Vite build: an
 * index.html that loads one hashed asset, as Vite's output does.
 */
export async function fakeConsoleDir(): Promise<{ dir: string; asset: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'sb-console-'));
  const asset = '/assets/app-abc123.js';
  await mkdir(join(dir, 'assets'));
  await writeFile(
    join(dir, 'index.html'),
    `<!doctype html><html><head><title>${CONSOLE_MARKER}</title><script type="module" src="${asset}"></script></head><body><div id="root"></div></body></html>`,
  );
  await writeFile(join(dir, asset), 'console.log("console");\n');
  return { dir, asset, remove: () => rm(dir, { recursive: true, force: true }) };
}
