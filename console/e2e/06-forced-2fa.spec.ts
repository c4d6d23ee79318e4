import { generate } from 'otplib';
import { closeDb, newAccount, PASSWORD } from '../../test/browser/accounts.js';
import { expect, expectAxeClean, signIn, test } from './support/fixtures.js';

test.afterAll(closeDb);

test('a member of an account that forces 2FA reaches only enrollment, enrolls, then works', async ({ page }) => {
  const account = await newAccount('Forced', { require2fa: true });
  const member = account.byRole.service;
  await signIn(page, member.email, PASSWORD);

  await expect(page).toHaveURL(/\/enroll-2fa$/);
  await expect(page.getByRole('heading', { name: 'Set up two-factor authentication' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  await expectAxeClean(page, 'enrollment');

  // Every other screen sends the member back to enrollment.
  for (const path of ['/', '/users-teams', '/chatbot']) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/enroll-2fa$/);
  }

  // The manual key, as an authenticator app would read it from the QR code.
  const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s+/g, '');
  expect(secret).toMatch(/^[A-Z2-7]+=*$/);
  await expect(page.getByRole('img', { name: /qr/i })).toBeVisible();
  await page.getByLabel('Code from your app').fill(await generate({ secret }));
  await page.getByRole('button', { name: 'Confirm' }).click();

  // Recovery codes, shown once.
  const codes = page.getByLabel('Recovery codes');
  await expect(codes).toBeVisible();
  expect((await codes.textContent())!.trim().length).toBeGreaterThan(0);
  await expectAxeClean(page, 'recovery codes');
  await page.getByRole('button', { name: 'I saved them, continue' }).click();

  // Now the shell with the member's menus.
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page).not.toHaveURL(/enroll-2fa/);
  await page.goto('/enroll-2fa');
  await expect(page).not.toHaveURL(/enroll-2fa/);
});
