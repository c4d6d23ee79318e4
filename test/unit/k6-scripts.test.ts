import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const files = [
  ...readdirSync('load/k6')
    .filter((f) => f.endsWith('.js'))
    .map((f) => join('load/k6', f)),
  ...readdirSync('load/k6/lib')
    .filter((f) => f.endsWith('.js'))
    .map((f) => join('load/k6/lib', f)),
  ...readdirSync('load/shared')
    .filter((f) => f.endsWith('.js'))
    .map((f) => join('load/shared', f)),
];

describe('k6 scripts', () => {
  it('has the four scenarios', () => {
    for (const s of ['inbound-flood', 'agents', 'admins', 'mixed']) expect(files).toContain(join('load/k6', `${s}.js`));
  });

  it.each(files)('%s passes node --check', (file) => {
    execFileSync(process.execPath, ['--check', file], { stdio: 'pipe' });
  });

  // k6 runs goja, not Node: only k6's own modules and relative files can be imported.
  it.each(files)('%s imports only k6 modules and relative files', (file) => {
    const imports = [...readFileSync(file, 'utf8').matchAll(/^\s*import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    for (const spec of imports) expect(spec).toMatch(/^(k6(\/(http|ws|metrics|timers|execution))?|\.\.?\/.+\.js)$/);
  });
});
