import type { WebSocketRoute } from '@playwright/test';
import { expect, signIn, test } from './support/fixtures.js';
import { E2E } from './support/env.js';
import { postInbound, teamOf, uniqueName, waitAssigned } from './support/inbox.js';

const agent = { email: 'service2@demo.switchboard.test', password: E2E.admin.password };

test('after the socket is really closed, the assignments made meanwhile appear exactly once', async ({
  page,
  errors,
}) => {
  const { teamId, userId } = await teamOf(agent.email, 5);
  // Every socket of the page goes through here. While `blocked`, a new connection is refused the way a dead
  // node refuses it: with an error (a frame Engine.IO cannot parse), upon which socket.io-client backs off and
  // retries. A plain close before the handshake would leave it waiting for its 20 s connect timeout instead.
  let blocked = false;
  const open: Array<{ page: WebSocketRoute; server: WebSocketRoute }> = [];
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (blocked) return ws.send('x');
    open.push({ page: ws, server: ws.connectToServer() });
  });

  await signIn(page, agent.email, agent.password);
  await expect(page.getByTestId('connection-status')).toHaveText('Connected');
  const mine = page.getByRole('list', { name: 'My conversations' });
  // One assignment before the outage: the client then holds a cursor into the event log to resume from.
  const before = await postInbound(teamId, uniqueName('Before'), 'first');
  await expect(mine.getByTestId(`conversation-row-${before.conversationId}`)).toBeVisible();

  blocked = true;
  for (const ws of open.splice(0)) {
    await ws.server.close();
    await ws.page.close();
  }
  await expect(page.getByTestId('connection-status')).toHaveText('Reconnecting…');
  // The lost socket also makes the page check the server over REST and refetch once that answers; wait for
  // that, so what follows can only reach the page through the socket's replay.
  await expect(page.getByText('The server is not answering')).toHaveCount(0);
  await page.waitForTimeout(300);

  const names = [uniqueName('Cai'), uniqueName('Dee'), uniqueName('Eli')];
  const posted = [];
  for (const name of names) posted.push(await postInbound(teamId, name, `hello from ${name}`));
  for (const p of posted) await waitAssigned(p.conversationId, userId);
  for (const p of posted) await expect(mine.getByTestId(`conversation-row-${p.conversationId}`)).toHaveCount(0);
  await expect(page.getByTestId('connection-status')).toHaveText('Reconnecting…');

  blocked = false;
  await expect(page.getByTestId('connection-status')).toHaveText('Connected', { timeout: 15_000 });
  for (const p of posted) await expect(mine.getByTestId(`conversation-row-${p.conversationId}`)).toHaveCount(1);
  await expect(mine.locator('li')).toHaveCount(4);
  await expect(page.getByTestId('my-load')).toHaveText('Load 4 / 5');
  // Applied once each, also after the replay settled.
  await page.waitForTimeout(500);
  await expect(mine.locator('li')).toHaveCount(4);
  await expect(mine.getByText('New', { exact: true })).toHaveCount(4);

  // Network errors while the socket was down are expected (Engine.IO reports a send on the socket this test
  // closed); anything else the page logged still fails the test.
  const network = /WebSocket is already in CLOSING or CLOSED state|WebSocket connection to .* failed/;
  errors.splice(0, errors.length, ...errors.filter((e) => !network.test(e)));
});
