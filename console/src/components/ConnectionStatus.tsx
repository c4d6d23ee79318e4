import { Badge } from '@mantine/core';
import { useLiveStatus, type LiveStatus } from '../lib/live.js';

const LOOK: Record<LiveStatus, { color: string; label: string }> = {
  connected: { color: 'teal', label: 'Connected' },
  connecting: { color: 'yellow', label: 'Connecting…' },
  reconnecting: { color: 'orange', label: 'Reconnecting…' },
  offline: { color: 'red', label: 'Offline' },
};

/** The live connection's state, announced politely when it changes. */
export function ConnectionStatus() {
  const status = useLiveStatus();
  const { color, label } = LOOK[status];
  return (
    <Badge
      variant="dot"
      color={color}
      size="lg"
      role="status"
      aria-live="polite"
      data-testid="connection-status"
      data-status={status}
      styles={{ root: { textTransform: 'none' } }}
    >
      {label}
    </Badge>
  );
}
