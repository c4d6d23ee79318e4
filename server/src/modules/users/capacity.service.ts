import type { EntityManager } from '@mikro-orm/postgresql';
import type { AgentCapacityUpdate, AgentLoadUpdate, CapacitySetRequest } from '@switchboard/client-sdk/contract';
import { forbidden } from '../../core/errors.js';
import { canChangeCapacity } from '../../core/permissions.js';
import type { AuthContext } from '../auth/auth.context.js';
import type { RealtimePublisher } from '../../realtime/publisher.js';
import { setCapacity as setUserCapacity, type UsersDeps } from './users.service.js';

/**
 * An Admin changes an agent's capacity while traffic flows, over REST or the socket: the users module's
 * rule (routing lock, audit, routing asked to run on a raise), then every admin's live view is told.
 */
export async function setCapacityLive(
  deps: { em: EntityManager; publisher: RealtimePublisher; users: UsersDeps },
  actor: AuthContext,
  input: CapacitySetRequest,
): Promise<AgentCapacityUpdate> {
  if (!canChangeCapacity(actor.role)) throw forbidden('Only Admins change capacity');
  const conn = deps.em.getConnection();
  // Read before the change only to show "from → to"; the change itself is decided under the lock.
  const [before] = await conn.execute<{ capacity: number | null }[]>(
    'select capacity from users where id = ? and account_id = ?',
    [input.userId, actor.accountId],
  );
  const user = await setUserCapacity(deps.em, actor, input.userId, input.capacity, deps.users);
  const [load] = await conn.execute<{ ongoing: number }[]>('select ongoing from agent_loads where user_id = ?', [
    input.userId,
  ]);
  const at = new Date().toISOString();
  const update: AgentCapacityUpdate = {
    userId: input.userId,
    capacity: user.capacity,
    previousCapacity: before?.capacity ?? null,
    actorUserId: actor.userId,
    at,
  };
  const loadUpdate: AgentLoadUpdate = {
    userId: input.userId,
    ongoing: load?.ongoing ?? 0,
    capacity: user.capacity,
    at,
  };
  deps.publisher.capacityChanged(actor.accountId, update);
  deps.publisher.toLoadBoard(actor.accountId, 'agent.load', { agents: [loadUpdate], at });
  return update;
}
