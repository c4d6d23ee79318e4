/**
 * Runs `flush(key)` at most once per `intervalMs` per key, however often the key is marked. The first mark
 * after a quiet period flushes on the next turn of the event loop (so a burst in one tick is one flush);
 * marks during a flush or its cool-down are folded into one trailing flush, so the last change is always
 * followed by a flush that sees it.
 */
export class Coalescer<K> {
  private readonly states = new Map<K, { dirty: boolean; timer?: NodeJS.Timeout; running?: Promise<void> }>();
  private closed = false;

  constructor(
    private readonly intervalMs: number,
    private readonly flush: (key: K) => Promise<void>,
    private readonly onError: (err: unknown, key: K) => void,
  ) {}

  mark(key: K): void {
    if (this.closed) return;
    const s = this.states.get(key);
    if (s) {
      s.dirty = true;
      return;
    }
    this.states.set(key, { dirty: true });
    this.arm(key, 0);
  }

  /** Stops scheduling; waits for flushes already running. */
  async close(): Promise<void> {
    this.closed = true;
    const running: Promise<void>[] = [];
    for (const s of this.states.values()) {
      clearTimeout(s.timer);
      if (s.running) running.push(s.running);
    }
    this.states.clear();
    await Promise.all(running);
  }

  private arm(key: K, delayMs: number): void {
    const s = this.states.get(key);
    if (!s || this.closed) return;
    s.timer = setTimeout(() => {
      s.timer = undefined;
      // A whole quiet interval: forget the key so idle accounts cost nothing.
      if (!s.dirty) return void this.states.delete(key);
      s.dirty = false;
      s.running = this.flush(key)
        .catch((err) => this.onError(err, key))
        .finally(() => {
          s.running = undefined;
          this.arm(key, this.intervalMs);
        });
    }, delayMs);
    // A pending flush must not keep a process alive that is otherwise done.
    s.timer.unref();
  }
}
