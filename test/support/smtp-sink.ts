import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

/** An SMTP server in the test process that keeps every message it receives, parsed. */
export interface SmtpSink {
  url: string;
  messages: ParsedMail[];
  /** Resolves with the next message to `to` received after `after` messages (default: any already there). */
  waitFor(to: string, opts?: { after?: number; timeoutMs?: number }): Promise<ParsedMail>;
  countTo(to: string): number;
  close(): Promise<void>;
}

const recipients = (m: ParsedMail) =>
  (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));

export async function startSmtpSink(port = 0): Promise<SmtpSink> {
  const messages: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((m) => (messages.push(m), callback()), callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.server.address() as AddressInfo).port;
  const sink: SmtpSink = {
    url: `smtp://127.0.0.1:${bound}`,
    messages,
    countTo: (to) => messages.filter((m) => recipients(m).includes(to.toLowerCase())).length,
    async waitFor(to, opts = {}) {
      const deadline = Date.now() + (opts.timeoutMs ?? 5000);
      for (;;) {
        const mine = messages.filter((m) => recipients(m).includes(to.toLowerCase()));
        if (mine.length > (opts.after ?? 0)) return mine[opts.after ?? 0];
        if (Date.now() > deadline) throw new Error(`no email to ${to} within the timeout`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return sink;
}

/** The activation link of an invitation email, and its token. */
export function activationLink(mail: ParsedMail): { link: string; token: string } {
  const m = /(https?:\/\/\S+\/activate\?token=([A-Za-z0-9_%-]+))/.exec(mail.text ?? '');
  if (!m) throw new Error(`no activation link in: ${mail.text}`);
  return { link: m[1], token: decodeURIComponent(m[2]) };
}
