import { spawn, type ChildProcess } from 'node:child_process';

/** A worker as its own OS process (`node --import tsx worker/src/main.ts`), as operators run it. */
export interface WorkerProcess {
  child: ChildProcess;
  /** SIGKILL: no cleanup, its BullMQ locks and transactions die with it. */
  kill9(): void;
  stop(): Promise<void>;
  output(): string;
}

export function spawnWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', 'worker/src/main.ts'], {
    env: { ...process.env, ...env, LOG_PRETTY: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    kill9: () => void child.kill('SIGKILL'),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    output: () => out,
  };
}
