import { NumberInput, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { MAX_CAPACITY, type LoadBoard, type LoadBoardAgent } from '@switchboard/client-sdk';
import { useRef, useState } from 'react';
import { errorMessage } from '../../lib/errors.js';
import { apiKey, useApiMutation } from '../../lib/query.js';

/**
 * Capacity edited in place on the board: saved on Enter or when leaving the field, Escape puts the current value
 * back; empty = unlimited. Every admin watching sees the change through `agent.capacity`; this one patches its own
 * board at once as well, so the bar does not wait for the round trip through the socket.
 */
export function CapacityInput({ agent }: { agent: LoadBoardAgent }) {
  const qc = useQueryClient();
  const save = useApiMutation('PUT /users/:id/capacity');
  const [value, setValue] = useState<string | number>(agent.capacity ?? '');
  const [error, setError] = useState<string | null>(null);
  const [synced, setSynced] = useState(agent.capacity);
  const inFlight = useRef(false);
  // Another admin (or this one, through the socket) changed it: show the new value unless a save is under way.
  if (synced !== agent.capacity) {
    setSynced(agent.capacity);
    setValue(agent.capacity ?? '');
  }

  const commit = async () => {
    const next = value === '' ? null : Number(value);
    if (next === agent.capacity || inFlight.current) return;
    if (next !== null && (!Number.isInteger(next) || next < 0 || next > MAX_CAPACITY))
      return setError(`A whole number from 0 to ${MAX_CAPACITY}, or empty for unlimited`);
    setError(null);
    inFlight.current = true;
    try {
      const user = await save.mutateAsync({ params: { id: agent.id }, body: { capacity: next } });
      qc.setQueryData<LoadBoard>(
        apiKey('GET /load-board'),
        (b) =>
          b && {
            ...b,
            agents: b.agents.map((a) =>
              a.id === agent.id ? { ...a, capacity: user.capacity, ongoing: user.ongoing } : a,
            ),
          },
      );
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      inFlight.current = false;
    }
  };

  return (
    <NumberInput
      size="xs"
      w={96}
      min={0}
      max={MAX_CAPACITY}
      allowDecimal={false}
      allowNegative={false}
      placeholder="Unlimited"
      aria-label={`Capacity of ${agent.name}`}
      value={value}
      onChange={setValue}
      onBlur={() => void commit()}
      error={error}
      onKeyDown={(e) => {
        if (e.key === 'Enter') void commit();
        if (e.key === 'Escape') {
          setValue(agent.capacity ?? '');
          setError(null);
        }
      }}
    />
  );
}

/** What an Inbox Manager sees instead: the number, read-only. */
export function CapacityText({ capacity }: { capacity: number | null }) {
  return <Text size="sm">{capacity === null ? 'Unlimited' : capacity}</Text>;
}
