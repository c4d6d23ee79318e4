import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';

/** A port the OS just handed out and released: main.ts prints its URL from PORT, so port 0 will not do. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface AppProcess {
  name: string;
  child: ChildProcess;
  stop(killAfterMs?: number): Promise<void>;
}

/**
 * Starts `node --import tsx <entry>` with its own environment, appends its output to `logFile`, and resolves
 * once a line of its output matches `readyWhen` (pino JSON on stdout). A process that exits early rejects.
 */
export async function startProcess(opts: {
  name: string;
  entry: string;
  env: Record<string, string>;
  log: WriteStream;
  readyWhen: RegExp;
  timeoutMs?: number;
  nodeArgs?: string[];
}): Promise<AppProcess> {
  const child = spawn(
    process.execPath,
    [...(opts.nodeArgs ?? []), '--conditions=development', '--import', 'tsx', opts.entry],
    {
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let tail = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${opts.name} did not start within ${opts.timeoutMs ?? 30_000} ms:\n${tail}`)),
      opts.timeoutMs ?? 30_000,
    );
    const onData = (d: Buffer) => {
      const text = d.toString();
      opts.log.write(text.replace(/^/gm, `[${opts.name}] `));
      tail = (tail + text).slice(-4000);
      if (opts.readyWhen.test(tail)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${opts.name} exited (${signal ?? code}) before it was ready:\n${tail}`));
    });
  });
  await ready;
  return {
    name: opts.name,
    child,
    async stop(killAfterMs = 12_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function openLog(path: string): WriteStream {
  return createWriteStream(path, { flags: 'a' });
}
