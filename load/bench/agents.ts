import { SocketAgent, type Received } from '../harness/socket-agent.js';
import type { SeededUser } from './seed.js';

/** Agent sockets of one run, with what each received, for timing and for the double-assignment check. */
export class AgentSockets {
  readonly sockets: SocketAgent[] = [];
  readonly byUser = new Map<string, SocketAgent>();
  /** conversation id → agents whose socket received its assignment. */
  readonly receivedBy = new Map<string, Set<string>>();
  readonly receivedCount = new Map<string, number>();
  total = 0;
  lastReceivedAt = 0;
  private listeners = new Set<(userId: string, r: Received) => void>();

  onReceived(fn: (userId: string, r: Received) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  async connect(url: string, users: SeededUser[], parallel = 50): Promise<void> {
    for (let i = 0; i < users.length; i += parallel) {
      await Promise.all(
        users.slice(i, i + parallel).map(async (u) => {
          const s = new SocketAgent(url, u.id, u.token, (r) => {
            if (r.assigneeId && r.assigneeId !== u.id) return;
            const who = this.receivedBy.get(r.conversationId) ?? new Set<string>();
            if (who.has(u.id)) return;
            who.add(u.id);
            this.receivedBy.set(r.conversationId, who);
            this.receivedCount.set(u.id, (this.receivedCount.get(u.id) ?? 0) + 1);
            this.total++;
            this.lastReceivedAt = r.receivedAt;
            for (const l of this.listeners) l(u.id, r);
          });
          await s.connect();
          this.sockets.push(s);
          this.byUser.set(u.id, s);
        }),
      );
    }
  }

  close(): void {
    for (const s of this.sockets) s.close();
    this.sockets.length = 0;
    this.byUser.clear();
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `check` every `everyMs` until it returns true or `timeoutMs` passes; returns whether it did. */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  everyMs = 10,
): Promise<boolean> {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    if (await check()) return true;
    await sleep(everyMs);
  }
  return !!(await check());
}
