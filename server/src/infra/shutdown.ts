import type { Logger } from 'pino';

/** Closes cleanly on SIGINT/SIGTERM (once), and forces an exit if closing hangs. */
export function onShutdown(log: Logger, what: string, close: () => Promise<void>, timeoutMs = 10_000): void {
  let closing = false;
  const handler = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, `${what} shutting down`);
    const timer = setTimeout(() => {
      log.warn(`${what} did not close within ${timeoutMs} ms; exiting`);
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    close()
      .then(() => {
        log.info(`${what} stopped`);
        process.exit(0);
      })
      .catch((err) => {
        log.error({ err }, `${what} failed to close cleanly`);
        process.exit(1);
      });
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
