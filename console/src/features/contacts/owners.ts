import type { MeResponse, User } from '@switchboard/client-sdk';
import { useApiQuery } from '../../lib/query.js';

export interface Owners {
  /** Whether names of other users are known: `GET /users` is behind the Users & teams menu. */
  named: boolean;
  label: (ownerId: string | null) => string;
  /** Who the owner may be set to, as select options. */
  options: (current: string | null) => { value: string; label: string }[];
}

const userLabel = (u: Pick<User, 'name' | 'email'>) => (u.name ? `${u.name} (${u.email})` : u.email);

/**
 * Owner names for the contacts table. A role that may not list users (Inbox Manager, Developer, Sale) still knows
 * itself, so the owner reads "You" or "Someone else" rather than a bare id.
 */
export function useOwners(me: MeResponse): Owners & { loading: boolean } {
  const named = me.menus.includes('users_teams');
  const users = useApiQuery('GET /users', { query: { pageSize: 200 } }, { enabled: named });
  const byId = new Map((users.data?.items ?? []).map((u) => [u.id, u]));
  const label = (ownerId: string | null) => {
    if (ownerId === null) return 'No owner';
    if (ownerId === me.user.id) return named ? `${me.user.name || me.user.email} (you)` : 'You';
    const u = byId.get(ownerId);
    return u ? u.name || u.email : 'Someone else';
  };
  const options = (current: string | null) => {
    if (named) {
      const list = (users.data?.items ?? []).map((u) => ({
        value: u.id,
        label: u.status === 'pending' ? `${userLabel(u)}, pending` : userLabel(u),
      }));
      // A user beyond the first page of users is still the current owner: keep it choosable.
      return current && !byId.has(current) ? [{ value: current, label: label(current) }, ...list] : list;
    }
    const mine = [{ value: me.user.id, label: `You (${me.user.name || me.user.email})` }];
    return current && current !== me.user.id
      ? [{ value: current, label: 'Someone else (current owner)' }, ...mine]
      : mine;
  };
  return { named, label, options, loading: named && users.isPending };
}
