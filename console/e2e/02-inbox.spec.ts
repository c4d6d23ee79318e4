import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, expectAxeClean, signIn, test } from './support/fixtures.js';
import { E2E } from './support/env.js';
import { postInbound, teamOf, uniqueName } from './support/inbox.js';

const agent = { email: 'service1@demo.switchboard.test', password: E2E.admin.password };

test('an agent receives conversations live, replies, resolves, and gets the next waiting one', async ({
  page,
  errors,
}) => {
  // Capacity 1: the second conversation waits in Unassigned until the first is resolved.
  const { teamId, teamName } = await teamOf(agent.email, 1);
  // Counts the chimes the page plays (Web Audio oscillators started), since a test cannot listen.
  await page.addInitScript({
    content: `window.__tones = 0; const start = OscillatorNode.prototype.start;
      OscillatorNode.prototype.start = function (...a) { window.__tones++; return start.apply(this, a); };`,
  });
  await signIn(page, agent.email, agent.password);
  await expect(page.getByRole('heading', { name: 'Inbox' })).toBeVisible();
  await expect(page.getByTestId('connection-status')).toHaveText('Connected');
  await expect(page.getByTestId('my-load')).toHaveText('Load 0 / 1');
  await expect(page.getByText('Nothing assigned to you.')).toBeVisible();
  await expectAxeClean(page, 'inbox (empty)');
  // The optional sound: off by default, switched on here, remembered across a reload.
  const sound = page.getByRole('button', { name: 'Sound', exact: true });
  await expect(sound).toHaveAttribute('aria-pressed', 'false');
  await sound.click();
  await expect(sound).toHaveAttribute('aria-pressed', 'true');
  await page.reload();
  await expect(sound).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('connection-status')).toHaveText('Connected');

  const mine = page.getByRole('list', { name: 'My conversations' });
  const first = uniqueName('Ana');
  const second = uniqueName('Bo');
  const a = await postInbound(teamId, first, 'Hello, my order has not arrived');
  const row = page.getByTestId(`conversation-row-${a.conversationId}`);
  await expect(mine.getByTestId(`conversation-row-${a.conversationId}`)).toBeVisible({ timeout: 3000 });
  await expect(row.getByText('New', { exact: true })).toBeVisible();
  await expect(page).toHaveTitle(/^\(1\) /);
  await expect.poll(() => page.evaluate(() => (window as unknown as { __tones: number }).__tones)).toBeGreaterThan(0);
  await expect(page.getByTestId('my-load')).toHaveText('Load 1 / 1');

  const b = await postInbound(teamId, second, 'Is anyone there?');
  await expect(page.getByRole('tab', { name: /Unassigned/ })).toBeVisible();
  await page.getByRole('tab', { name: /Unassigned/ }).click();
  await expect(
    page.getByRole('list', { name: 'Unassigned conversations' }).getByTestId(`conversation-row-${b.conversationId}`),
  ).toBeVisible();
  await expectAxeClean(page, 'unassigned queue');
  await page.getByRole('tab', { name: /Mine/ }).click();

  // Opening the conversation clears its mark and shows the customer's message.
  await row.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/inbox/${a.conversationId}$`));
  const log = page.getByRole('log', { name: 'Messages' });
  await expect(log).toContainText('Hello, my order has not arrived');
  await expect(row.getByText('New', { exact: true })).toHaveCount(0);
  await expect(page).not.toHaveTitle(/^\(/);
  await expectAxeClean(page, 'conversation');

  // A double click sends once, and the socket's echo of the reply does not add a second row.
  const reply = page.getByRole('textbox', { name: 'Reply' });
  const outbound = log.locator('[data-direction="outbound"]');
  await reply.fill('Sorry about that!\nLet me check.');
  await page.getByRole('button', { name: 'Send' }).dblclick();
  await expect(outbound).toHaveCount(1);
  await expect(outbound).toContainText('Let me check.');
  await expect(reply).toHaveValue('');
  await page.waitForTimeout(300);
  await expect(outbound).toHaveCount(1);

  // A failed send keeps the text, and sending again works.
  await reply.fill('It left our warehouse today.');
  await page.route('**/conversations/*/messages', (route) =>
    route.fulfill({
      status: 500,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'internal', message: 'Internal error' } }),
    }),
  );
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The message was not sent' })).toBeVisible();
  await expect(reply).toHaveValue('It left our warehouse today.');
  await page.unrouteAll();
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(outbound).toHaveCount(2);
  await expect(reply).toHaveValue('');

  mkdirSync(resolve(import.meta.dirname, '../../docs/screenshots'), { recursive: true });
  await page.screenshot({ path: resolve(import.meta.dirname, '../../docs/screenshots/inbox.png') });
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  // Resolving frees the slot: the waiting conversation is routed to the agent at once.
  await page.getByRole('button', { name: 'Resolve' }).click();
  await expect(page.getByTestId('conversation-status')).toHaveText('Resolved');
  await expect(mine.getByTestId(`conversation-row-${a.conversationId}`)).toHaveCount(0);
  await expect(mine.getByTestId(`conversation-row-${b.conversationId}`)).toBeVisible({ timeout: 3000 });
  await expect(page.getByTestId('my-load')).toHaveText('Load 1 / 1');
  await mine.getByTestId(`conversation-row-${b.conversationId}`).getByRole('link').click();
  await expect(page.getByRole('log', { name: 'Messages' })).toContainText('Is anyone there?');

  // Transfer to the team: back to Unassigned, and routed at once to its only member, who has a free slot.
  await page.getByRole('button', { name: 'Transfer' }).click();
  const dialog = page.getByRole('dialog', { name: 'Transfer conversation' });
  await dialog.getByText('A team').click();
  await dialog.getByRole('combobox', { name: 'Team' }).click();
  await page.getByRole('option', { name: teamName }).click();
  await expectAxeClean(page, 'transfer dialog');
  await dialog.getByRole('button', { name: 'Transfer' }).click();
  await expect(page.getByText(`${second} went to ${teamName}`)).toBeVisible();
  await expect(page.getByTestId('conversation-status')).toHaveText('Assigned to you');
  await expect(mine.getByTestId(`conversation-row-${b.conversationId}`)).toHaveCount(1);

  // The one error above was forced by the test (the 500 it answered in place of the server).
  const forced = errors.findIndex((e) => /status of 500/.test(e));
  if (forced >= 0) errors.splice(forced, 1);
});
