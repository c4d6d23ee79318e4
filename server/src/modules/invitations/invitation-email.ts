import type { Email } from '../../infra/mailer.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The activation email of the help page: one "Activate Account" button carrying the link. */
export function invitationEmail(input: {
  to: string;
  accountName: string;
  inviterName: string;
  link: string;
  expiresAt: Date;
}): Email {
  const expires = input.expiresAt.toUTCString();
  const subject = `${input.inviterName} invited you to ${input.accountName} on Switchboard`;
  const text = [
    `${input.inviterName} invited you to join ${input.accountName} on Switchboard.`,
    '',
    `Activate your account: ${input.link}`,
    '',
    `The link works once and expires on ${expires}. If it has expired, ask an admin to resend the invitation.`,
  ].join('\n');
  const html = `<p>${escapeHtml(input.inviterName)} invited you to join <b>${escapeHtml(input.accountName)}</b> on Switchboard.</p>
<p><a href="${escapeHtml(input.link)}" style="display:inline-block;padding:10px 18px;background:#128c7e;color:#fff;border-radius:6px;text-decoration:none">Activate Account</a></p>
<p>Or open this link: <a href="${escapeHtml(input.link)}">${escapeHtml(input.link)}</a></p>
<p>The link works once and expires on ${escapeHtml(expires)}. If it has expired, ask an admin to resend the invitation.</p>`;
  return { to: input.to, subject, text, html };
}
