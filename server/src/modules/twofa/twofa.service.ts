import type { EntityManager } from '@mikro-orm/postgresql';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import QRCode from 'qrcode';
import type { Config } from '../../core/config.js';
import type { RedisKeys } from '../../infra/keys.js';
import { secretBox, type SecretBox } from '../../infra/secrets.js';
import { AuditEvent, User } from '../../db/entities/index.js';
import { DomainError, conflict, forbidden, notFound, unauthenticated, internal } from '../../core/errors.js';
import type { AuthContext } from '../auth/auth.context.js';
import { createSession, resolveSession, revokeUserSessions } from '../auth/session.service.js';
import {
  acceptedTimeStep,
  hashRecoveryCode,
  newRecoveryCode,
  newTotpSecret,
  otpauthUri,
  RECOVERY_CODE_COUNT,
} from './twofa.crypto.js';
import { CodeAttemptLimiter } from './twofa.rate-limit.js';
import type { AuditAction, Proof } from '@switchboard/client-sdk/contract';

export interface TwoFactorDeps {
  config: Config;
  redis: Redis;
  keys: RedisKeys;
  log: Logger;
}

export interface ClientMeta {
  ip: string;
  userAgent?: string;
}

/** Binds each ciphertext to its row: a secret copied onto another user does not decrypt. */
const secretContext = (userId: string) => `users.totp_secret_enc:${userId}`;

/** An UPDATE/DELETE through the transaction's connection; the number of rows it touched. */
async function run(em: EntityManager, sql: string, params: unknown[]): Promise<number> {
  const res = await em.execute<{ affectedRows?: number }>(sql, params, 'run');
  return res.affectedRows ?? 0;
}

// A wrong code on the sign-in step is a failed authentication; on the settings endpoints the session is fine and
// only the input is wrong, so a client must not take it for a dead session.
/** A refused code or recovery code: the one failure the attempt budget keeps counted and the log records. */
class WrongCodeError extends DomainError {}
const WRONG = 'Wrong, expired or already used code';
const wrongSignInCode = () => new WrongCodeError('unauthenticated', WRONG);
const wrongSettingsCode = () =>
  new WrongCodeError('validation_failed', WRONG, { fields: [{ field: 'body', message: WRONG }] });

interface TotpRow {
  totp_secret_enc: string | null;
  totp_enabled: boolean;
  totp_last_step: string | number | null;
}

/**
 * TOTP two-factor authentication (docs/architecture.md, security): enrollment, the second sign-in step,
 * recovery codes and the account switch. Every acceptance of a code is a single conditional UPDATE, so it holds across server nodes without locks.
 */
export class TwoFactorService {
  private box?: SecretBox;
  private readonly limiter: CodeAttemptLimiter;

  constructor(private readonly deps: TwoFactorDeps) {
    this.limiter = new CodeAttemptLimiter(deps.redis, deps.keys, {
      perUser: deps.config.TWOFA_MAX_FAILURES_PER_USER,
      perIp: deps.config.TWOFA_MAX_FAILURES_PER_IP,
      windowSeconds: deps.config.TWOFA_WINDOW_SECONDS,
    });
  }

  private secrets(): SecretBox {
    // Config refuses production without a key; `npm run server` in development without one lands here.
    if (!this.deps.config.SECRETS_KEY)
      throw internal('Two-factor authentication is unavailable: SECRETS_KEY is not set on the server');
    return (this.box ??= secretBox(this.deps.config.SECRETS_KEY));
  }

  private async totpRow(em: EntityManager, userId: string): Promise<TotpRow> {
    const [row] = await em.execute<TotpRow[]>(
      `select totp_secret_enc, (totp_enabled_at is not null) as totp_enabled, totp_last_step from users where id = ?`,
      [userId],
    );
    if (!row) throw notFound('User');
    return row;
  }

  async status(em: EntityManager, auth: AuthContext) {
    const row = await this.totpRow(em, auth.userId);
    const [{ remaining }] = await em.execute<{ remaining: number }[]>(
      `select count(*)::int as remaining from recovery_codes where user_id = ? and used_at is null`,
      [auth.userId],
    );
    const [{ require2fa }] = await em.execute<{ require2fa: boolean }[]>(
      `select require2fa from accounts where id = ?`,
      [auth.accountId],
    );
    return {
      enabled: row.totp_enabled,
      pending: !row.totp_enabled && !!row.totp_secret_enc,
      recoveryCodesRemaining: row.totp_enabled ? remaining : 0,
      accountRequires2fa: require2fa,
      enrollmentRequired: require2fa && !row.totp_enabled,
    };
  }

  /** Stores a new secret, encrypted and not yet enabled; a second start replaces the first. */
  async startEnrollment(em: EntityManager, auth: AuthContext) {
    const user = await em.findOneOrFail(User, { id: auth.userId, account: auth.accountId }, { populate: ['account'] });
    if (user.totpEnabledAt)
      throw conflict('2FA is already enabled: disable it first (or ask an admin to reset it) to enroll another device');
    const secret = newTotpSecret();
    user.totpSecretEnc = this.secrets().encrypt(secret, secretContext(user.id));
    // Steps accepted for an earlier secret say nothing about the new one.
    user.totpLastStep = null;
    await em.flush();
    const uri = otpauthUri(secret, user.email, user.account.getEntity().name);
    const qrCodeDataUrl = await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 256 });
    this.deps.log.info({ userId: user.id }, '2fa enrollment started');
    return { otpauthUri: uri, qrCodeDataUrl };
  }

  /** The first right code enables 2FA and returns the recovery codes, the only time they are ever shown. */
  async confirmEnrollment(em: EntityManager, auth: AuthContext, code: string, meta: ClientMeta) {
    const row = await this.totpRow(em, auth.userId);
    if (row.totp_enabled) throw conflict('2FA is already enabled');
    if (!row.totp_secret_enc) throw conflict('Start enrollment first (POST /me/2fa/enroll)');
    const enc = row.totp_secret_enc;
    return this.withAttempt(auth.userId, meta, async () => {
      const step = await acceptedTimeStep(
        this.secrets().decrypt(enc, secretContext(auth.userId)),
        code,
        toStep(row.totp_last_step),
      );
      if (step === null) throw wrongSettingsCode();
      const recoveryCodes = await em.transactional(async (tx) => {
        // The secret must still be the one the code was checked against: a parallel restart replaces it.
        const n = await run(
          tx,
          `update users set totp_enabled_at = now(), totp_last_step = ?
            where id = ? and totp_enabled_at is null and totp_secret_enc = ? and (totp_last_step is null or totp_last_step < ?)`,
          [step, auth.userId, enc, step],
        );
        if (n !== 1) throw wrongSettingsCode();
        audit(tx, auth, '2fa_enabled', { enabled: false }, { enabled: true });
        return this.replaceRecoveryCodes(tx, auth.userId);
      });
      this.deps.log.info({ userId: auth.userId }, '2fa enabled');
      return { recoveryCodes };
    });
  }

  /** The second sign-in step: the mfa-stage session is revoked and a new full one issued, in one transaction. */
  async verifySignIn(em: EntityManager, mfaToken: string | null, proof: Proof, meta: ClientMeta) {
    const pending = mfaToken ? await resolveSession(em, mfaToken) : null;
    if (!pending || pending.stage !== 'mfa') {
      throw unauthenticated(
        'Send the token of a sign-in waiting for its second step (stage "mfa") as the bearer token',
      );
    }
    return this.withAttempt(pending.userId, meta, () =>
      em.transactional(async (tx) => {
        await this.proveInTx(tx, pending.userId, proof, wrongSignInCode);
        // One mfa session yields at most one full session, even with several recovery codes sent in parallel.
        const n = await run(
          tx,
          `update sessions set revoked_at = now() where id = ? and stage = 'mfa' and revoked_at is null`,
          [pending.sessionId],
        );
        if (n !== 1) throw unauthenticated('This sign-in was already completed or has expired: sign in again');
        const s = await createSession(
          tx,
          { id: pending.userId, accountId: pending.accountId },
          {
            stage: 'full',
            ttlHours: this.deps.config.SESSION_TTL_HOURS,
            ip: meta.ip,
            userAgent: meta.userAgent,
          },
        );
        const remaining =
          proof.recoveryCode !== undefined ? await countUnusedRecoveryCodes(tx, pending.userId) : undefined;
        this.deps.log.info(
          { userId: pending.userId, sessionId: s.sessionId, recoveryCode: proof.recoveryCode !== undefined },
          '2fa sign-in completed',
        );
        return {
          token: s.token,
          expiresAt: s.expiresAt.toISOString(),
          stage: 'full' as const,
          enrollmentRequired: false,
          ...(remaining !== undefined ? { recoveryCodesRemaining: remaining } : {}),
        };
      }),
    );
  }

  /** Refused while the account requires 2FA: the member would only be sent back to enrollment. */
  async disable(em: EntityManager, auth: AuthContext, proof: Proof, meta: ClientMeta): Promise<void> {
    const row = await this.totpRow(em, auth.userId);
    if (!row.totp_enabled) throw conflict('2FA is not enabled');
    await this.refuseIfRequired(em, auth.accountId, false);
    await this.withAttempt(auth.userId, meta, () =>
      em.transactional(async (tx) => {
        await this.proveInTx(tx, auth.userId, proof, wrongSettingsCode);
        // Re-checked under a share lock: the switch turned on meanwhile must win over a disable in flight.
        await this.refuseIfRequired(tx, auth.accountId, true);
        await this.clearTotp(tx, auth.userId);
        audit(tx, auth, '2fa_disabled', { enabled: true }, { enabled: false });
      }),
    );
    this.deps.log.info({ userId: auth.userId }, '2fa disabled');
  }

  async regenerateRecoveryCodes(em: EntityManager, auth: AuthContext, proof: Proof, meta: ClientMeta) {
    const row = await this.totpRow(em, auth.userId);
    if (!row.totp_enabled) throw conflict('2FA is not enabled');
    return this.withAttempt(auth.userId, meta, () =>
      em.transactional(async (tx) => {
        await this.proveInTx(tx, auth.userId, proof, wrongSettingsCode);
        audit(tx, auth, 'recovery_codes_regenerated', null, null);
        return { recoveryCodes: await this.replaceRecoveryCodes(tx, auth.userId) };
      }),
    );
  }

  async accountSecurity(em: EntityManager, accountId: string) {
    const [row] = await em.execute<{ require2fa: boolean; without: number }[]>(
      `select a.require2fa,
              (select count(*)::int from users u where u.account_id = a.id and u.status = 'active' and u.totp_enabled_at is null) as without
         from accounts a where a.id = ?`,
      [accountId],
    );
    if (!row) throw notFound('Account');
    return { require2fa: row.require2fa, membersWithout2fa: row.without };
  }

  /** The account switch, audited in the same transaction. Sessions notice on their next request (checked per request). */
  async setAccountRequirement(em: EntityManager, auth: AuthContext, require2fa: boolean) {
    await em.transactional(async (tx) => {
      const [acc] = await tx.execute<{ require2fa: boolean; name: string }[]>(
        `select require2fa, name from accounts where id = ? for update`,
        [auth.accountId],
      );
      if (!acc) throw notFound('Account');
      if (acc.require2fa === require2fa) return;
      if (require2fa && !auth.totpEnabled) {
        throw conflict(
          'Enroll 2FA yourself first (POST /me/2fa/enroll): requiring it now would shut you out of this setting',
        );
      }
      await run(tx, `update accounts set require2fa = ? where id = ?`, [require2fa, auth.accountId]);
      audit(
        tx,
        auth,
        'require_2fa_changed',
        { require2fa: acc.require2fa },
        { require2fa },
        { type: 'account', id: auth.accountId, label: acc.name },
      );
    });
    this.deps.log.info({ accountId: auth.accountId, require2fa, by: auth.userId }, 'account 2fa requirement set');
    return this.accountSecurity(em, auth.accountId);
  }

  /**
   * An admin clears a member's 2FA after a lost device: without it, a member of an account that requires 2FA
   * could neither sign in nor disable it. Their sessions are revoked; they enroll again after the password.
   */
  async resetMember(em: EntityManager, auth: AuthContext, userId: string): Promise<void> {
    if (userId === auth.userId) throw forbidden('Use POST /me/2fa/disable for your own 2FA: it asks for a code');
    await em.transactional(async (tx) => {
      const target = await tx.findOne(User, { id: userId, account: auth.accountId });
      if (!target) throw notFound('User');
      const wasEnabled = !!target.totpEnabledAt;
      await this.clearTotp(tx, userId);
      await revokeUserSessions(tx, userId);
      audit(
        tx,
        auth,
        '2fa_reset',
        { enabled: wasEnabled },
        { enabled: false },
        { type: 'user', id: userId, label: target.email },
      );
    });
    await this.deps.redis.del(this.deps.keys.twofaFailures('user', userId));
    this.deps.log.info({ userId, by: auth.userId }, '2fa reset by an admin');
  }

  /** Runs one code attempt inside the per-user and per-IP budgets; only a success gives the attempt back. */
  private async withAttempt<T>(userId: string, meta: ClientMeta, attempt: () => Promise<T>): Promise<T> {
    await this.limiter.reserve(userId, meta.ip);
    let result: T;
    try {
      result = await attempt();
    } catch (e) {
      if (e instanceof WrongCodeError) this.deps.log.warn({ userId, ip: meta.ip }, '2fa code refused');
      throw e;
    }
    await this.limiter.succeeded(userId, meta.ip);
    return result;
  }

  /** Accepts the proof inside `tx`: a TOTP step or a recovery code is used up only if the transaction commits. */
  private async proveInTx(tx: EntityManager, userId: string, proof: Proof, wrong: () => DomainError): Promise<void> {
    if (proof.recoveryCode !== undefined) {
      const n = await run(
        tx,
        `update recovery_codes set used_at = now() where user_id = ? and code_hash = ? and used_at is null`,
        [userId, hashRecoveryCode(proof.recoveryCode)],
      );
      if (n !== 1) throw wrong();
      return;
    }
    const row = await this.totpRow(tx, userId);
    if (!row.totp_enabled || !row.totp_secret_enc) throw wrong();
    const step = await acceptedTimeStep(
      this.secrets().decrypt(row.totp_secret_enc, secretContext(userId)),
      proof.code!,
      toStep(row.totp_last_step),
    );
    if (step === null) throw wrong();
    // The replay guard: of all requests carrying this code, on any node, exactly one moves the step forward.
    const n = await run(
      tx,
      `update users set totp_last_step = ? where id = ? and totp_enabled_at is not null and (totp_last_step is null or totp_last_step < ?)`,
      [step, userId, step],
    );
    if (n !== 1) throw wrong();
  }

  private async refuseIfRequired(em: EntityManager, accountId: string, lock: boolean) {
    const [acc] = await em.execute<{ require2fa: boolean }[]>(
      `select require2fa from accounts where id = ?${lock ? ' for share' : ''}`,
      [accountId],
    );
    if (acc?.require2fa)
      throw conflict(
        'This account requires 2FA for every member: it cannot be disabled (an admin can reset it after a lost device)',
      );
  }

  private async clearTotp(tx: EntityManager, userId: string) {
    await run(
      tx,
      `update users set totp_secret_enc = null, totp_enabled_at = null, totp_last_step = null where id = ?`,
      [userId],
    );
    await run(tx, `delete from recovery_codes where user_id = ?`, [userId]);
  }

  private async replaceRecoveryCodes(tx: EntityManager, userId: string): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await run(tx, `delete from recovery_codes where user_id = ?`, [userId]);
    await run(
      tx,
      `insert into recovery_codes (id, user_id, code_hash, created_at) values ${codes.map(() => '(gen_random_uuid(), ?, ?, now())').join(', ')}`,
      codes.flatMap((c) => [userId, hashRecoveryCode(c)]),
    );
    return codes;
  }
}

const toStep = (v: string | number | null) => (v === null ? null : Number(v));

async function countUnusedRecoveryCodes(em: EntityManager, userId: string): Promise<number> {
  const [{ n }] = await em.execute<{ n: number }[]>(
    `select count(*)::int as n from recovery_codes where user_id = ? and used_at is null`,
    [userId],
  );
  return n;
}

function audit(
  tx: EntityManager,
  auth: AuthContext,
  action: AuditAction,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  target: { type: string; id: string; label: string | null } = { type: 'user', id: auth.userId, label: auth.email },
) {
  tx.create(AuditEvent, {
    account: auth.accountId,
    actorUserId: auth.userId,
    actorName: auth.name,
    action,
    targetType: target.type,
    targetId: target.id,
    targetLabel: target.label,
    before,
    after,
  });
}
