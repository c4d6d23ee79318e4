import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { activationLink, expect, expectAxeClean, signIn, test, uniqueEmail } from './support/fixtures.js';
import { E2E } from './support/env.js';

test('the Users & teams help page, walked', async ({ page, browser }) => {
  await signIn(page, E2E.owner.email, E2E.owner.password);
  await page.getByRole('link', { name: 'Users & teams' }).click();
  await expect(page.getByRole('heading', { name: 'Users & teams' })).toBeVisible();
  await expect(page.getByTestId(`user-row-${E2E.owner.email}`)).toContainText('Owner: cannot be removed');
  await expectAxeClean(page, 'users');

  // Invite: a Pending row, and an activation email.
  const email = uniqueEmail('newbie');
  const invitedAt = Date.now() - 1000;
  await page.getByRole('button', { name: 'Invite user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Invite user' });
  await dialog.getByLabel('Email').fill(email);
  await dialog.getByRole('combobox', { name: 'Role' }).click();
  await page.getByRole('option', { name: 'Service', exact: true }).click();
  await expectAxeClean(page, 'invite dialog');
  await dialog.getByRole('button', { name: 'Add' }).dblclick();
  const row = page.getByTestId(`user-row-${email}`);
  await expect(row).toContainText('Pending');
  await expect(page.getByTestId(/^user-row-newbie/)).toHaveCount(1);

  // Resend invalidates the first link.
  const first = await activationLink(email, invitedAt);
  const resentAt = Date.now() - 500;
  await row.getByRole('button', { name: `Resend invitation to ${email}` }).click();
  const second = await activationLink(email, resentAt, first);
  expect(second).not.toBe(first);

  const guest = await browser.newContext({ reducedMotion: 'reduce' });
  const newbie = await guest.newPage();
  await newbie.goto(first);
  await expect(newbie.getByText('This activation link cannot be used')).toBeVisible();
  await expectAxeClean(newbie, 'activation, used link');

  // The new user activates with the current link and lands signed in.
  await newbie.goto(second);
  await expect(newbie.getByRole('heading', { name: 'Activate your account' })).toBeVisible();
  await expectAxeClean(newbie, 'activation');
  await newbie.getByLabel('Your name').fill('Nina Newbie');
  await newbie.getByRole('textbox', { name: 'Password', exact: true }).fill('newbie-password-1');
  await newbie.getByRole('textbox', { name: 'Confirm password' }).fill('newbie-password-1');
  await newbie.getByRole('button', { name: 'Activate account' }).click();
  await expect(newbie.getByRole('button', { name: /Account menu of Nina Newbie/ })).toBeVisible();
  await expect(newbie.getByRole('link', { name: 'Users & teams' })).toHaveCount(0);
  await guest.close();

  // Admin edits role and teams, then capacity in the row.
  await page.reload();
  await expect(row).toContainText('Active');
  await row.getByRole('button', { name: `Edit ${email}` }).click();
  const edit = page.getByRole('dialog');
  await expect(edit.getByLabel('Email')).toHaveAttribute('readonly');
  await expectAxeClean(page, 'edit user dialog');
  await edit.getByRole('combobox', { name: 'Role' }).click();
  await page.getByRole('option', { name: 'Sale', exact: true }).click();
  await edit.getByRole('combobox', { name: 'Teams' }).click();
  await page.getByRole('option', { name: 'Sales', exact: true }).click();
  await edit.getByRole('combobox', { name: 'Teams' }).press('Escape');
  await edit.getByRole('button', { name: 'Edit' }).click();
  await expect(edit).toHaveCount(0);
  await expect(row).toContainText('Sale');
  await expect(row).toContainText('Sales');
  const capacity = row.getByLabel(`Capacity of ${email}`);
  await capacity.fill('7');
  await capacity.press('Enter');
  await expect(page.getByText(`Capacity of ${email} set to 7`)).toBeVisible();
  await page.reload();
  await expect(row.getByLabel(`Capacity of ${email}`)).toHaveValue('7');

  mkdirSync(resolve(import.meta.dirname, '../../docs/screenshots'), { recursive: true });
  await page.screenshot({
    path: resolve(import.meta.dirname, '../../docs/screenshots/users-teams.png'),
    fullPage: true,
  });
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  // Remove, with confirmation.
  await row.getByRole('button', { name: `Remove ${email}` }).click();
  await expect(page.getByRole('dialog').getByRole('button', { name: 'Remove' })).toBeVisible();
  await expectAxeClean(page, 'remove user dialog');
  await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
  await expect(row).toHaveCount(0);

  // Teams tab.
  await page.getByRole('tab', { name: 'Teams' }).click();
  await page.getByRole('button', { name: 'Add a team' }).click();
  await page.getByRole('dialog').getByLabel('Team name').fill('Night shift');
  await page.getByRole('dialog').getByRole('button', { name: 'Add' }).click();
  await expect(page.getByRole('cell', { name: 'Night shift', exact: true })).toBeVisible();
  await expectAxeClean(page, 'teams');
  await page.getByRole('button', { name: 'Delete team Night shift' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('cell', { name: 'Night shift', exact: true })).toHaveCount(0);

  // Ownership transfer: the owner hands over to Adam Admin and becomes an Admin.
  await page.getByRole('tab', { name: 'Users' }).click();
  await page.getByRole('button', { name: `Transfer ownership to ${E2E.admin.email}` }).click();
  await expect(page.getByRole('dialog').getByRole('button', { name: 'Confirm' })).toBeVisible();
  await expectAxeClean(page, 'transfer ownership dialog');
  await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByTestId(`user-row-${E2E.admin.email}`)).toContainText('Owner: cannot be removed');
  await expect(page.getByRole('button', { name: `Remove ${E2E.owner.email}` })).toBeVisible();
  await expect(page.getByRole('button', { name: /Transfer ownership to/ })).toHaveCount(0);
});
