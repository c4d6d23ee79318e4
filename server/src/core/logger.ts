import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { config } from './config.js';

const SECRET_KEYS = [
  'password',
  'token',
  'code',
  'secret',
  'recoveryCode',
  'recoveryCodes',
  'otpauthUri',
  'qrCodeDataUrl',
];

/**
 * Keys whose values never reach a log line. pino's wildcards match one level only, so the keys are listed
 * at the top level, one level down, and under a request body, which is where they would arrive.
 */
export const REDACT_PATHS = [
  ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `body.${k}`, `req.body.${k}`]),
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
];

/** The options every process logger uses; tests reuse them to capture exactly what production would write. */
export function loggerOptions(name: string, level: string): LoggerOptions {
  return { name, level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
}

export function createLogger(name: string, destination?: DestinationStream): Logger {
  const c = config();
  const pretty = !destination && (c.LOG_PRETTY ?? (process.stdout.isTTY && c.NODE_ENV !== 'production'));
  const options: LoggerOptions = {
    ...loggerOptions(name, c.LOG_LEVEL),
    transport: pretty
      ? { target: 'pino-pretty', options: { ignore: 'pid,hostname', translateTime: 'HH:MM:ss.l' } }
      : undefined,
  };
  return destination ? pino(options, destination) : pino(options);
}
