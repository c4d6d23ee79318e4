import type { EntityManager } from '@mikro-orm/postgresql';
import type { Redis } from 'ioredis';
import type { SocketRefusalCode } from '@switchboard/client-sdk/contract';
import { PERMISSIONS } from '../core/permissions.js';
import { resolveSessionsByHash, type LiveSession } from '../modules/auth/session.service.js';
import { parseNotice, type UserChangedNotice } from '../realtime/revocation.js';
import { roomsForUser } from '../realtime/rooms.js';
import type { PresenceLeases } from './presence.js';
import type { FailureLogger, GatewaySocket } from './socket.js';

const REVALIDATE_CHUNK = 1000;

interface RevocationDeps {
  em: () => EntityManager;
  presence: PresenceLeases;
  fail: FailureLogger;
  /** The safety net's period: every socket's session is re-checked this often, notices or not. */
  revalidateMs: number;
}

function revoke(socket: GatewaySocket, code: SocketRefusalCode): void {
  if (socket.data.revoked) return;
  socket.data.revoked = true;
  const message =
    code === 'enroll_2fa_first'
      ? 'This account now requires two-factor authentication: enroll 2FA first'
      : 'Your session was revoked or your access changed: sign in again';
  socket.emit('session.revoked', { code, message });
  socket.disconnect(true);
}

/** Applies a fresh look at the socket's session: revoke, move to the rooms of a new role, or keep. */
function apply(socket: GatewaySocket, fresh: LiveSession | undefined): void {
  if (!fresh || fresh.stage !== 'full') return revoke(socket, 'unauthenticated');
  if (fresh.enrollmentRequired) return revoke(socket, 'enroll_2fa_first');
  const { stage: _stage, ...auth } = fresh;
  const before = socket.data.auth;
  socket.data.auth = auth;
  if (before.role === auth.role) return;
  const want = new Set(roomsForUser(auth));
  for (const room of roomsForUser(before)) if (!want.has(room)) void socket.leave(room);
  void socket.join([...want]);
  socket.emit('session.rescoped', { role: auth.role, visibility: PERMISSIONS[auth.role].visibility });
}

/**
 * Drops or re-scopes this node's sockets whose session changed: at once on a revocation notice, and on a
 * short period in case a notice was lost, so revocation never depends on pub/sub alone.
 */
export class SocketRevocation {
  private recheck?: NodeJS.Timeout;
  private revalidating = false;

  constructor(private readonly deps: RevocationDeps) {}

  /** Re-checks this node's sockets of one user (or of a whole account) now. */
  async revalidate(notice: UserChangedNotice): Promise<void> {
    const sockets: GatewaySocket[] = [];
    for (const [userId, entry] of this.deps.presence.local) {
      if (entry.accountId !== notice.accountId) continue;
      if (notice.userId && notice.userId !== userId) continue;
      sockets.push(...entry.sockets);
    }
    await this.revalidateSockets(sockets);
  }

  /** Subscribes to revocation notices on `notices` (a connection of its own) and starts the periodic sweep. */
  start(notices: Redis, channel: string): void {
    const { fail } = this.deps;
    this.recheck = setInterval(() => {
      if (this.revalidating) return;
      this.revalidating = true;
      this.revalidateSockets(this.deps.presence.sockets())
        .catch(fail('periodic re-validation'))
        .finally(() => (this.revalidating = false));
    }, this.deps.revalidateMs);
    this.recheck.unref();

    void notices.subscribe(channel).catch(fail('notice subscription'));
    notices.on('message', (_channel, raw: string) => {
      const notice = parseNotice(raw);
      if (notice) this.revalidate(notice).catch(fail('re-validation on notice'));
    });
  }

  stop(): void {
    clearInterval(this.recheck);
  }

  private async revalidateSockets(sockets: GatewaySocket[]): Promise<void> {
    const live = sockets.filter((s) => s.connected && !s.data.revoked);
    for (let i = 0; i < live.length; i += REVALIDATE_CHUNK) {
      const chunk = live.slice(i, i + REVALIDATE_CHUNK);
      const fresh = await resolveSessionsByHash(this.deps.em(), [...new Set(chunk.map((s) => s.data.tokenHash))]);
      for (const s of chunk) apply(s, fresh.get(s.data.tokenHash));
    }
  }
}
