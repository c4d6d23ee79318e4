import { AdminClient } from '@switchboard/client-sdk';
import { generate } from 'otplib';
import { closeDb, newAccount, PASSWORD } from '../../test/browser/accounts.js';
import { E2E } from './support/env.js';
import { expect, expectAxeClean, signIn, test } from './support/fixtures.js';

test.afterAll(closeDb);

/** Screens no other walk checks with axe: sign-in and its 2FA step, Chatbot, and a route the role may not use. */
test('sign-in, the 2FA step, Chatbot and "not available to your role" are axe-clean, light and dark', async ({
  page,
}) => {
  const account = await newAccount('Screens');
  const member = account.byRole.service;

  await page.goto('/sign-in');
  await expect(page.getByLabel('Email')).toBeVisible();
  await expectAxeClean(page, 'sign-in');

  // A member with 2FA: the password, then the code step, and the recovery code instead of the app's code.
  const api = new AdminClient({ baseUrl: E2E.baseUrl });
  await api.signIn({ email: member.email, password: PASSWORD });
  const enrollment = await api.request('POST /me/2fa/enroll');
  const secret = new URL(enrollment.otpauthUri).searchParams.get('secret')!;
  const { recoveryCodes } = await api.request('POST /me/2fa/confirm', { body: { code: await generate({ secret }) } });
  await signIn(page, member.email, PASSWORD);
  await expect(page.getByLabel('Authentication code')).toBeVisible();
  await expectAxeClean(page, '2FA code step');
  await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  const recovery = page.getByLabel('Recovery code');
  await recovery.fill(recoveryCodes[0]);
  await recovery.press('Enter');
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();

  // Service has no Chatbot menu: the page says so. An Inbox Manager has it.
  await page.goto('/chatbot');
  await expect(page.getByText('Not available to your role', { exact: true })).toBeVisible();
  await expectAxeClean(page, 'not available to your role');
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expectAxeClean(page, 'not available to your role, dark');

  const manager = await page.context().browser()!.newContext({ reducedMotion: 'reduce' });
  const other = await manager.newPage();
  await signIn(other, account.byRole.inbox_manager.email, PASSWORD);
  await other.getByRole('link', { name: 'Chatbot' }).click();
  await expect(other.getByText('Not part of this product yet')).toBeVisible();
  await expectAxeClean(other, 'chatbot');
  await manager.close();
});
