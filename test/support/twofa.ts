import { generate } from 'otplib';
import { expect } from 'vitest';
import { api } from './api.js';
import type { TestStack } from './stack.js';

export const secretOf = (otpauthUri: string) => new URL(otpauthUri).searchParams.get('secret')!;

const nowStep = () => Math.floor(Date.now() / 1000 / 30);

/** A code at `offset` time steps from now (otplib in the test, as an authenticator app would compute it). */
export const codeAt = (secret: string, offset = 0) => generate({ secret, epoch: (nowStep() + offset) * 30 });

/**
 * A code the server has not seen yet: the current step, or the next one when the current step was already
 * accepted (the server forgives one step of drift). Waits for the clock when even the next step is used.
 */
export async function freshCode(stack: TestStack, userId: string, secret: string): Promise<string> {
  for (;;) {
    const [row] = await stack.orm.em
      .fork()
      .getConnection()
      .execute<{ s: string | null }[]>(`select totp_last_step as s from users where id = ?`, [userId]);
    const last = row?.s == null ? -1 : Number(row.s);
    const step = Math.max(nowStep(), last + 1);
    if (step <= nowStep() + 1) return generate({ secret, epoch: step * 30 });
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Enroll and confirm through the API; returns the secret (as the app scanned it) and the recovery codes. */
export async function enroll(stack: TestStack, baseUrl: string, token: string, userId: string) {
  const me = api(baseUrl, token);
  const start = await me.post('/me/2fa/enroll');
  expect(start.status).toBe(200);
  const secret = secretOf(start.body.otpauthUri);
  const confirm = await me.post('/me/2fa/confirm', { code: await freshCode(stack, userId, secret) });
  expect(confirm.status).toBe(200);
  return { secret, recoveryCodes: confirm.body.recoveryCodes as string[], enrollBody: start.body };
}

export async function userIdOf(stack: TestStack, email: string): Promise<string> {
  const [row] = await stack.orm.em
    .fork()
    .getConnection()
    .execute<{ id: string }[]>(`select id from users where email = ?`, [email]);
  return row.id;
}
