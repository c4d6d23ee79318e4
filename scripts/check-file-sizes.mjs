// Part of `npm run lint`: source files stay small enough to read in one sitting. A file over the limit must say
// why in its first line, and CONTRIBUTING.md lists the (at most three) that do.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const LIMIT = 400;
const MAX_EXCEPTIONS = 3;
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' })
  .split('\n')
  .filter((f) => /\.(ts|tsx|js|mjs|cjs)$/.test(f) && !f.startsWith('test/fixtures/') && !f.endsWith('.d.ts'));

const problems = [];
const exceptions = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // deleted in the working tree
  }
  const lines = text.split('\n').length;
  if (lines <= LIMIT) continue;
  if (/^\s*(\/\/|\/\*)/.test(text)) exceptions.push(`${file} (${lines} lines)`);
  else problems.push(`${file}: ${lines} lines; split it, or say why in its first line`);
}
const listed = readFileSync('CONTRIBUTING.md', 'utf8');
for (const e of exceptions) if (!listed.includes(e.split(' ')[0])) problems.push(`${e}: not listed in CONTRIBUTING.md`);
if (exceptions.length > MAX_EXCEPTIONS)
  problems.push(`${exceptions.length} files over ${LIMIT} lines; at most ${MAX_EXCEPTIONS}`);
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`file sizes: ${files.length} files, ${exceptions.length} over ${LIMIT} lines (listed)`);
