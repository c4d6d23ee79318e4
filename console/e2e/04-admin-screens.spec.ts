import type { Page } from '@playwright/test';
import { generate } from 'otplib';
import { expect, expectAxeClean, signIn, test } from './support/fixtures.js';
import { E2E } from './support/env.js';

const DEMO_CHANNEL = '+15550100';
const SALE = { email: 'sale1@demo.switchboard.test', name: 'Sal Sale', password: E2E.admin.password };
/** The navbar, in the documented order (console/README.md); other features (Inbox) may sit between them. */
const MENU_ORDER = ['Contacts', 'Chatbot', 'Integration', 'Developers', 'Account settings', 'Users & teams'];

const noHorizontalScroll = async (page: Page) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

/** The REST API with the session the console keeps, for set-up and clean-up only. */
const sessionOf = (page: Page) =>
  page.evaluate(() => sessionStorage.getItem('switchboard.token') ?? localStorage.getItem('switchboard.token'));

async function call(page: Page, token: string | null, method: string, path: string, data?: unknown) {
  const r = await page.request.fetch(`${E2E.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}` },
    ...(data === undefined ? {} : { data }),
  });
  expect(r.ok(), `${method} ${path}: ${r.status()} ${await r.text()}`).toBe(true);
}

/** Chromium logs a failed request as a console error; an expected one is taken off the list, exactly once. */
async function expectFailedRequest(errors: string[], status: number) {
  await expect.poll(() => errors.findIndex((e) => e.includes(`status of ${status}`))).toBeGreaterThanOrEqual(0);
  errors.splice(
    errors.findIndex((e) => e.includes(`status of ${status}`)),
    1,
  );
}

test('the admin screens, walked by the demo admin; a Sale user is told what is not theirs', async ({
  page,
  context,
  browser,
  errors,
}) => {
  const stamp = Date.now().toString().slice(-7);
  const phone = `+1555${stamp}`;
  const keyName = `Provider webhook ${stamp}`;
  const contact = { phone: `+4930${stamp}`, name: `Carla Customer ${stamp}` };
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: E2E.baseUrl });
  await signIn(page, E2E.admin.email, E2E.admin.password);
  const nav = page.getByRole('navigation', { name: 'Menus' });
  await expect(nav.getByRole('link', { name: 'Account settings' })).toBeVisible();
  const token = await sessionOf(page);
  const labels = await nav.getByRole('link').allInnerTexts();
  expect(labels.filter((l) => MENU_ORDER.includes(l))).toEqual(MENU_ORDER);

  // Integration: a number is added (validated first by the contract's schema), renamed and given a team.
  await nav.getByRole('link', { name: 'Integration' }).click();
  await expect(page.getByTestId(`channel-row-${DEMO_CHANNEL}`)).toBeVisible();
  await expectAxeClean(page, 'integration');
  await noHorizontalScroll(page);
  await page.getByRole('button', { name: 'Add number' }).click();
  const add = page.getByRole('dialog', { name: 'Add a WhatsApp number' });
  await add.getByRole('button', { name: 'Add' }).click();
  await expect(add.getByText('The name is required')).toBeVisible();
  await expect(add.getByText(/Expected a phone number/)).toBeVisible();
  // The demo number exists: the server refuses it, and what was typed stays.
  await add.getByLabel('Name').fill('Night line');
  await add.getByLabel('Phone number').fill('+1 555 0100');
  await add.getByRole('button', { name: 'Add' }).click();
  await expect(add.getByRole('alert')).toContainText('already a channel');
  await expectFailedRequest(errors, 409);
  await expect(add.getByLabel('Name')).toHaveValue('Night line');
  await add.getByLabel('Phone number').fill(`+1 555 ${stamp}`);
  await add.getByRole('combobox', { name: 'Default team' }).click();
  await page.getByRole('option', { name: 'Sales', exact: true }).click();
  await expectAxeClean(page, 'add number dialog');
  await add.getByRole('button', { name: 'Add' }).dblclick();
  const channel = page.getByTestId(`channel-row-${phone}`);
  await expect(channel).toContainText('Night line');
  await expect(channel).toContainText('Sales');
  await expect(channel).toHaveCount(1);
  await channel.getByRole('button', { name: 'Edit Night line' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit Night line' });
  await expect(edit.getByLabel('Phone number')).toHaveAttribute('readonly');
  await edit.getByLabel('Name').fill('Night shift line');
  await edit.getByRole('combobox', { name: 'Default team' }).click();
  await page.getByRole('option', { name: 'Support', exact: true }).click();
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(channel).toContainText('Night shift line');
  await expect(channel).toContainText('Support');
  await channel.getByRole('button', { name: 'Delete Night shift line' }).click();
  await expectAxeClean(page, 'delete number dialog');
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(channel).toHaveCount(0);

  // Developers: a key is shown once, copied, works, is revoked, and then refused.
  await nav.getByRole('link', { name: 'Developers' }).click();
  await expect(page.getByRole('table', { name: 'API keys' })).toBeVisible();
  await expectAxeClean(page, 'developers');
  await noHorizontalScroll(page);
  await page.getByRole('button', { name: 'Create API key' }).click();
  const create = page.getByRole('dialog', { name: 'Create an API key' });
  await create.getByLabel('Name').fill(keyName);
  await create.getByRole('button', { name: 'Create' }).dblclick();
  const shown = page.getByRole('dialog', { name: `API key ${keyName}` });
  await expect(shown).toContainText('shown only once');
  const key = (await shown.getByTestId('new-api-key').innerText()).trim();
  expect(key).toMatch(/^sbk_/);
  await expectAxeClean(page, 'new API key dialog');
  await shown.getByRole('button', { name: 'Copy key' }).click();
  await expect(shown.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
  await shown.getByRole('button', { name: 'I stored it, close' }).click();
  const keyRow = page.getByTestId(`api-key-row-${keyName}`);
  await expect(keyRow).toHaveCount(1);
  await expect(keyRow).toContainText(key.slice(0, 12));
  await page.reload();
  await expect(keyRow).toContainText('Active');
  await expect(page.getByText(key)).toHaveCount(0);

  const inbound = (providerMessageId: string) =>
    page.request.post(`${E2E.baseUrl}/v1/inbound/messages`, {
      headers: { 'x-api-key': key },
      data: { channel: { phone: DEMO_CHANNEL }, contact, text: 'Hello, is my order on its way?', providerMessageId },
    });
  expect((await inbound(`e2e-admin-${stamp}-1`)).status()).toBe(201);
  await keyRow.getByRole('button', { name: `Revoke ${keyName}` }).click();
  await expectAxeClean(page, 'revoke dialog');
  await page
    .getByRole('dialog', { name: `Revoke ${keyName}?` })
    .getByRole('button', { name: 'Revoke' })
    .click();
  await expect(keyRow).toContainText('Revoked');
  await expect(keyRow.getByRole('button', { name: `Revoke ${keyName}` })).toHaveCount(0);
  expect((await inbound(`e2e-admin-${stamp}-2`)).status()).toBe(401);

  // Contacts: the customer who just wrote is found by search and given an owner.
  await nav.getByRole('link', { name: 'Contacts' }).click();
  await page.getByLabel('Search contacts').fill(stamp);
  const contactRow = page.getByTestId(`contact-row-${contact.phone}`);
  await expect(contactRow).toContainText('No owner');
  await expect(page.getByRole('table', { name: 'Contacts' }).getByRole('row')).toHaveCount(2);
  await expectAxeClean(page, 'contacts');
  await noHorizontalScroll(page);
  await contactRow.getByRole('button', { name: `Change owner of ${contact.name}` }).click();
  const owner = page.getByRole('dialog', { name: `Owner of ${contact.name}` });
  await owner.getByRole('combobox', { name: 'Owner' }).click();
  await page.getByRole('option', { name: new RegExp(SALE.name) }).click();
  await expectAxeClean(page, 'owner dialog');
  await owner.getByRole('button', { name: 'Save' }).dblclick();
  await expect(owner).toHaveCount(0);
  await expect(contactRow).toContainText(SALE.name);

  // Account settings: a routing change survives a reload.
  await nav.getByRole('link', { name: 'Account settings' }).click();
  await expect(page.getByRole('radio', { name: 'Balanced', exact: true })).toBeVisible();
  const before = (await page.getByRole('radio', { name: 'Balanced', exact: true }).isChecked())
    ? 'balanced'
    : 'round_robin';
  const other = before === 'balanced' ? 'Round robin' : 'Balanced';
  await expectAxeClean(page, 'routing settings');
  await noHorizontalScroll(page);
  await page.getByRole('radio', { name: other, exact: true }).check();
  await page.getByRole('button', { name: 'Save routing settings' }).dblclick();
  await expect(page.getByText('Routing settings saved')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('radio', { name: other, exact: true })).toBeChecked();

  // Force 2FA: blocked until the admin has 2FA; enrolled from the link; switched on, then off again.
  await page.getByRole('tab', { name: 'Security' }).click();
  const require2fa = page.getByRole('switch', { name: 'Require two-factor authentication for all members' });
  await expect(require2fa).toBeDisabled();
  await expectAxeClean(page, 'security settings');
  await page.getByRole('link', { name: 'Set up 2FA for yourself' }).click();
  const secret = await page.getByTestId('totp-secret').innerText();
  await page.getByLabel('Code from your app').fill(await generate({ secret }));
  await page.getByRole('button', { name: 'Confirm' }).click();
  const recoveryCodes = (await page.getByLabel('Recovery codes').innerText()).split('\n').filter(Boolean);
  await page.getByRole('button', { name: 'I saved them, continue' }).click();
  await expect(require2fa).toBeEnabled();
  await require2fa.click();
  await expect(require2fa).toBeChecked();
  await expect(page.getByTestId('members-without-2fa')).toContainText('asked to enroll');
  await require2fa.click();
  await expect(require2fa).not.toBeChecked();
  // Later files sign the demo admin in with a password only.
  await call(page, token, 'POST', '/me/2fa/disable', { recoveryCode: recoveryCodes[0] });

  // Audit log: what this test just did, filtered by action; then paged with "Load more".
  await page.getByRole('tab', { name: 'Audit log' }).click();
  const rows = page.getByTestId('audit-row');
  await expect(rows.first()).toBeVisible();
  await expectAxeClean(page, 'audit log');
  await noHorizontalScroll(page);
  const filterBy = async (label: string) => {
    await page.getByRole('combobox', { name: 'Action' }).click();
    await page.getByRole('option', { name: label, exact: true }).click();
  };
  await filterBy('Number added');
  await expect(rows.first()).toContainText(phone);
  await expect(rows.first()).toContainText('Adam Admin');
  await expect(rows.first()).toContainText('name: Night line');
  await filterBy('API key revoked');
  await expect(rows.first()).toContainText(keyName);
  await filterBy('Contact owner changed');
  await expect(rows.first()).toContainText(contact.phone);
  await expect(rows.first()).toContainText(`owner: — → ${SALE.name}`);
  await filterBy('Required 2FA switched');
  await expect(rows.nth(0)).toContainText('require 2FA: on → off');
  await expect(rows.nth(1)).toContainText('require 2FA: off → on');
  await filterBy('Routing settings changed');
  await expect(rows.first()).toContainText('strategy');
  // Clicking a target narrows the log to it: the number's whole story, newest first.
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page
    .getByRole('button', { name: `Show only events about number ${phone}` })
    .first()
    .click();
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText('Number deleted');
  await expect(rows.nth(1)).toContainText('name: Night line → Night shift line');
  await expect(rows.nth(1)).toContainText('default team: Sales → Support');
  await expect(rows.nth(2)).toContainText('Number added');

  // Dark theme: the busiest screen stays readable.
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expectAxeClean(page, 'audit log, dark');
  await page.getByRole('button', { name: 'Switch to light theme' }).click();

  // Enough routing changes for a second page, then back to where the account was.
  const strategies = { Balanced: 'balanced', 'Round robin': 'round_robin' } as const;
  for (let i = 0; i < 26; i++)
    await call(page, token, 'PUT', '/account/routing', { strategy: i % 2 ? strategies[other] : before });
  await call(page, token, 'PUT', '/account/routing', { strategy: before });
  await page.reload();
  await filterBy('Routing settings changed');
  await expect(rows).toHaveCount(25);
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect.poll(() => rows.count()).toBeGreaterThan(25);

  // A Sale user: no Account settings menu, a typed /settings says so; their contact reads "You", read-only.
  const saleContext = await browser.newContext({ reducedMotion: 'reduce' });
  const sale = await saleContext.newPage();
  sale.on('pageerror', (e) => errors.push(`sale pageerror: ${e.message}`));
  sale.on('console', (m) => m.type() === 'error' && errors.push(`sale console.error: ${m.text()}`));
  await signIn(sale, SALE.email, SALE.password);
  await expect(sale.getByRole('button', { name: `Account menu of ${SALE.name}` })).toBeVisible();
  await expect(sale.getByRole('link', { name: 'Account settings' })).toHaveCount(0);
  await sale.goto('/settings');
  await expect(sale.getByRole('alert')).toContainText('not available to your role');
  await expectAxeClean(sale, 'settings as Sale');
  await sale.goto('/contacts');
  await sale.getByLabel('Search contacts').fill(stamp);
  const saleRow = sale.getByTestId(`contact-row-${contact.phone}`);
  await expect(saleRow).toContainText('You');
  await expect(saleRow.getByRole('button')).toHaveCount(0);
  await expectAxeClean(sale, 'contacts as Sale');
  await saleContext.close();
});
