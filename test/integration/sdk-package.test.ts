import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
let scratch = '';

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** The SDK as outsiders get it: the packed tarball, installed into an empty project, with no development condition. */
describe('@switchboard/client-sdk as a package', () => {
  it('packs, installs, imports from plain Node and type-checks against its .d.ts', { timeout: 180_000 }, async () => {
    scratch = await mkdtemp(join(tmpdir(), 'sb-sdk-'));
    await run('npm', ['pack', '--pack-destination', scratch, '-w', '@switchboard/client-sdk'], { cwd: root });
    const tarball = (await readdir(scratch)).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    await writeFile(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
    await run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        `./${tarball}`,
        'socket.io-client@4.8.4',
        'typescript@5.9.3',
      ],
      { cwd: scratch, timeout: 150_000 },
    );

    await writeFile(
      join(scratch, 'plain.mjs'),
      [
        "import { AdminClient, AgentClient } from '@switchboard/client-sdk';",
        "import { DURABLE_EVENTS, ERROR_CODES } from '@switchboard/client-sdk/contract';",
        'console.log(JSON.stringify({ admin: typeof AdminClient, agent: typeof AgentClient, events: Object.keys(DURABLE_EVENTS).length, codes: ERROR_CODES.includes("conflict") }));',
      ].join('\n'),
    );
    const { stdout } = await run(process.execPath, ['plain.mjs'], { cwd: scratch });
    const seen = JSON.parse(stdout) as { admin: string; agent: string; events: number; codes: boolean };
    expect(seen).toEqual({ admin: 'function', agent: 'function', events: seen.events, codes: true });
    expect(seen.events).toBeGreaterThan(0);

    await writeFile(
      join(scratch, 'typed.ts'),
      [
        "import { AdminClient, type MeResponse } from '@switchboard/client-sdk';",
        "import { type ErrorCode, type EventEnvelope } from '@switchboard/client-sdk/contract';",
        "const client = new AdminClient({ baseUrl: 'http://127.0.0.1:1' });",
        "const code: ErrorCode = 'conflict';",
        'export const check = async (): Promise<[MeResponse, ErrorCode, EventEnvelope | null]> => [await client.request("GET /me"), code, null];',
        '// @ts-expect-error: not an error code of the contract',
        "export const wrong: ErrorCode = 'teapot';",
      ].join('\n'),
    );
    await writeFile(
      join(scratch, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          lib: ['ES2022', 'DOM'],
          types: [],
        },
        files: ['typed.ts'],
      }),
    );
    await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { cwd: scratch });
  });
});
