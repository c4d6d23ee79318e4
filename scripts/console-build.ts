// Used by `npm start`: rebuilds the web console when console/dist is missing or older than what it is built from,
// so a fresh clone or a `git pull` never serves a stale console, and an unchanged one starts without a build.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
/** Where `vite build` writes (console/vite.config.ts `build.outDir`). */
export const CONSOLE_DIST = join(root, 'console/dist');
/** What the build reads besides node_modules: the console's sources and config, and the SDK it bundles. */
const SOURCES = [
  'console/src',
  'console/index.html',
  'console/vite.config.ts',
  'console/postcss.config.cjs',
  'console/package.json',
  'client-sdk/src',
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

/** Why the build at `dist` must be redone, or null when it is newer than every source under `base`. */
export function consoleBuildReason(dist: string, base = root, sources = SOURCES): string | null {
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return 'no build yet';
  const built = statSync(index).mtimeMs;
  const changed = sources.filter((s) => newestMtime(join(base, s)) > built);
  return changed.length ? `changed since the last build: ${changed.join(', ')}` : null;
}

/** Builds console/dist when it is missing or stale; returns false when the build failed. */
export function ensureConsoleBuilt(): boolean {
  const reason = consoleBuildReason(CONSOLE_DIST);
  if (!reason) {
    console.log('  console build up to date');
    return true;
  }
  console.log(`Building the console (${reason})…`);
  try {
    execFileSync('npm', ['run', 'build', '-w', '@switchboard/console'], { cwd: root, stdio: 'inherit' });
    return true;
  } catch {
    return false;
  }
}
