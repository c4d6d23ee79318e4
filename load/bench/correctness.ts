import type pg from 'pg';

/** What must be zero after every run (docs/invariants.md (I1), I2). */
export interface Correctness {
  /** Agents whose ongoing conversations exceed their capacity, or whose ledger row disagrees with the conversations. */
  capacityViolations: number;
  /** Conversations the run stored or had accepted that are not in the database (or have no message). */
  lost: number;
  /** Conversations still Unassigned at the end of a run in which capacity sufficed for all (I4, liveness). */
  stuck: number;
  /** Conversations assigned more than once without being released in between, or received by two agents. */
  doubleAssignments: number;
}

export const zeroCorrectness = (): Correctness => ({ capacityViolations: 0, lost: 0, stuck: 0, doubleAssignments: 0 });

export function addCorrectness(a: Correctness, b: Correctness): Correctness {
  return {
    capacityViolations: a.capacityViolations + b.capacityViolations,
    lost: a.lost + b.lost,
    stuck: a.stuck + b.stuck,
    doubleAssignments: a.doubleAssignments + b.doubleAssignments,
  };
}

export const isClean = (c: Correctness) =>
  c.capacityViolations === 0 && c.lost === 0 && c.stuck === 0 && c.doubleAssignments === 0;

/**
 * Checks one account with SQL. `expectedConversationIds` are those the run created (or learned from accepted
 * inbound messages); `mustBeRouted` says whether capacity sufficed so that none may still be unassigned.
 * `receivedBy` maps conversation → the distinct agents whose socket received its assignment.
 */
export async function checkAccount(
  db: Pick<pg.Pool, 'query'>,
  accountId: string,
  opts: {
    expectedConversationIds?: string[];
    expectedProviderIds?: string[];
    mustBeRouted: boolean;
    receivedBy?: Map<string, Set<string>>;
    /**
     * When the run lowered capacities, an agent may legitimately hold more than their capacity now
     * (lowering revokes nothing): compare against the highest capacity the run ever set instead.
     * Runs that only raise capacity check the exact bound.
     */
    capacityCeiling?: number;
  },
): Promise<Correctness> {
  const capacity = await db.query<{ n: string }>(
    `with actual as (
       select assignee_id as user_id, count(*) as ongoing from conversations
        where account_id = $1 and status = 'assigned' group by assignee_id
     )
     select count(*) as n from users u
       left join actual a on a.user_id = u.id
       left join agent_loads l on l.user_id = u.id
      where u.account_id = $1
        and ((u.capacity is not null and coalesce(a.ongoing, 0) > greatest(u.capacity, coalesce($2::int, 0)))
             or coalesce(a.ongoing, 0) <> coalesce(l.ongoing, 0))`,
    [accountId, opts.capacityCeiling ?? null],
  );

  let lost = 0;
  let stuck = 0;
  if (opts.expectedConversationIds?.length) {
    const { rows } = await db.query<{ missing: string; waiting: string }>(
      `select count(*) filter (where c.id is null) as missing,
              count(*) filter (where c.status = 'unassigned') as waiting
         from unnest($2::uuid[]) as e(id) left join conversations c on c.id = e.id and c.account_id = $1`,
      [accountId, opts.expectedConversationIds],
    );
    lost += Number(rows[0].missing);
    if (opts.mustBeRouted) stuck += Number(rows[0].waiting);
  }
  if (opts.expectedProviderIds?.length) {
    const { rows } = await db.query<{ missing: string; waiting: string }>(
      `select count(*) filter (where m.id is null) as missing,
              count(*) filter (where c.status = 'unassigned') as waiting
         from unnest($2::text[]) as e(pid)
         left join messages m on m.account_id = $1 and m.provider_message_id = e.pid
         left join conversations c on c.id = m.conversation_id`,
      [accountId, opts.expectedProviderIds],
    );
    lost += Number(rows[0].missing);
    if (opts.mustBeRouted) stuck += Number(rows[0].waiting);
  }

  // Two assignments of one conversation with no release (unassign, resolve, transfer, requeue) between them.
  const doubles = await db.query<{ n: string }>(
    `with ev as (
       select conversation_id, kind,
              lag(kind) over (partition by conversation_id order by id) as prev
         from assignment_events where account_id = $1
     )
     select count(distinct conversation_id) as n from ev
      where kind in ('auto', 'pick', 'assign') and prev in ('auto', 'pick', 'assign')`,
    [accountId],
  );
  let socketDoubles = 0;
  for (const agents of opts.receivedBy?.values() ?? []) if (agents.size > 1) socketDoubles++;

  return {
    capacityViolations: Number(capacity.rows[0].n),
    lost,
    stuck,
    doubleAssignments: Number(doubles.rows[0].n) + socketDoubles,
  };
}
