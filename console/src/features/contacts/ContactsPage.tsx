import { Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import type { Contact } from '@switchboard/client-sdk';
import { useState } from 'react';
import { PageHeader } from '../../components/PageHeader.js';
import { EmptyState, ErrorState, Loading } from '../../components/PageState.js';
import { formatDate } from '../../lib/format.js';
import { useApiMutation, useApiQuery } from '../../lib/query.js';
import { useMe } from '../../lib/session.js';
import { contactLabel, OwnerDialog } from './OwnerDialog.js';
import { useOwners, type Owners } from './owners.js';

const PAGE = 25;

/**
 * A role that may not manage owners may still take an unowned contact of a conversation assigned to it
 * (server/src/modules/contacts/contacts.service.ts). Offered only to roles that see just their own contacts, where
 * that is nearly always the case; the server has the last word.
 */
function TakeButton({ contact }: { contact: Contact }) {
  const me = useMe();
  const take = useApiMutation('PUT /contacts/:id/owner', { invalidate: ['GET /contacts'] });
  return (
    <Button
      size="xs"
      variant="subtle"
      loading={take.isPending}
      aria-label={`Take ownership of ${contactLabel(contact)}`}
      onClick={() =>
        !take.isPending &&
        take.mutate(
          { params: { id: contact.id }, body: { ownerId: me.user.id } },
          {
            onSuccess: () => notifications.show({ color: 'teal', message: `${contactLabel(contact)} is now yours` }),
            onError: (e) => notifications.show({ color: 'red', message: e.message }),
          },
        )
      }
    >
      Take
    </Button>
  );
}

function ContactRow({ c, owners, onEdit }: { c: Contact; owners: Owners; onEdit: (() => void) | null }) {
  const me = useMe();
  const mayTake = !onEdit && me.permissions.visibility === 'own' && c.ownerId === null;
  return (
    <Table.Tr data-testid={`contact-row-${c.phoneNumber}`}>
      <Table.Td style={{ wordBreak: 'break-word' }}>
        <Text size="sm" fw={500}>
          {c.name || '—'}
        </Text>
        <Text size="xs" c="dimmed">
          {c.phoneNumber}
        </Text>
      </Table.Td>
      <Table.Td>{owners.label(c.ownerId)}</Table.Td>
      <Table.Td>{formatDate(c.createdAt)}</Table.Td>
      <Table.Td>
        {onEdit ? (
          <Button size="xs" variant="subtle" onClick={onEdit} aria-label={`Change owner of ${contactLabel(c)}`}>
            Change owner
          </Button>
        ) : mayTake ? (
          <TakeButton contact={c} />
        ) : null}
      </Table.Td>
    </Table.Tr>
  );
}

export function ContactsPage() {
  const me = useMe();
  const owners = useOwners(me);
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 300);
  // The offset belongs to the search it was paged in: a new search starts at the first page.
  const [page, setPage] = useState({ q: '', offset: 0 });
  const offset = page.q === debounced ? page.offset : 0;
  const [editing, setEditing] = useState<Contact | null>(null);
  // One row more than shown tells whether a next page exists (the list has no total).
  const contacts = useApiQuery(
    'GET /contacts',
    { query: { limit: PAGE + 1, offset, ...(debounced ? { q: debounced } : {}) } },
    { placeholderData: (prev) => prev },
  );
  const manage = me.permissions.manageContactOwners;
  const rows = contacts.data?.items.slice(0, PAGE) ?? [];
  const hasNext = (contacts.data?.items.length ?? 0) > PAGE;

  return (
    <>
      <PageHeader title="Contacts" />
      <Stack>
        <Group align="flex-end" justify="space-between" wrap="wrap">
          <TextInput
            label="Search contacts"
            placeholder="Name or phone number"
            value={q}
            maxLength={200}
            onChange={(e) => setQ(e.currentTarget.value)}
            w={260}
          />
          {!manage && (
            <Text size="sm" c="dimmed" maw={420}>
              Owners are set by Admins and Inbox Managers.
              {me.permissions.visibility === 'own' &&
                ' You may take an unowned contact of a conversation assigned to you.'}
            </Text>
          )}
        </Group>
        {contacts.isPending || owners.loading ? (
          <Loading />
        ) : contacts.error ? (
          <ErrorState error={contacts.error} onRetry={() => void contacts.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState>
            {debounced
              ? `No contact matches “${debounced}”.`
              : offset > 0
                ? 'No more contacts.'
                : 'No contacts yet: they appear with the first message from a customer.'}
          </EmptyState>
        ) : (
          <Table
            striped
            highlightOnHover
            verticalSpacing="xs"
            fz="sm"
            aria-label="Contacts"
            aria-busy={contacts.isFetching}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Contact</Table.Th>
                <Table.Th>Owner</Table.Th>
                <Table.Th>First seen</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((c) => (
                <ContactRow key={c.id} c={c} owners={owners} onEdit={manage ? () => setEditing(c) : null} />
              ))}
            </Table.Tbody>
          </Table>
        )}
        {(offset > 0 || hasNext) && (
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {rows.length ? `Contacts ${offset + 1}–${offset + rows.length}` : ''}
            </Text>
            <Group gap="xs">
              <Button
                variant="default"
                size="xs"
                disabled={offset === 0}
                onClick={() => setPage({ q: debounced, offset: Math.max(0, offset - PAGE) })}
              >
                Previous
              </Button>
              <Button
                variant="default"
                size="xs"
                disabled={!hasNext}
                onClick={() => setPage({ q: debounced, offset: offset + PAGE })}
              >
                Next
              </Button>
            </Group>
          </Group>
        )}
      </Stack>
      {editing && <OwnerDialog contact={editing} owners={owners} onClose={() => setEditing(null)} />}
    </>
  );
}
