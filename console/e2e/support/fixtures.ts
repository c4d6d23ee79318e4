import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type Page } from '@playwright/test';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { E2E } from './env.js';

/** Every test fails on an uncaught page error or a console.error. */
export const test = base.extend<{ errors: string[] }>({
  errors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
      });
      await use(errors);
      expect(errors, 'page errors / console.error').toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** 0 serious/critical axe violations on what the page shows now. */
export async function expectAxeClean(page: Page, what: string): Promise<void> {
  const r = await new AxeBuilder({ page: page as never }).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map(
      (v) =>
        `${what}: ${v.id} (${v.impact}) ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    ),
  ).toEqual([]);
}

/**
 * The newest activation link mailed to `to` (the outbox .eml files), waiting for it. `other`: a link already
 * seen; waits for a different one (a resend), since Date headers cannot tell two mails of one second apart.
 */
export async function activationLink(to: string, after = 0, other?: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  // A mail's Date header has whole seconds: one sent just after `after` can carry an earlier time.
  const since = after - (after % 1000);
  for (;;) {
    const files = (await readdir(E2E.outboxDir).catch(() => [] as string[]))
      .filter((f) => f.endsWith('.eml'))
      .sort()
      .reverse();
    for (const f of files) {
      const mail = await simpleParser(await readFile(join(E2E.outboxDir, f)));
      const rcpt = [mail.to]
        .flat()
        .flatMap((a) => a?.value ?? [])
        .map((a) => a.address?.toLowerCase());
      if (!rcpt.includes(to.toLowerCase()) || (mail.date?.getTime() ?? 0) < since) continue;
      const link = /https?:\/\/\S+\/activate\?token=[^\s"<>]+/.exec(`${mail.text ?? ''} ${mail.html || ''}`)?.[0];
      if (link && link.replace(/&amp;/g, '&') !== other) return link.replace(/&amp;/g, '&');
    }
    if (Date.now() > deadline) throw new Error(`no activation email to ${to}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export const uniqueEmail = (local: string) =>
  `${local}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@e2e.switchboard.test`;
