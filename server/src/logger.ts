import { pino, type Logger } from 'pino';
import { config } from './config.js';

/** Keys whose values never reach a log line, wherever they appear. */
const redact = [
  'password', '*.password', 'token', '*.token', 'code', '*.code', 'secret', '*.secret',
  'recoveryCode', '*.recoveryCode', 'req.headers.authorization', 'req.headers.cookie', 'headers.authorization',
];

export function createLogger(name: string): Logger {
  const c = config();
  const pretty = c.LOG_PRETTY ?? (process.stdout.isTTY && c.NODE_ENV !== 'production');
  return pino({
    name,
    level: c.LOG_LEVEL,
    redact: { paths: redact, censor: '[redacted]' },
    transport: pretty ? { target: 'pino-pretty', options: { ignore: 'pid,hostname', translateTime: 'HH:MM:ss.l' } } : undefined,
  });
}
