/** The batch path's per-team ordering: a heap of copied keys, so a decision costs O(log agents). */
import { hasFreeSlot } from './eligibility.js';
import type { AgentSnapshot } from './types.js';

export interface Live extends AgentSnapshot {
  /** Input position: the last tie-break, so the order is total and replays are deterministic. */
  index: number;
  /** Bumped on every assignment; heap entries of an older version are stale. */
  version: number;
  /** Random tie-break, redrawn on every assignment: among equal keys the lowest rank wins, which is a uniform pick. */
  rank: number;
  /** Active, connected and not paused: fixed for the batch (only ongoing and lastAssignedAt move). */
  available: boolean;
  /** The conversation (batch position) the visibility rule last hid this agent from; -1 = none. */
  hiddenAt: number;
}

/**
 * The key is copied at push time: comparing through the live agent would let a superseded entry's key
 * change under the heap and break its order (the replay caught exactly that under load).
 */
export interface Entry {
  a: Live;
  version: number;
  ongoing: number;
  capacity: number | null;
  lastAssignedAt: number | null;
  rank: number;
  index: number;
}

export const entryOf = (a: Live): Entry => ({
  a,
  version: a.version,
  ongoing: a.ongoing,
  capacity: a.capacity,
  lastAssignedAt: a.lastAssignedAt,
  rank: a.rank,
  index: a.index,
});
export type Keyed = Pick<Entry, 'ongoing' | 'capacity' | 'lastAssignedAt' | 'rank' | 'index'>;

/** A binary min-heap; entries are never updated in place, superseded ones are skipped when they surface. */
export class Heap {
  private readonly items: Entry[] = [];
  constructor(private readonly less: (x: Keyed, y: Keyed) => boolean) {}
  push(e: Entry): void {
    const h = this.items;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }
  /** The best entry that is still current and has a free slot; stale ones are dropped on the way. */
  peek(): Live | undefined {
    for (;;) {
      const top = this.items[0];
      if (!top) return undefined;
      if (top.version === top.a.version && hasFreeSlot(top.a)) return top.a;
      this.pop();
    }
  }
  /**
   * Adds many entries at once: appended unordered, then heapified bottom-up, O(n) instead of n pushes'
   * O(n log n). A pool is built per team and batch, so at 10,000 agents this is on every batch's path.
   */
  pushAll(entries: Entry[]): void {
    const h = this.items;
    for (const e of entries) h.push(e);
    for (let i = (h.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }
  pop(): Entry | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      this.siftDown(0);
    }
    return top;
  }
  private siftDown(i: number): void {
    const h = this.items;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l], h[m])) m = l;
      if (r < h.length && this.less(h[r], h[m])) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }
}
