import type { Locator, Page } from '@playwright/test';
import { E2E } from './support/env.js';
import { expect, test, uniqueEmail } from './support/fixtures.js';

/** Presses Tab until `target` has the focus, as a keyboard user would; fails if it is not reachable. */
async function tabTo(page: Page, target: Locator, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`not reachable with Tab: ${target.toString()}`);
}

test('keyboard only: sign in, open Users & teams and invite a user', async ({ page }) => {
  await page.goto('/sign-in');
  await tabTo(page, page.getByLabel('Email'));
  await page.keyboard.type(E2E.admin.email);
  await tabTo(page, page.getByRole('textbox', { name: 'Password', exact: true }));
  await page.keyboard.type(E2E.admin.password);
  await page.keyboard.press('Enter');

  const menu = page.getByRole('link', { name: 'Users & teams' });
  await expect(menu).toBeVisible();
  await tabTo(page, menu);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Users & teams' })).toBeVisible();

  await tabTo(page, page.getByRole('button', { name: 'Invite user' }));
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Invite user' });
  await expect(dialog).toBeVisible();
  const email = uniqueEmail('keys');
  await tabTo(page, dialog.getByLabel('Email'));
  await page.keyboard.type(email);
  const role = dialog.getByRole('combobox', { name: 'Role' });
  await tabTo(page, role);
  await page.keyboard.press('ArrowDown');
  const option = page.getByRole('option', { name: 'Sale', exact: true });
  await expect(option).toBeVisible();
  for (let i = 0; i < 10 && (await option.getAttribute('data-combobox-selected')) === null; i++)
    await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(role).toHaveValue('Sale');
  await tabTo(page, dialog.getByRole('button', { name: 'Add' }));
  await page.keyboard.press('Enter');

  await expect(dialog).toBeHidden();
  const row = page.getByTestId(`user-row-${email}`);
  await expect(row).toContainText('Pending');
  await expect(row).toContainText('Sale');
});
