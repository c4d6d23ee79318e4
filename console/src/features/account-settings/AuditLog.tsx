import { Anchor, Button, Center, Group, Select, Stack, Table, Text } from '@mantine/core';
import type { AuditEvent } from '@switchboard/client-sdk';
import { AUDIT_ACTIONS } from '@switchboard/client-sdk/contract';
import { useMemo, useState } from 'react';
import { EmptyState, ErrorState, Loading } from '../../components/PageState.js';
import { formatDateTime } from '../../lib/format.js';
import { useApiCursorQuery, useApiQuery } from '../../lib/query.js';
import { ACTION_LABELS, actionLabel, changeLines, targetText, type Names } from './audit-format.js';

const PAGE = 25;
const actionOptions = AUDIT_ACTIONS.map((a) => ({ value: a, label: ACTION_LABELS[a] }));

interface Picked {
  id: string;
  label: string;
}
type Option = { value: string; label: string };

/** A filter set from a row of the log may name someone no longer listed (a removed user): keep it selectable. */
const withPicked = (options: Option[], picked: Picked | null): Option[] =>
  picked && !options.some((o) => o.value === picked.id)
    ? [{ value: picked.id, label: picked.label }, ...options]
    : options;

function AuditRow({
  e,
  names,
  onActor,
  onTarget,
}: {
  e: AuditEvent;
  names: Names;
  onActor: (p: Picked) => void;
  onTarget: (p: Picked) => void;
}) {
  const actor = e.actor.name ?? (e.actor.id ? (names.get(e.actor.id) ?? 'A user') : 'System');
  const target = targetText(e.target);
  const lines = changeLines(e, names);
  return (
    <Table.Tr data-testid="audit-row">
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <time dateTime={e.at}>{formatDateTime(e.at)}</time>
      </Table.Td>
      <Table.Td style={{ wordBreak: 'break-word' }}>
        {e.actor.id ? (
          <Anchor
            component="button"
            type="button"
            size="sm"
            aria-label={`Show only what ${actor} did`}
            onClick={() => onActor({ id: e.actor.id!, label: actor })}
          >
            {actor}
          </Anchor>
        ) : (
          actor
        )}
      </Table.Td>
      <Table.Td style={{ wordBreak: 'break-word' }}>
        <Text size="sm" fw={500}>
          {actionLabel(e.action)}
        </Text>
        {e.target.id ? (
          <Anchor
            component="button"
            type="button"
            size="xs"
            aria-label={`Show only events about ${target}`}
            onClick={() => onTarget({ id: e.target.id!, label: target })}
          >
            {target}
          </Anchor>
        ) : (
          <Text size="xs">{target}</Text>
        )}
      </Table.Td>
      <Table.Td style={{ wordBreak: 'break-word' }}>
        {lines.length === 0
          ? '—'
          : lines.map((l, i) => (
              <Text key={i} size="xs">
                {l}
              </Text>
            ))}
      </Table.Td>
    </Table.Tr>
  );
}

/** Who did what to whom and when, newest first; filtered on the server, paged by cursor ("Load more"). */
export function AuditLog() {
  const [action, setAction] = useState<string | null>(null);
  const [actor, setActor] = useState<Picked | null>(null);
  const [target, setTarget] = useState<Picked | null>(null);
  const users = useApiQuery('GET /users', { query: { pageSize: 200 } });
  const teams = useApiQuery('GET /teams');
  const log = useApiCursorQuery('GET /audit', {
    query: {
      limit: PAGE,
      ...(action ? { action } : {}),
      ...(actor ? { actorId: actor.id } : {}),
      ...(target ? { targetId: target.id } : {}),
    },
  });

  const { names, userOptions, teamOptions } = useMemo(() => {
    const userOptions = (users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name || u.email }));
    const teamOptions = (teams.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }));
    return {
      names: new Map([...userOptions, ...teamOptions].map((o) => [o.value, o.label])),
      userOptions,
      teamOptions,
    };
  }, [users.data, teams.data]);
  const pick = (options: Option[], id: string | null): Picked | null =>
    id ? { id, label: options.find((o) => o.value === id)?.label ?? id } : null;
  const actorOptions = withPicked(userOptions, actor);
  const targetOptions = withPicked([...userOptions, ...teamOptions], target);
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = action !== null || actor !== null || target !== null;

  return (
    <Stack>
      <Group align="flex-end" wrap="wrap" gap="sm">
        <Select
          label="Action"
          placeholder="All actions"
          data={actionOptions}
          value={action}
          onChange={setAction}
          searchable
          clearable
          w={220}
        />
        <Select
          label="Actor"
          placeholder="Anyone"
          data={actorOptions}
          value={actor?.id ?? null}
          onChange={(id) => setActor(pick(actorOptions, id))}
          searchable
          clearable
          w={200}
        />
        <Select
          label="Target"
          placeholder="Anything"
          description="Or click a target in the log"
          data={[
            ...(target && !names.has(target.id)
              ? [{ group: 'Picked from the log', items: withPicked([], target) }]
              : []),
            { group: 'Users', items: userOptions },
            { group: 'Teams', items: teamOptions },
          ]}
          value={target?.id ?? null}
          onChange={(id) => setTarget(pick(targetOptions, id))}
          searchable
          clearable
          w={220}
        />
        {filtered && (
          <Button
            variant="subtle"
            onClick={() => {
              setAction(null);
              setActor(null);
              setTarget(null);
            }}
          >
            Clear filters
          </Button>
        )}
      </Group>
      {log.isPending ? (
        <Loading />
      ) : log.error && items.length === 0 ? (
        <ErrorState error={log.error} onRetry={() => void log.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>{filtered ? 'No event matches these filters.' : 'Nothing recorded yet.'}</EmptyState>
      ) : (
        <>
          <Table striped verticalSpacing="xs" fz="sm" aria-label="Audit log">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Who</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th>Changes</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((e) => (
                <AuditRow key={e.id} e={e} names={names} onActor={setActor} onTarget={setTarget} />
              ))}
            </Table.Tbody>
          </Table>
          {log.error && (
            <ErrorState error={log.error} title="Could not load more" onRetry={() => void log.fetchNextPage()} />
          )}
          <Center>
            {log.hasNextPage ? (
              <Button variant="default" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
                Load more
              </Button>
            ) : (
              <Text size="sm" c="dimmed">
                {items.length} {items.length === 1 ? 'event' : 'events'}, the oldest reached.
              </Text>
            )}
          </Center>
        </>
      )}
    </Stack>
  );
}
