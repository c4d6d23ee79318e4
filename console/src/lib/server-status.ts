import { useSyncExternalStore } from 'react';
import { adminClient } from './api.js';

type Listener = () => void;
const listeners = new Set<Listener>();
let down = false;
let timer: ReturnType<typeof setTimeout> | null = null;
let onRecover: (() => void) | null = null;

const set = (v: boolean) => {
  if (down === v) return;
  down = v;
  for (const l of listeners) l();
};

async function probe(): Promise<void> {
  timer = null;
  try {
    await adminClient.request('GET /healthz');
    set(false);
    onRecover?.();
  } catch {
    timer = setTimeout(() => void probe(), 2000);
  }
}

/**
 * "The server went away" state behind the banner. A failed request (network error, 502–504) or a lost socket
 * reports it; while down, /healthz is probed every 2 s (only then) and on recovery every query is refetched.
 */
export const serverStatus = {
  reportDown(): void {
    set(true);
    if (!timer) timer = setTimeout(() => void probe(), 1000);
  },
  reportUp(): void {
    if (down) {
      set(false);
      onRecover?.();
    }
  },
  onRecover(fn: () => void): void {
    onRecover = fn;
  },
  subscribe: (l: Listener): (() => void) => {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  get down(): boolean {
    return down;
  },
};

export const useServerDown = (): boolean => useSyncExternalStore(serverStatus.subscribe, () => down);
