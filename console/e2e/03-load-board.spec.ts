import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { apiAs, createAgent, customerWrites } from './support/api.js';
import { E2E } from './support/env.js';
import { expect, expectAxeClean, signIn, test } from './support/fixtures.js';

const noHorizontalScroll = () => document.documentElement.scrollWidth <= window.innerWidth;

test('the load board: presence and load live, capacity raised in place hands the oldest waiting conversation out', async ({
  page,
  browser,
}) => {
  const admin = await apiAs(E2E.admin.email, E2E.admin.password);
  const suffix = Date.now().toString(36);
  // A team of one, so no other agent of the demo account competes for its conversations.
  const agent = await createAgent(admin, { name: `Bea Board ${suffix}`, capacity: 1, teamName: `Board ${suffix}` });

  await signIn(page, E2E.admin.email, E2E.admin.password);
  await page.getByRole('link', { name: 'Load board' }).click();
  await expect(page.getByRole('heading', { name: 'Load board' })).toBeVisible();
  await expect(page.getByTestId('live-status')).toContainText('Live');
  await page.getByLabel('Search agents').fill(agent.name);
  const row = page.getByTestId(`agent-row-${agent.id}`);
  await expect(row).toContainText('Offline');

  // The agent signs in in a browser of their own: their socket makes them available, and the board shows it live.
  const agentContext = await browser.newContext({ reducedMotion: 'reduce' });
  const agentPage = await agentContext.newPage();
  await signIn(agentPage, agent.email, agent.password);
  await expect(row).toContainText('Available');
  await expect(row).toContainText('since');

  // Three customers write in for the agent's team: the first takes the agent's only slot, two wait.
  const first = await customerWrites({ teamId: agent.teamId, name: 'First customer' });
  const second = await customerWrites({ teamId: agent.teamId, name: 'Second customer' });
  const third = await customerWrites({ teamId: agent.teamId, name: 'Third customer' });
  const assignee = async (id: string) => (await admin.request('GET /conversations/:id', { params: { id } })).assigneeId;
  await expect.poll(() => assignee(first.conversationId)).toBe(agent.id);
  const load = row.getByRole('meter', { name: `Load of ${agent.name}` });
  await expect(load).toHaveAttribute('aria-valuetext', '1 of 1, full');
  const waiting = page.getByTestId(`queue-row-${agent.teamId}`).getByRole('cell').nth(1);
  await expect(waiting).toHaveText('2');
  await expectAxeClean(page, 'load board');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectAxeClean(page, 'load board, dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // The admin raises the capacity in place: the bar follows and the oldest waiting conversation goes to the agent.
  const capacity = row.getByLabel(`Capacity of ${agent.name}`);
  await capacity.fill('2');
  const raisedAt = Date.now();
  await capacity.press('Enter');
  await expect(load).toHaveAttribute('aria-valuetext', '2 of 2, full');
  await expect.poll(() => assignee(second.conversationId)).toBe(agent.id);
  // The agent's own header follows the change without a reload.
  await expect(agentPage.getByTestId('my-load')).toHaveText('Load 2 / 2');
  test.info().annotations.push({ type: 'capacity raise → assigned (ms)', description: String(Date.now() - raisedAt) });
  expect(await assignee(third.conversationId)).toBeNull();
  await expect(waiting).toHaveText('1');
  expect(await page.evaluate(noHorizontalScroll)).toBe(true);
  await page.getByLabel('Search agents').fill('');
  await expect(page.getByRole('table', { name: 'Agents' }).getByRole('row')).not.toHaveCount(2);
  mkdirSync(resolve(import.meta.dirname, '../../docs/screenshots'), { recursive: true });
  await page.screenshot({
    path: resolve(import.meta.dirname, '../../docs/screenshots/load-board.png'),
    fullPage: true,
  });

  // Why does the third one still wait? The board's waiting list leads to its routing, in sentences.
  await page.getByTestId(`waiting-${third.conversationId}`).getByRole('link', { name: 'Why is it waiting?' }).click();
  await expect(page.getByRole('heading', { name: 'Why this agent' })).toBeVisible();
  await expect(page.getByTestId('routing-now')).toContainText('Nobody available');
  await expect(page.getByTestId('routing-now')).toContainText('1 at capacity');
  await page.getByText(/^Who was considered \(\d+\)$/).click();
  await expect(page.getByText(`${agent.name}: at capacity, 2 of 2`)).toBeVisible();
  expect(await page.evaluate(noHorizontalScroll)).toBe(true);
  await expectAxeClean(page, 'why this agent');

  // The second one was routed: its history names the agent and why routing chose them.
  await page.goto(`/load-board/conversations/${second.conversationId}/why`);
  await expect(page.getByTestId(/^routing-event-/).first()).toContainText(
    `Assigned to ${agent.name}: the only one who could take it (1 of 2)`,
  );
  await agentContext.close();

  // An Inbox Manager watches the same board, read-only.
  const managerContext = await browser.newContext({ reducedMotion: 'reduce' });
  const manager = await managerContext.newPage();
  await signIn(manager, E2E.manager.email, E2E.manager.password);
  await manager.getByRole('link', { name: 'Load board' }).click();
  await manager.getByLabel('Search agents').fill(agent.name);
  const watched = manager.getByTestId(`agent-row-${agent.id}`);
  await expect(watched.getByRole('meter', { name: `Load of ${agent.name}` })).toHaveAttribute(
    'aria-valuetext',
    '2 of 2, full',
  );
  await expect(manager.getByText(/read-only/)).toBeVisible();
  await expect(watched.getByRole('textbox')).toHaveCount(0);
  await managerContext.close();
});
