import { canSeeOnceAssigned, hasFreeSlot, isActiveAndAvailable, type VisibilityRule } from './eligibility.js';
import { entryOf, Heap, type Entry, type Keyed, type Live } from './heap.js';
import type { ConversationToRoute, ExclusionReason, RoutingStrategy } from './types.js';

/** Null (never assigned) first; then ascending. */
const idleCmp = (x: number | null, y: number | null) => (x === y ? 0 : x === null ? -1 : y === null ? 1 : x - y);
const tieBreak = (x: Keyed, y: Keyed) => (x.rank !== y.rank ? x.rank < y.rank : x.index < y.index);

/** The agents who could take a conversation of one team (or of no team: everyone). */
export class Pool {
  /** Finite capacities (balanced) or everyone (round robin). */
  readonly finite: Heap;
  /** Balanced only: unlimited agents, all compared with the same effective capacity, so ordered by ongoing. */
  readonly unlimited: Heap;
  /** Balanced: how many free members have each finite capacity, for the unlimited agents' effective capacity. */
  private readonly caps = new Map<number, number>();
  private maxCap = 0;
  free = 0;
  readonly excluded: Partial<Record<ExclusionReason, number>> = {};
  private available = 0;
  /** Available members whose visibility depends on the conversation (none under the default rule). */
  private readonly restricted: Live[] = [];
  /** Of the restricted, how many the current conversation hides: free ones, and ones already at capacity. */
  private hiddenFree = 0;
  private hiddenFull = 0;
  private seq = -1;
  /** Hidden entries popped while taking, pushed back afterwards; reused so taking allocates nothing new. */
  private readonly aside: Live[] = [];

  constructor(
    readonly strategy: RoutingStrategy,
    members: Live[],
    notInTeam: number,
    otherAccount: number,
    private readonly visibility: VisibilityRule,
  ) {
    if (strategy === 'balanced') {
      this.finite = new Heap((x, y) => {
        const d = x.ongoing * y.capacity! - y.ongoing * x.capacity!;
        if (d !== 0) return d < 0;
        const i = idleCmp(x.lastAssignedAt, y.lastAssignedAt);
        return i !== 0 ? i < 0 : tieBreak(x, y);
      });
      this.unlimited = new Heap((x, y) => {
        if (x.ongoing !== y.ongoing) return x.ongoing < y.ongoing;
        const i = idleCmp(x.lastAssignedAt, y.lastAssignedAt);
        return i !== 0 ? i < 0 : tieBreak(x, y);
      });
    } else {
      this.finite = new Heap((x, y) => {
        const i = idleCmp(x.lastAssignedAt, y.lastAssignedAt);
        return i !== 0 ? i < 0 : tieBreak(x, y);
      });
      this.unlimited = this.finite;
    }
    if (otherAccount) this.excluded.other_account = otherAccount;
    if (notInTeam) this.excluded.not_in_team = notInTeam;
    const finite: Entry[] = [];
    const unlimited: Entry[] = [];
    for (const a of members) {
      // Same predicates and precedence as exclusionReason: status, then presence, visibility, then capacity.
      const reason = isActiveAndAvailable(a);
      if (reason) this.count(reason);
      else {
        this.available++;
        if (visibility.restricted(a)) this.restricted.push(a);
        if (hasFreeSlot(a)) {
          this.add(a);
          (this.strategy === 'balanced' && a.capacity === null ? unlimited : finite).push(entryOf(a));
        }
      }
    }
    this.finite.pushAll(finite);
    if (this.unlimited !== this.finite) this.unlimited.pushAll(unlimited);
  }

  private count(r: ExclusionReason): void {
    this.excluded[r] = (this.excluded[r] ?? 0) + 1;
  }

  /** Counts a free member; the constructor heapifies them all at once. */
  private add(a: Live): void {
    this.free++;
    if (this.strategy === 'balanced' && a.capacity !== null) {
      this.caps.set(a.capacity, (this.caps.get(a.capacity) ?? 0) + 1);
      if (a.capacity > this.maxCap) this.maxCap = a.capacity;
    }
  }

  push(a: Live): void {
    (this.strategy === 'balanced' && a.capacity === null ? this.unlimited : this.finite).push(entryOf(a));
  }

  /** A member just used its last slot. */
  filled(a: Live): void {
    this.free--;
    if (this.strategy !== 'balanced' || a.capacity === null) return;
    const n = this.caps.get(a.capacity)! - 1;
    if (n > 0) return void this.caps.set(a.capacity, n);
    this.caps.delete(a.capacity);
    // Distinct capacities are few; this runs only when the last member of one fills up.
    if (a.capacity === this.maxCap) this.maxCap = Math.max(0, ...this.caps.keys());
  }

  /** Effective capacity of unlimited members: the largest finite capacity among the free, as `decide` does. */
  get fallbackCap(): number {
    return Math.max(this.maxCap, 1);
  }

  /**
   * Applies the visibility rule for conversation `seq`: only restricted members are asked, so under the
   * default rule this is one length check. Hidden members are marked, and `take` skips them.
   * (The unlimited members' effective capacity still counts a hidden member's capacity: a restricted role
   * with unlimited peers may then tie-break differently from `decide`, never pick someone ineligible.)
   */
  hide(c: ConversationToRoute, seq: number): void {
    this.seq = seq;
    this.hiddenFree = 0;
    this.hiddenFull = 0;
    for (const a of this.restricted) {
      if (canSeeOnceAssigned(a, c, this.visibility) === null) continue;
      a.hiddenAt = seq;
      if (hasFreeSlot(a)) this.hiddenFree++;
      else this.hiddenFull++;
    }
  }

  /** Candidates who may take the current conversation. */
  get eligible(): number {
    return this.free - this.hiddenFree;
  }

  exclusions(): Partial<Record<ExclusionReason, number>> {
    const atCapacity = this.available - this.free - this.hiddenFull;
    const notVisible = this.hiddenFree + this.hiddenFull;
    const e: Partial<Record<ExclusionReason, number>> = { ...this.excluded };
    if (notVisible) e.not_visible = notVisible;
    if (atCapacity) e.at_capacity = atCapacity;
    return e;
  }

  /** The strategy's order over both heaps: negative when x is better. */
  compare(x: Keyed, y: Keyed): number {
    if (this.strategy === 'balanced') {
      const f = this.fallbackCap;
      const d = x.ongoing * (y.capacity ?? f) - y.ongoing * (x.capacity ?? f);
      if (d !== 0) return d;
    }
    return idleCmp(x.lastAssignedAt, y.lastAssignedAt);
  }

  /** Removes and returns up to n best current entries in order (the caller pushes back what it keeps). */
  take(n: number): Live[] {
    const out: Live[] = [];
    while (out.length < n) {
      const f = this.finite.peek();
      const u = this.unlimited === this.finite ? undefined : this.unlimited.peek();
      if (!f && !u) break;
      const useF = f && (!u || this.better(f, u));
      const a = (useF ? this.finite : this.unlimited).pop()!.a;
      if (a.hiddenAt === this.seq) this.aside.push(a);
      else out.push(a);
    }
    for (const a of this.aside) this.push(a);
    this.aside.length = 0;
    return out;
  }

  private better(x: Keyed, y: Keyed): boolean {
    const c = this.compare(x, y);
    return c !== 0 ? c < 0 : tieBreak(x, y);
  }
}
