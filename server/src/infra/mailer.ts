import { mkdir, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { createTransport } from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from '../core/config.js';

export interface Email {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Where a message went: the SMTP server's reply, or the outbox file a person can open. */
export type Delivery = { via: 'smtp'; messageId: string } | { via: 'outbox'; file: string };

/** Sends email. Services depend on this interface only, so tests and deployments choose the transport. */
export interface Mailer {
  send(email: Email): Promise<Delivery>;
}

/**
 * SMTP when SMTP_URL is set. Otherwise each message becomes an .eml file in OUTBOX_DIR and a log line
 * that says where it is: a newcomer without a mail server can still open the activation link, while
 * the token itself stays out of the logs (logs are shipped and kept far longer than a link lives).
 */
export function createMailer(config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM' | 'OUTBOX_DIR'>, log: Logger): Mailer {
  const from = config.MAIL_FROM;
  if (config.SMTP_URL) {
    const transport = createTransport(config.SMTP_URL);
    return {
      async send(email) {
        const info = await transport.sendMail({ from, ...email });
        log.info({ to: email.to, subject: email.subject, messageId: info.messageId }, 'email sent');
        return { via: 'smtp', messageId: info.messageId };
      },
    };
  }
  const dir = resolve(config.OUTBOX_DIR);
  const compose = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(email) {
      const info = await compose.sendMail({ from, ...email });
      await mkdir(dir, { recursive: true });
      const file = resolve(
        dir,
        `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`,
      );
      await writeFile(file, info.message as Buffer, { mode: 0o600 });
      log.info(
        { to: email.to, subject: email.subject, file },
        `email written to the outbox (no SMTP_URL): open ${file}`,
      );
      return { via: 'outbox', file };
    },
  };
}
