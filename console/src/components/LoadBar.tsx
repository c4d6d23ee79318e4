import { Box, Group, Text } from '@mantine/core';

export type LoadLevel = 'unlimited' | 'closed' | 'free' | 'busy' | 'full' | 'over';

export interface Load {
  /** Width of the filled part, 0–100. */
  percent: number;
  level: LoadLevel;
  /** What a person reads: "3 / 5", "6 / 5", "2 / ∞". */
  label: string;
  /** What a screen reader says: "3 of 5", "6 of 5, over capacity". */
  spoken: string;
}

/** A bar this full or more reads as busy: the agent has little room left. */
const BUSY_AT = 0.75;

/**
 * Ongoing ÷ capacity as the load board shows it. Capacity null is unlimited (no bar to fill); 0 receives nothing
 * automatically; ongoing above capacity happens after capacity was lowered, since lowering revokes nothing.
 */
export function loadOf(ongoing: number, capacity: number | null): Load {
  if (capacity === null)
    return { percent: 0, level: 'unlimited', label: `${ongoing} / ∞`, spoken: `${ongoing} ongoing, no limit` };
  const label = `${ongoing} / ${capacity}`;
  if (capacity === 0)
    return ongoing > 0
      ? { percent: 100, level: 'over', label, spoken: `${ongoing} ongoing, capacity 0` }
      : { percent: 0, level: 'closed', label, spoken: 'capacity 0: receives nothing automatically' };
  const ratio = ongoing / capacity;
  const percent = Math.min(100, Math.round(ratio * 100));
  if (ongoing > capacity) return { percent, level: 'over', label, spoken: `${ongoing} of ${capacity}, over capacity` };
  if (ongoing === capacity) return { percent, level: 'full', label, spoken: `${ongoing} of ${capacity}, full` };
  return { percent, level: ratio >= BUSY_AT ? 'busy' : 'free', label, spoken: `${ongoing} of ${capacity}` };
}

const COLORS: Record<LoadLevel, string> = {
  unlimited: 'var(--mantine-color-gray-5)',
  closed: 'var(--mantine-color-gray-5)',
  free: 'var(--mantine-color-teal-7)',
  busy: 'var(--mantine-color-yellow-7)',
  full: 'var(--mantine-color-orange-8)',
  over: 'var(--mantine-color-red-8)',
};

/** An agent's load as a bar with its numbers; `name` labels it for screen readers ("Load of Ana"). */
export function LoadBar({ ongoing, capacity, name }: { ongoing: number; capacity: number | null; name: string }) {
  const load = loadOf(ongoing, capacity);
  return (
    <Group gap="xs" wrap="nowrap" miw={0}>
      <Box
        role="meter"
        aria-label={`Load of ${name}`}
        aria-valuemin={0}
        aria-valuemax={capacity ?? Math.max(ongoing, 1)}
        aria-valuenow={ongoing}
        aria-valuetext={load.spoken}
        data-level={load.level}
        style={{
          flex: 1,
          minWidth: 40,
          height: 8,
          borderRadius: 4,
          background: 'var(--mantine-color-default-border)',
          overflow: 'hidden',
        }}
      >
        <Box
          data-testid="load-fill"
          style={{
            width: `${load.percent}%`,
            height: '100%',
            background: COLORS[load.level],
            transition: 'width 150ms ease-out',
          }}
        />
      </Box>
      <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }} aria-hidden>
        {load.label}
      </Text>
    </Group>
  );
}
